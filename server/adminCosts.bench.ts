// What the admin API and the auth tap cost on a real D1 (Miniflare's workerd SQLite) with 100,000
// change-log rows. Run:  npx tsx server/adminCosts.bench.ts
// Prints each figure next to its goal. Node reaches D1 over a local socket, so every round trip
// carries that hop: the batch's gain here stands in for the Worker-to-D1 hop in production.

import { performance } from 'node:perf_hooks';
import { createAdminHandler, createAuthTap, ensureAdminTables, recordClientContext } from './index.ts';
import { createPlasmaTables, startD1 } from './testing/fixtures.ts';

const CHANGES = 100_000;
const CALLS = 200;
const SECRET = 'bench-only-admin-secret';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
/** The bench's report goes to stdout (console.log is for debugging, and the linter keeps it out). */
const report = (line: string) => process.stdout.write(`${line}\n`);

async function time(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

const d1 = await startD1();
try {
  const { db } = d1;
  await createPlasmaTables(db);
  // 100,000 change rows over 10,000 todo ids, inserted by SQLite itself (no triggers, no round trips).
  await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO _plasma_changes (table_name, row_id, op, value, created_at)
    SELECT 'todos', 't' || (i % 10000), 'put', json_object('id', 't' || (i % 10000), 'owner', 'alice'), i FROM n`,
    )
    .bind(CHANGES)
    .run();
  await db.prepare(`INSERT INTO todos (id, owner, title, done, updatedAt) VALUES ('t42', 'alice', 'x', 0, 1)`).run();
  const tables = {
    todos: { auth: { read: (ctx: { userId: string }, row: { owner: string }) => row.owner === ctx.userId } },
  };
  const admin = createAdminHandler({ db, schemaVersion: '1', tables, auth: { secret: SECRET } });
  const rows = (id: string) =>
    admin(
      new Request(`http://x/sync/admin/rows/todos/${id}?as=g1`, { headers: { authorization: `Bearer ${SECRET}` } }),
    ).then((r) => r.json());

  // The lookup /rows makes, run 1,000 times inside one statement: SQLite's own cost, without the
  // socket hop (which on a loaded machine is larger and noisier than the query).
  const lookups = db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
    SELECT SUM((SELECT row_version FROM _plasma_changes WHERE table_name = 'todos' AND row_id = 't' || ((i * 37) % 10000)
      ORDER BY row_version DESC LIMIT 1)) AS s FROM n`);
  const perLookup = async () => (pct(await time(5, () => lookups.first()), 0.5) / 1000) * 1000; // µs per lookup
  await ensureAdminTables(db);
  await db.prepare('DROP INDEX _plasma_changes_row').run();
  const scanUs = await perLookup();
  await ensureAdminTables(db);
  const indexUs = await perLookup();
  report(
    `last-change lookup at ${CHANGES} changes: without the index ${scanUs.toFixed(1)} µs, with it ${indexUs.toFixed(1)} µs` +
      '   goal: the index turns a scan of the log into a seek',
  );

  await recordClientContext(db, 'g1', { userId: 'alice' });
  const trip = await time(CALLS, () => db.prepare('SELECT 1').first());
  await time(10, () => rows('t42'));
  const withIndex = await time(CALLS, (i) => rows(`t${(i * 37) % 10000}`));
  report(
    `one D1 round trip from Node: p50 ${fmt(pct(trip, 0.5))}; /rows (one batch): p50 ${fmt(pct(withIndex, 0.5))}, ` +
      `p95 ${fmt(pct(withIndex, 0.95))}   goal: one round trip (was 3, 4 for a deleted row)`,
  );

  // The auth tap's cost per sync request: the same trivial handler, bare and tapped.
  const handler = () => Promise.resolve(Response.json({ ok: true }));
  const tap = createAuthTap(db);
  const auth = tap.auth((_req: Request) => Promise.resolve({ ok: true, clientGroupID: 'g1', clientID: 'c1', ctx: {} }));
  const tapped = tap.handler(async (req: Request) => {
    await auth(req);
    return handler();
  });
  const pull = () =>
    new Request('http://app/sync/pull?clientGroupID=g1&clientID=c1', { headers: { authorization: 'Bearer x.y.z' } });
  await time(10, () => tapped(pull()));
  const bare = await time(CALLS, () => handler());
  const withTap = await time(CALLS, () => tapped(pull()));
  report(
    `sync request, bare: p50 ${fmt(pct(bare, 0.5))}; tapped: p50 ${fmt(pct(withTap, 0.5))}, p95 ${fmt(pct(withTap, 0.95))}` +
      '   goal: about one D1 round trip (insert + trim in one batch) per request',
  );
} finally {
  await d1.dispose();
}
