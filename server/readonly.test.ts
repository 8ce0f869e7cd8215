// The admin API cannot write: every non-GET method on every route is refused, SQL-looking input on
// every route changes nothing, and every statement the handler prepares is a SELECT.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler, createAuthTap, createErrorTap, ensureAdminTables, recordClientContext } from './index.ts';
import { tables } from '../e2e/reference-app/app/schema.ts';
import { createPlasmaTables, recordingDb, snapshot, startD1, type TestD1 } from './testing/fixtures.ts';
import { isRecord } from '../shared/guards.ts';

const SECRET = 'test-only-readonly-secret';
const AUTH = { authorization: `Bearer ${SECRET}` };
const ROUTES = ['info', 'changes', 'clients', 'errors', 'auth-log', 'rows/todos/t1', 'nope', ''];
const INJECT = [
  "'; DROP TABLE todos; --",
  '1; DELETE FROM _plasma_changes',
  "x' OR '1'='1",
  '1) UNION SELECT sql FROM sqlite_master --',
  "\"; UPDATE todos SET title = 'pwned'; --",
];

let d1: TestD1;
let rec: ReturnType<typeof recordingDb>;
let handler: (r: Request) => Promise<Response>;
let before: string;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await d1.db.prepare(`INSERT INTO todos VALUES ('t1', 'alice', 'milk', 0, 1)`).run();
  await d1.db.prepare(`INSERT INTO _plasma_client_mutations VALUES ('g1', 'c1', 3, 100)`).run();
  await recordClientContext(d1.db, 'g1', { userId: 'alice', teams: ['blue'] });
  await createErrorTap(d1.db)({ kind: 'mutation-error', cause: 'seed' });
  const tap = createAuthTap(d1.db);
  await tap.handler(async (req: Request) => {
    await tap.auth((_r: Request) => Promise.resolve({ ok: false, reason: 'seed' }))(req);
    return new Response(null, { status: 401 });
  })(new Request('http://app/sync/pull?clientGroupID=g1&clientID=c1'));
  rec = recordingDb(d1.db);
  handler = createAdminHandler({ db: rec.db, schemaVersion: '3', tables, auth: { secret: SECRET } });
  before = await snapshot(d1.db);
});

afterAll(() => d1.dispose());

describe('read-only admin API', () => {
  const writes = ['POST', 'PUT', 'DELETE', 'PATCH'].flatMap((method) => ROUTES.map((route) => ({ method, route })));

  it.each(writes)('$method /sync/admin/$route → 405 with allow: GET', async ({ method, route }) => {
    const res = await handler(
      new Request(`http://x/sync/admin/${route}`, {
        method,
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ sql: INJECT[0], id: 't1', title: 'pwned' }),
      }),
    );
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, OPTIONS');
    expect(await res.json()).toEqual({ error: 'method not allowed' });
  });

  it('refuses HEAD too', async () => {
    expect((await handler(new Request('http://x/sync/admin/info', { method: 'HEAD', headers: AUTH }))).status).toBe(
      405,
    );
  });

  const reads = INJECT.flatMap((bad) => {
    const q = encodeURIComponent(bad);
    return [
      `changes?since=${q}`,
      `changes?limit=${q}`,
      `changes?table=${q}`,
      `changes?clientGroupID=${q}&clientID=${q}`,
      `clients?clientGroupID=${q}`,
      `errors?since=${q}`,
      `errors?limit=${q}`,
      `info?x=${q}`,
      `auth-log?since=${q}`,
      `auth-log?limit=${q}`,
      `rows/${q}/t1`,
      `rows/todos/${q}?as=${q}`,
      `rows/board_items/${q}`,
      q,
    ];
  });

  it.each(reads)('GET %s answers without effect', async (path) => {
    const res = await handler(new Request(`http://x/sync/admin/${path}`, { headers: AUTH }));
    expect([200, 400, 404]).toContain(res.status);
    const body: unknown = await res.json();
    const row = isRecord(body) && isRecord(body.row) ? body.row : null;
    if (res.status === 200) expect(row?.title ?? null).not.toBe('pwned');
  });

  it('left the database byte-for-byte unchanged and prepared only SELECTs', async () => {
    expect(rec.sql.length).toBeGreaterThan(30);
    for (const sql of rec.sql) expect(sql.trimStart()).toMatch(/^SELECT\s/i);
    expect(await snapshot(d1.db)).toBe(before);
    const row = await d1.db.prepare(`SELECT title FROM todos WHERE id = 't1'`).first<{ title: string }>();
    expect(row?.title).toBe('milk');
  });

  it('answers 404 JSON for unknown admin paths and for paths outside the admin base', async () => {
    for (const url of [
      'http://x/sync/admin/',
      'http://x/sync/admin/nope',
      'http://x/sync/push',
      'http://x/other/admin/info',
    ]) {
      const res = await handler(new Request(url, { headers: AUTH }));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });
});
