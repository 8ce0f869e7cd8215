// /changes and /info over a real D1: paging 10,000 log rows by `since`, filters, value parsing,
// and parameter validation.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../shared/admin/types.ts';
import { createAdminHandler } from './index.ts';
import { tables } from '../e2e/reference-app/app/schema.ts';
import { createPlasmaTables, startD1, type TestD1 } from './testing/fixtures.ts';

const SECRET = 'test-only-changes-secret';
const TOTAL = 10_000;
let d1: TestD1;
let handler: (r: Request) => Promise<Response>;

/** The answers these tests read, as the wire carries them (protocol §7); a 400 carries error and reason. */
interface Answer {
  changes: ChangeRecord[];
  maxRowVersion: number;
  hasMore: boolean;
  nextSince: number;
  error?: string;
  reason?: string;
}

async function get(path: string): Promise<{ status: number; body: Answer }> {
  const res = await handler(
    new Request(`http://x/api/plasma/admin/${path}`, { headers: { authorization: `Bearer ${SECRET}` } }),
  );
  return { status: res.status, body: (await res.json()) as Answer };
}

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  handler = createAdminHandler({
    db: d1.db,
    basePath: '/api/plasma',
    schemaVersion: '3',
    tables,
    auth: { secret: SECRET },
  });
  // Ten batches of 1000 rows, each one INSERT fed by a recursive CTE (D1 caps bound parameters at
  // 100 per statement, and a 1000-statement batch is slow through Miniflare's Node bridge). D1 binds JS
  // numbers as REAL, hence the CAST.
  // Gaps on purpose (row_version = 2i + 5): the log may skip numbers and the API must not care.
  const insert = `WITH RECURSIVE n(i) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
    INSERT INTO _plasma_changes (row_version, table_name, row_id, op, value, created_at, client_group_id,
      client_id, mutation_id)
    SELECT 2 * i + 5, CASE WHEN i % 3 = 0 THEN 'board_items' ELSE 'todos' END, 'r' || i,
      CASE WHEN i % 10 = 9 THEN 'del' ELSE 'put' END,
      CASE WHEN i % 10 = 9 THEN NULL ELSE json_object('id', 'r' || i, 'n', i) END,
      1700000000000 + i, 'g' || (i % 5), 'c' || (i % 7), i FROM n`;
  for (let start = 0; start < TOTAL; start += 1000)
    await d1.db
      .prepare(insert)
      .bind(start, start + 1000)
      .run();
  const count = await d1.db.prepare('SELECT COUNT(*) AS n FROM _plasma_changes').first<{ n: number }>();
  expect(count?.n).toBe(TOTAL);
});

afterAll(() => d1.dispose());

describe('GET /changes', () => {
  it('walks all 10,000 changes by since with limit 1000: in order, no duplicates, hasMore false at the end', async () => {
    const seen: number[] = [];
    let since = 0;
    let pages = 0;
    for (;;) {
      const { status, body } = await get(`changes?since=${since}&limit=1000`);
      expect(status).toBe(200);
      expect(body.maxRowVersion).toBe(2 * (TOTAL - 1) + 5);
      seen.push(...body.changes.map((c) => c.rowVersion));
      pages++;
      if (!body.hasMore) break;
      since = body.changes.at(-1)!.rowVersion;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBe(10);
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBe(5);
  });

  it('maps the columns of protocol §3 to the §7 shape, parsing value', async () => {
    const { body } = await get('changes?since=0&limit=2');
    expect(body.changes[0]).toEqual({
      rowVersion: 5,
      table: 'board_items',
      id: 'r0',
      op: 'put',
      value: { id: 'r0', n: 0 },
      createdAt: 1_700_000_000_000,
      clientGroupID: 'g0',
      clientID: 'c0',
      mutationID: 0,
    });
    expect(body.hasMore).toBe(true);
    expect(body.nextSince).toBe(7);
    const del = await get(`changes?since=${2 * 9 + 5 - 1}&limit=1`);
    expect(del.body.changes[0]).toMatchObject({ id: 'r9', op: 'del', value: null });
  });

  it.each([
    ['table=todos', (c: ChangeRecord) => c.table === 'todos', Math.floor((TOTAL * 2) / 3)],
    ['clientGroupID=g3', (c: ChangeRecord) => c.clientGroupID === 'g3', TOTAL / 5],
    ['clientGroupID=g3&clientID=c2', (c: ChangeRecord) => c.clientGroupID === 'g3' && c.clientID === 'c2', null],
    ['table=nope', () => false, 0],
  ])('filters by %s across pages', async (filter, pred, expected) => {
    const got: ChangeRecord[] = [];
    let since = 0;
    for (;;) {
      const { body } = await get(`changes?since=${since}&limit=1000&${filter}`);
      got.push(...body.changes);
      since = body.nextSince;
      if (!body.hasMore) break;
    }
    expect(got.every(pred)).toBe(true);
    if (expected !== null) expect(got.length).toBe(expected);
    else expect(got.length).toBeGreaterThan(0);
    expect(since).toBe(2 * (TOTAL - 1) + 5);
  });

  it('returns an empty page past the end, with nextSince unchanged', async () => {
    const { body } = await get('changes?since=999999&limit=10');
    expect(body).toEqual({ changes: [], maxRowVersion: 2 * (TOTAL - 1) + 5, hasMore: false, nextSince: 999999 });
  });

  it.each([
    'since=-1',
    'since=abc',
    'since=1.5',
    'since=1e3',
    'since=0x10',
    'since=1;DROP TABLE todos',
    'limit=0',
    'limit=1001',
    'limit=-5',
    'limit=ten',
    `table=${'x'.repeat(600)}`,
  ])('rejects %s with 400 and a reason', async (query) => {
    const { status, body } = await get(`changes?${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid request');
    expect(typeof body.reason).toBe('string');
  });
});

describe('GET /info', () => {
  it('reports the API version, schema, base path, configured tables and the log max', async () => {
    const { status, body } = await get('info');
    expect(status).toBe(200);
    expect(body).toEqual({
      adminApiVersion: 1,
      schemaVersion: '3',
      basePath: '/api/plasma',
      tables: ['todos', 'board_items'],
      maxRowVersion: 2 * (TOTAL - 1) + 5,
    });
  });
});
