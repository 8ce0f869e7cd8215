// /rows/<table>/<id>?as=: the row's server state and the verdict of the table's auth.read for the
// ctx last recorded for a client group (true, false, or null with a reason).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminHandler, ensureAdminTables, recordClientContext, type AdminConfig } from './index.ts';
import { tables } from '../e2e/reference-app/app/schema.ts';
import { createPlasmaTables, startD1, type TestD1 } from './testing/fixtures.ts';

const SECRET = 'test-only-rows-secret';
let d1: TestD1;

/** A /rows answer as the wire carries it (the handler's extras included). */
interface RowBody {
  row: Record<string, unknown> | null;
  readable: boolean | null;
  reason?: string;
  ctx?: unknown;
  ctxUpdatedAt?: number;
  lastRowVersion?: number | null;
  lastValue?: unknown;
  deleted?: boolean;
}

function handlerFor(
  db: AdminConfig['db'],
  extra: AdminConfig['tables'] = {},
): (path: string) => Promise<{ status: number; body: RowBody }> {
  const handler = createAdminHandler({
    db,
    schemaVersion: '3',
    tables: { ...tables, ...extra },
    auth: { secret: SECRET },
  });
  return async (path) => {
    const res = await handler(
      new Request(`http://x/sync/admin/${path}`, { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    return { status: res.status, body: (await res.json()) as RowBody };
  };
}
let get: ReturnType<typeof handlerFor>;
const row = (path: string) => get(`rows/${path}`);

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await d1.db.prepare('CREATE TABLE open_notes (id TEXT PRIMARY KEY, text TEXT)').run();
  for (const sql of [
    `INSERT INTO todos VALUES ('t1', 'alice', 'buy milk', 0, 1)`,
    `INSERT INTO todos VALUES ('t-gone', 'bob', 'old', 1, 2)`,
    `DELETE FROM todos WHERE id = 't-gone'`,
    `INSERT INTO todos VALUES ('a/b c''', 'alice', 'odd id', 0, 3)`,
    `INSERT INTO board_items VALUES ('b-blue', 'blue', 'hi', 'alice', 4)`,
    `INSERT INTO board_items VALUES ('b-red', 'red', 'secret', 'bob', 5)`,
    `INSERT INTO open_notes VALUES ('n1', 'no predicate')`,
  ])
    await d1.db.prepare(sql).run();
  await recordClientContext(d1.db, 'g-alice', { userId: 'alice', role: 'member', teams: ['blue'] });
  get = handlerFor(d1.db, {
    open_notes: {},
    async_deny: { auth: { read: () => Promise.resolve(false) } },
    throwing: {
      auth: {
        read: () => {
          throw new Error('ctx.teams is undefined');
        },
      },
    },
    not_in_db: {},
  });
});

afterAll(() => d1.dispose());

describe('GET /rows readable verdicts', () => {
  it.each([
    ['board_items/b-blue?as=g-alice', true, 'the ctx holds the row team'],
    ['board_items/b-red?as=g-alice', false, 'the ctx lacks the row team'],
    ['todos/t1?as=g-alice', true, 'todos are readable by all'],
    ['open_notes/n1?as=g-alice', true, 'no auth.read means allow'],
  ])('%s → readable %s (%s)', async (path, readable) => {
    const { status, body } = await row(path);
    expect(status).toBe(200);
    expect(body.readable).toBe(readable);
    expect(body.row).not.toBeNull();
    expect(body.ctx).toEqual({ userId: 'alice', role: 'member', teams: ['blue'] });
    expect(typeof body.ctxUpdatedAt).toBe('number');
  });

  it('returns the row as stored on the server', async () => {
    const { body } = await row('board_items/b-red?as=g-alice');
    expect(body.row).toEqual({ id: 'b-red', team: 'red', text: 'secret', author: 'bob', createdAt: 5 });
    expect(body.lastRowVersion).toBeGreaterThan(0);
  });

  it.each([
    ['todos/t1?as=g-nobody', /no ctx recorded/],
    ['todos/t1', /no client group given/],
    ['todos/t1?as=', /no client group given/],
  ])('%s → readable null with a reason', async (path, reason) => {
    const { status, body } = await row(path);
    expect(status).toBe(200);
    expect(body.row).toMatchObject({ id: 't1' });
    expect(body.readable).toBeNull();
    expect(body.reason).toMatch(reason);
  });

  it('reports a deleted row as row null, deleted true, with its last put value', async () => {
    const { body } = await row('todos/t-gone?as=g-alice');
    expect(body).toMatchObject({ row: null, deleted: true, readable: null, reason: 'row was deleted' });
    expect(body.lastValue).toEqual({ id: 't-gone', owner: 'bob', title: 'old', done: 1, updatedAt: 2 });
  });

  it('reports an absent row as row null without deleted', async () => {
    const { body } = await row('todos/never?as=g-alice');
    expect(body).toMatchObject({ row: null, readable: null, reason: 'row not found', lastRowVersion: null });
    expect(body).not.toHaveProperty('deleted');
  });

  it('decodes a percent-encoded id with slash, space and quote', async () => {
    const { body } = await row(`todos/${encodeURIComponent("a/b c'")}?as=g-alice`);
    expect(body.row).toMatchObject({ title: 'odd id' });
  });

  it('awaits an async predicate and explains a throwing one', async () => {
    await d1.db.prepare('CREATE TABLE IF NOT EXISTS async_deny (id TEXT PRIMARY KEY)').run();
    await d1.db.prepare('CREATE TABLE IF NOT EXISTS throwing (id TEXT PRIMARY KEY)').run();
    await d1.db.prepare(`INSERT OR IGNORE INTO async_deny VALUES ('x')`).run();
    await d1.db.prepare(`INSERT OR IGNORE INTO throwing VALUES ('x')`).run();
    expect((await row('async_deny/x?as=g-alice')).body.readable).toBe(false);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const thrown = (await row('throwing/x?as=g-alice')).body;
    expect(thrown.readable).toBeNull();
    // The predicate's message may quote row or ctx data: it goes to the server log only.
    expect(thrown.reason).toBe('auth.read threw');
    expect(JSON.stringify(thrown)).not.toContain('ctx.teams is undefined');
    expect(error.mock.calls.flat().map(String).join(' ')).toContain('ctx.teams is undefined');
    error.mockRestore();
  });
});

describe('GET /rows table and path validation', () => {
  it.each([
    ['nope/1', 404],
    ['__proto__/1', 404],
    ['constructor/1', 404],
    ['hasOwnProperty/1', 404],
    ['not_in_db/1', 404],
    ['todos', 404],
    ['todos/a/b', 404],
    ['todos/%E0%A4%A', 400],
    [`todos/${'x'.repeat(600)}`, 400],
    [`todos%22%3B%20DROP%20TABLE%20todos%3B--/1`, 404],
  ])('%s → %i', async (path, status) => {
    expect((await row(path)).status).toBe(status);
  });
});

describe('without ensureAdminTables', () => {
  it('still answers: /rows has no ctx, /errors says the tap is not installed', async () => {
    const bare = await startD1();
    try {
      await createPlasmaTables(bare.db);
      await bare.db.prepare(`INSERT INTO todos VALUES ('t1', 'alice', 'x', 0, 1)`).run();
      const g = handlerFor(bare.db);
      const rows = await g('rows/todos/t1?as=g-alice');
      expect(rows.status).toBe(200);
      expect(rows.body).toMatchObject({ readable: null, reason: 'no ctx recorded for client group g-alice' });
      const errors = await g('errors');
      expect(errors).toEqual({ status: 200, body: { errors: [], hasMore: false, tapInstalled: false } });
    } finally {
      await bare.dispose();
    }
  });
});
