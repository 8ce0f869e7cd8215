// The admin API's own costs: the change-log index /rows needs (created by ensureAdminTables), /rows'
// independent reads in one D1 batch, and a remote JWKS fetched once for a handler built once per
// isolate (the documented mounting pattern), not once per request.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createAdminHandler,
  ensureAdminTables,
  recordClientContext,
  type AdminConfig,
  type D1Like,
  type D1StmtLike,
} from './index.ts';
import { AUDIENCE, ISSUER, createPlasmaTables, es256Keys, startD1, type TestD1 } from './testing/fixtures.ts';

let d1: TestD1;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await d1.db.prepare(`INSERT INTO todos VALUES ('t1', 'alice', 'x', 0, 1)`).run();
  await d1.db.prepare(`INSERT INTO todos VALUES ('t2', 'bob', 'y', 0, 2)`).run();
  await d1.db.prepare(`DELETE FROM todos WHERE id = 't2'`).run();
  await recordClientContext(d1.db, 'g1', { userId: 'alice' });
});
afterAll(() => d1.dispose());

describe('the change-log index', () => {
  it("is created by ensureAdminTables and used by /rows' lookups", async () => {
    const plan = await d1.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT row_version, op, value FROM _plasma_changes
      WHERE table_name = ? AND row_id = ? ORDER BY row_version DESC LIMIT 1`,
      )
      .bind('todos', 't1')
      .all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX _plasma_changes_row/);
  });

  it('waits without failing when plasma has not created _plasma_changes yet', async () => {
    const bare = await startD1();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await expect(ensureAdminTables(bare.db)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledOnce();
      const t = await bare.db
        .prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE name LIKE '_plasma_devtools_%'`)
        .first<{ n: number }>();
      expect(t?.n).toBe(2);
    } finally {
      warn.mockRestore();
      await bare.dispose();
    }
  });
});

/** Counts round trips: each batch is one, each statement run outside a batch is one. */
function countingDb(db: D1Like): { db: D1Like; trips: () => number; batches: () => number } {
  let trips = 0;
  let batches = 0;
  const wrap = (stmt: D1StmtLike): D1StmtLike =>
    ({
      bind: (...v) => wrap(stmt.bind(...v)),
      first: () => {
        trips++;
        return stmt.first();
      },
      all: () => {
        trips++;
        return stmt.all();
      },
      run: () => {
        trips++;
        return stmt.run();
      },
      // Keep the real statement reachable for batch.
      ...{ inner: stmt },
    }) as D1StmtLike;
  return {
    trips: () => trips,
    batches: () => batches,
    db: {
      prepare: (sql) => wrap(db.prepare(sql)),
      batch: (stmts) => {
        trips++;
        batches++;
        return db.batch!(stmts.map((s) => (s as unknown as { inner: D1StmtLike }).inner));
      },
    },
  };
}

describe('/rows reads in one round trip', () => {
  const SECRET = 'test-only-costs-secret';
  const tables: AdminConfig['tables'] = {
    todos: { auth: { read: (ctx: { userId: string }, row: { owner: string }) => row.owner === ctx.userId } },
  };
  it.each([
    ['a live row with a group', 'todos/t1?as=g1', { readable: true }],
    [
      'a deleted row',
      'todos/t2?as=g1',
      { deleted: true, lastValue: { id: 't2', owner: 'bob', title: 'y', done: 0, updatedAt: 2 } },
    ],
    ['no group', 'todos/t1', { readable: null }],
  ])('%s: one batch, no other query', async (_what, path, want) => {
    const counted = countingDb(d1.db);
    const handler = createAdminHandler({ db: counted.db, schemaVersion: '1', tables, auth: { secret: SECRET } });
    const res = await handler(
      new Request(`http://x/sync/admin/rows/${path}`, { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(await res.json()).toMatchObject(want);
    expect(counted.batches()).toBe(1);
    expect(counted.trips()).toBe(1);
  });
});

describe('a remote JWKS is cached by a handler built once per isolate', () => {
  let server: Server;
  let hits = 0;
  let jwksUrl: string;
  let token: string;

  beforeAll(async () => {
    const keys = await es256Keys('k-cache');
    token = await keys.sign({ role: 'admin' });
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys.jwks));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  const config = (): AdminConfig => ({
    db: d1.db,
    schemaVersion: '1',
    tables: {},
    auth: { jwt: { jwksUrl, issuer: ISSUER, audience: AUDIENCE, requiredClaim: { name: 'role', value: 'admin' } } },
  });
  const get = (h: (r: Request) => Promise<Response>) =>
    h(new Request('http://x/sync/admin/info', { headers: { authorization: `Bearer ${token}` } })).then((r) => r.status);

  it('fetches the key set once for five requests through one handler', async () => {
    hits = 0;
    let handler: ((r: Request) => Promise<Response>) | undefined;
    const worker = (req: Request) => (handler ??= createAdminHandler(config()))(req);
    for (let i = 0; i < 5; i++) expect(await get(worker)).toBe(200);
    expect(hits).toBe(1);
  });

  it('fetches it on every request when the handler is built per request (the pattern to avoid)', async () => {
    hits = 0;
    for (let i = 0; i < 3; i++) expect(await get(createAdminHandler(config()))).toBe(200);
    expect(hits).toBe(3);
  });
});
