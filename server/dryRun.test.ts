// Dry runs on a real D1 (Miniflare): the read-only guard, the routes' answers when enabled and
// disabled, and the reference app's hooks, with the whole database dumped before and after each run.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler, DryRunWriteRefused, ensureAdminTables, readOnlyD1, recordClientContext } from './index.ts';
import { isSelectOnly } from './dryRun.ts';
import { mutators, tables } from '../e2e/reference-app/app/schema.ts';
import { createDryRunHooks } from '../e2e/reference-app/server/adminWiring.ts';
import type { D1Database } from '../e2e/reference-app/server/d1.ts';
import { createPlasmaTables, snapshot, startD1, type TestD1 } from './testing/fixtures.ts';
import type { ReplayAnswer } from '../shared/admin/dryRun.ts';

const SECRET = 'test-only-dry-run-secret';
const ORIGIN = 'chrome-extension://abc';
let d1: TestD1;
let enabled: (r: Request) => Promise<Response>;
let disabled: (r: Request) => Promise<Response>;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await d1.db
    .prepare('CREATE TABLE _demo_memberships (user_id TEXT NOT NULL, team TEXT NOT NULL, PRIMARY KEY (user_id, team))')
    .run();
  for (const [u, t] of [
    ['alice', 'blue'],
    ['bob', 'red'],
    ['carol', 'blue'],
    ['carol', 'red'],
  ]) {
    await d1.db.prepare('INSERT INTO _demo_memberships VALUES (?, ?)').bind(u, t).run();
  }
  await d1.db.prepare(`INSERT INTO todos VALUES ('todo-bob-1', 'bob', 'groceries', 0, 1)`).run();
  await d1.db
    .prepare(`INSERT INTO board_items VALUES ('blue-1', 'blue', 'hi', 'alice', 1), ('red-1', 'red', 'yo', 'bob', 1)`)
    .run();
  await d1.db.prepare(`INSERT INTO _plasma_client_mutations VALUES ('g-alice', 'c1', 1, 100)`).run();
  await recordClientContext(d1.db, 'g-alice', { userId: 'alice', role: 'member', teams: ['blue'] });
  const db = d1.db as unknown as D1Database; // Miniflare's binding is the full D1 API
  const base = { db, schemaVersion: '3', tables, auth: { secret: SECRET }, allowedOrigins: [ORIGIN] };
  enabled = createAdminHandler({ ...base, dryRun: createDryRunHooks(tables, mutators) });
  disabled = createAdminHandler(base);
});

afterAll(() => d1.dispose());

function post(
  handler: (r: Request) => Promise<Response>,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return handler(
    new Request(`http://x/sync/admin/dry-run/${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** Runs a request and asserts the database dump did not change by one byte. */
async function unchanged(run: () => Promise<Response>): Promise<{ status: number; body: ReplayAnswer }> {
  const before = await snapshot(d1.db);
  const res = await run();
  const body = (await res.json()) as ReplayAnswer;
  expect(await snapshot(d1.db)).toBe(before);
  return { status: res.status, body };
}

const EDIT = { id: 2, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'edited by alice', at: 5 } };

describe('read-only guard', () => {
  it.each([
    ['SELECT * FROM t', true],
    ['  select 1;', true],
    ['INSERT INTO t VALUES (1)', false],
    ['WITH x AS (SELECT 1) DELETE FROM t', false],
    ['SELECT 1; DELETE FROM t', false],
    ['PRAGMA table_info(t)', false],
    ['DELETE FROM t', false],
  ])('isSelectOnly(%j) is %s', (sql, ok) => expect(isSelectOnly(sql)).toBe(ok));

  it('runs SELECTs, prepares writes without running them, refuses exec and mixed batches', async () => {
    const ro = readOnlyD1(d1.db as unknown as D1Database);
    expect(await ro.prepare('SELECT title FROM todos WHERE id = ?').bind('todo-bob-1').first()).toEqual({
      title: 'groceries',
    });
    const before = await snapshot(d1.db);
    const write = ro.prepare('UPDATE todos SET title = ? WHERE id = ?').bind('pwned', 'todo-bob-1');
    for (const run of [() => write.run(), () => write.all(), () => write.first()])
      await expect(run()).rejects.toBeInstanceOf(DryRunWriteRefused);
    await expect(ro.batch([ro.prepare('SELECT 1'), write])).rejects.toBeInstanceOf(DryRunWriteRefused);
    await expect(ro.batch([d1.db.prepare('DELETE FROM todos') as never])).rejects.toBeInstanceOf(DryRunWriteRefused);
    expect(() => ro.exec('DELETE FROM todos')).toThrow(DryRunWriteRefused);
    expect(await ro.batch([ro.prepare('SELECT 1 AS one')])).toMatchObject([{ results: [{ one: 1 }] }]);
    expect(await snapshot(d1.db)).toBe(before);
  });
});

describe('dry-run routes', () => {
  it('are off unless enabled: 404 "dry run not enabled", after the admin credential', async () => {
    expect(await unchanged(() => post(disabled, 'replay', { as: { userId: 'bob' }, mutations: [EDIT] }))).toEqual({
      status: 404,
      body: { error: 'dry run not enabled' },
    });
    expect((await unchanged(() => post(disabled, 'read', { as: { userId: 'bob' }, table: 'todos' }))).status).toBe(404);
    expect(
      (
        await unchanged(() =>
          post(enabled, 'replay', { as: { userId: 'bob' }, mutations: [EDIT] }, { authorization: 'Bearer wrong' }),
        )
      ).status,
    ).toBe(401);
  });

  it('are announced by /info only when enabled', async () => {
    const info = async (h: typeof enabled) =>
      (
        await h(new Request('http://x/sync/admin/info', { headers: { authorization: `Bearer ${SECRET}` } }))
      ).json() as Promise<unknown>;
    expect(await info(enabled)).toMatchObject({ dryRun: true });
    expect(await info(disabled)).not.toHaveProperty('dryRun');
  });

  it('take POST only, and preflights allow POST with content-type only when enabled', async () => {
    const get = await enabled(
      new Request('http://x/sync/admin/dry-run/replay', { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    const pre = (h: typeof enabled) =>
      h(new Request('http://x/sync/admin/dry-run/replay', { method: 'OPTIONS', headers: { origin: ORIGIN } }));
    expect((await pre(enabled)).headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect((await pre(enabled)).headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect((await pre(disabled)).headers.get('access-control-allow-methods')).toBe('GET');
    const res = await post(enabled, 'replay', { as: { userId: 'bob' }, mutations: [] }, { origin: ORIGIN });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it("replays as the row's owner: ok, with the row it would write", async () => {
    const { status, body } = await unchanged(() =>
      post(enabled, 'replay', { as: { userId: 'bob' }, mutations: [EDIT] }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: true,
      committed: false,
      ctx: { userId: 'bob', teams: ['red'] },
      ctxSource: 'app',
    });
    expect(body.results).toEqual([
      {
        id: 2,
        name: 'updateTodo',
        ok: true,
        writes: [
          {
            op: 'put',
            table: 'todos',
            id: 'todo-bob-1',
            value: { id: 'todo-bob-1', owner: 'bob', title: 'edited by alice', done: 0, updatedAt: 5 },
          },
        ],
      },
    ]);
  });

  it("replays as another user, or as a client group's recorded ctx: PlasmaAuthorizationError with its rule", async () => {
    for (const as of [{ userId: 'alice' }, { clientGroupID: 'g-alice' }]) {
      const { body } = await unchanged(() => post(enabled, 'replay', { as, mutations: [EDIT] }));
      expect(body.results).toEqual([
        {
          id: 2,
          name: 'updateTodo',
          ok: false,
          writes: [],
          error: { name: 'PlasmaAuthorizationError', message: 'todos.write', rule: 'todos.write' },
        },
      ]);
    }
    expect(
      (await unchanged(() => post(enabled, 'replay', { as: { clientGroupID: 'g-alice' }, mutations: [EDIT] }))).body
        .ctxSource,
    ).toBe('recorded');
  });

  it("chains mutations like a push (a later one sees an earlier one's row), and a failed one writes nothing", async () => {
    const mutations = [
      { id: 1, name: 'createTodo', args: { id: 'n1', owner: 'alice', title: 'new' } },
      { id: 2, name: 'updateTodo', args: { id: 'n1', done: true } },
      { id: 3, name: 'deleteTodo', args: { id: 'todo-bob-1' } },
      { id: 4, name: 'nope', args: {} },
      { id: 5, name: 'deleteTodo', args: { id: 'n1' } },
    ];
    const { body } = await unchanged(() => post(enabled, 'replay', { as: { userId: 'alice' }, mutations }));
    expect(
      body.results.map((r) => [r.id, r.ok, r.error?.message ?? r.writes.map((w) => `${w.op} ${w.id}`).join()]),
    ).toEqual([
      [1, true, 'put n1'],
      [2, true, 'put n1'],
      [3, false, 'todos.write'],
      [4, false, 'unknown mutator: nope'],
      [5, true, 'del n1'],
    ]);
    const write = body.results[1]!.writes[0]!;
    expect(write.op === 'put' && write.value).toMatchObject({ id: 'n1', done: 1 });
  });

  it('reads as a user: which rows auth.read lets through, named or the whole table', async () => {
    const named = await unchanged(() =>
      post(enabled, 'read', { as: { userId: 'alice' }, table: 'board_items', ids: ['red-1', 'blue-1', 'gone'] }),
    );
    expect(named.body).toMatchObject({
      table: 'board_items',
      readable: ['blue-1'],
      hidden: ['red-1'],
      missing: ['gone'],
      truncated: false,
    });
    const all = await unchanged(() => post(enabled, 'read', { as: { userId: 'carol' }, table: 'board_items' }));
    expect(all.body).toMatchObject({ readable: ['blue-1', 'red-1'], hidden: [], missing: [] });
  });

  const many = Array.from({ length: 201 }, (_, i) => ({ id: i, name: 'touch', args: {} }));
  it.each([
    ['replay', { mutations: [EDIT] }, 400],
    ['replay', { as: {}, mutations: [EDIT] }, 400],
    ['replay', { as: { userId: 'bob' } }, 400],
    ['replay', { as: { clientGroupID: 'unknown-group' }, mutations: [EDIT] }, 400],
    ['replay', { as: { userId: 'bob' }, mutations: many }, 413],
    ['read', { as: { userId: 'bob' }, table: '__proto__' }, 404],
    ['read', { as: { userId: 'bob' }, table: 'todos', ids: [1] }, 400],
    ['read', { as: { userId: "'; DROP TABLE todos; --" }, table: 'todos', ids: ["'; DELETE FROM todos; --"] }, 200],
  ])('%s, bad input case %# → %i, unchanged', async (route, body, status) => {
    expect((await unchanged(() => post(enabled, route, body))).status).toBe(status);
  });

  it('a hook that tries to write through the db it is given gets DryRunWriteRefused: 500, nothing written', async () => {
    const writing = createAdminHandler({
      db: d1.db,
      schemaVersion: '3',
      tables,
      auth: { secret: SECRET },
      dryRun: {
        ctxFor() {
          return Promise.resolve({ userId: 'mallory' });
        },
        async push(_ctx, _m, db) {
          await db.prepare(`UPDATE todos SET title = 'pwned'`).run();
          return [];
        },
        async read(_ctx, _t, _ids, db) {
          await db.batch!([db.prepare(`DELETE FROM _plasma_changes`)]);
          return { readable: [], hidden: [] };
        },
      },
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args[1]);
    try {
      expect((await unchanged(() => post(writing, 'replay', { as: { userId: 'm' }, mutations: [EDIT] }))).status).toBe(
        500,
      );
      expect((await unchanged(() => post(writing, 'read', { as: { userId: 'm' }, table: 'todos' }))).status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(errors.map((e) => (e as Error).name)).toEqual(['DryRunWriteRefused', 'DryRunWriteRefused']);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await unchanged(() =>
      enabled(
        new Request('http://x/sync/admin/dry-run/replay', {
          method: 'POST',
          headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'text/plain' },
          body: '{}',
        }),
      ),
    );
    expect(res.status).toBe(400);
  });
});
