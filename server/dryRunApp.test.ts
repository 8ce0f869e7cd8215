// Acceptance on real workerd + D1: the reference app (its Worker bundle in Miniflare) is driven
// through the silent-revert scenario over HTTP, then its captured push is dry-run as the row's owner
// (ok) and as the user who sent it (todos.write). Every table is dumped before and after.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../e2e/reference-app/launch.ts';
import { pull, push, pushBody, signIn, watermark } from '../e2e/reference-app/server/testKit.ts';
import { snapshot } from './testing/fixtures.ts';
import type { ReplayAnswer } from '../shared/admin/dryRun.ts';

let app: ReferenceApp;
const GROUP = 'dry-sr-alice';
const EDIT = { id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'edited by alice', at: 7 } };

beforeAll(async () => {
  app = await startReferenceApp();
  // The silent-revert scenario: alice edits bob's todo; the server rolls it back and consumes it.
  const alice = await signIn(app, 'alice');
  await pull(app, alice, { clientGroupID: GROUP, clientID: 'c1' });
  expect((await push(app, alice, pushBody(GROUP, 'c1', [EDIT]))).status).toBe(200);
  expect(await watermark(app, GROUP, 'c1')).toBe(1);
});
afterAll(async () => {
  await app.dispose();
});

async function dryRun(route: 'replay' | 'read', body: unknown): Promise<ReplayAnswer> {
  const res = await fetch(`${app.url}/sync/admin/dry-run/${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ReplayAnswer; // the read route's answer is only matched as a whole
}

/** The tables the issue names, dumped one by one, plus the whole database as one string. */
async function dump(): Promise<{ tables: Record<string, unknown[]>; all: string }> {
  const tables: Record<string, unknown[]> = {};
  for (const t of ['_plasma_changes', '_plasma_client_mutations', 'todos', 'board_items']) {
    tables[t] = (await app.db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()).results;
  }
  return { tables, all: await snapshot(app.db) };
}

describe('dry run of the silent-revert push in the reference app', () => {
  it('succeeds as its owner, fails with todos.write as the other user, and changes no byte of the database', async () => {
    const before = await dump();
    expect(before.tables.todos).toContainEqual(
      expect.objectContaining({ id: 'todo-bob-1', owner: 'bob', title: "Bob's groceries" }),
    );

    const asOwner = await dryRun('replay', { as: { userId: 'bob' }, mutations: [EDIT] });
    expect(asOwner.results).toEqual([
      {
        id: 1,
        name: 'updateTodo',
        ok: true,
        writes: [
          {
            op: 'put',
            table: 'todos',
            id: 'todo-bob-1',
            value: expect.objectContaining({ owner: 'bob', title: 'edited by alice' }) as unknown,
          },
        ],
      },
    ]);
    expect(await dump()).toEqual(before);

    for (const as of [{ userId: 'alice' }, { clientGroupID: GROUP }]) {
      const asOther = await dryRun('replay', { as, mutations: [EDIT] });
      expect(asOther.results).toEqual([
        {
          id: 1,
          name: 'updateTodo',
          ok: false,
          writes: [],
          error: { name: 'PlasmaAuthorizationError', message: 'todos.write', rule: 'todos.write' },
        },
      ]);
      expect(await dump()).toEqual(before);
    }
  });

  it('a refused dry run (wrong credential) is a 401 that no tap records', async () => {
    const before = await dump();
    for (const route of ['replay', 'read']) {
      const res = await fetch(`${app.url}/sync/admin/dry-run/${route}`, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(401);
    }
    expect(await dump()).toEqual(before);
  });

  it("reads as another user: the rows of a pull's patch auth.read lets through, unchanged afterwards", async () => {
    const before = await dump();
    const ids = ['blue-1', 'red-1', 'red-2'];
    expect(await dryRun('read', { as: { userId: 'alice' }, table: 'board_items', ids })).toMatchObject({
      readable: ['blue-1'],
      hidden: ['red-1', 'red-2'],
    });
    expect(await dryRun('read', { as: { userId: 'bob' }, table: 'board_items', ids })).toMatchObject({
      readable: ['red-1', 'red-2'],
      hidden: ['blue-1'],
    });
    expect(await dump()).toEqual(before);
  });
});
