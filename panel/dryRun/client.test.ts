// The dry-run client against the real admin handler (reference app hooks) on a real D1, through an
// injected fetch: the POST it sends, the answers it reads, and the disabled server's clear message.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler, ensureAdminTables } from '../../server/index.ts';
import { createPlasmaTables, startD1, type TestD1 } from '../../server/testing/fixtures.ts';
import { mutators, tables } from '../../e2e/reference-app/app/schema.ts';
import { createDryRunHooks } from '../../e2e/reference-app/server/adminWiring.ts';
import type { D1Database } from '../../e2e/reference-app/server/d1.ts';
import { createSecret } from '../../shared/admin/index.ts';
import { replayBody } from '../../shared/admin/dryRun.ts';
import { createDryRunClient, NOT_ENABLED_MESSAGE } from './client.ts';

const TOKEN = 'test-only-dry-run-client-secret';
const BASE = 'http://app.test/sync/admin';
let d1: TestD1;
const sent: Request[] = [];

function fetchInto(handler: (r: Request) => Promise<Response>): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    sent.push(req.clone());
    return handler(req);
  };
}

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await d1.db.prepare('CREATE TABLE _demo_memberships (user_id TEXT NOT NULL, team TEXT NOT NULL)').run();
  await d1.db.prepare(`INSERT INTO todos VALUES ('todo-bob-1', 'bob', 'groceries', 0, 1)`).run();
});
afterAll(() => d1.dispose());

const target = () => ({ baseUrl: BASE, credential: createSecret(TOKEN, BASE) });
const edit = [{ id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'x' }, timestamp: 1 }];

describe('dry-run client', () => {
  it('POSTs the replay as JSON with the admin credential and reads per-mutation results', async () => {
    const db = d1.db as unknown as D1Database;
    const handler = createAdminHandler({
      db,
      schemaVersion: '3',
      tables,
      auth: { secret: TOKEN },
      dryRun: createDryRunHooks(tables, mutators),
    });
    const client = createDryRunClient({ fetch: fetchInto(handler) });
    const asBob = await client.replay(target(), replayBody({ userId: 'bob' }, edit));
    const req = sent.at(-1)!;
    expect([req.method, req.url, req.headers.get('authorization'), req.headers.get('content-type')]).toEqual([
      'POST',
      `${BASE}/dry-run/replay`,
      `Bearer ${TOKEN}`,
      'application/json',
    ]);
    expect(await req.json()).toEqual({
      as: { userId: 'bob' },
      mutations: [{ id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'x' } }],
    });
    expect(asBob.ok && asBob.value.results.map((r) => [r.ok, r.writes.length])).toEqual([[true, 1]]);

    const asAlice = await client.replay(target(), replayBody({ userId: 'alice' }, edit));
    expect(asAlice.ok && asAlice.value.results[0]!.error).toEqual({
      name: 'PlasmaAuthorizationError',
      message: 'todos.write',
      rule: 'todos.write',
    });

    const read = await client.readAs(target(), {
      as: { userId: 'alice' },
      table: 'todos',
      ids: ['todo-bob-1', 'nope'],
    });
    expect(read.ok && read.value).toEqual({
      table: 'todos',
      readable: ['todo-bob-1'],
      hidden: [],
      missing: ['nope'],
      truncated: false,
    });
  });

  it('says dry runs are not enabled when the server has no hooks, and passes other refusals through', async () => {
    const handler = createAdminHandler({ db: d1.db, schemaVersion: '3', tables, auth: { secret: TOKEN } });
    const client = createDryRunClient({ fetch: fetchInto(handler) });
    const off = await client.replay(target(), replayBody({ userId: 'bob' }, edit));
    expect(!off.ok && off.reach.message).toBe(NOT_ENABLED_MESSAGE);
    const wrong = await client.replay(
      { baseUrl: BASE, credential: createSecret('wrong', BASE) },
      replayBody({ userId: 'bob' }, edit),
    );
    expect(!wrong.ok && wrong.reach.state).toBe('unauthorized');
  });
});
