// Conformance of GET /sync/pull on real workerd + D1: auth.read filtering, cookies, paging and
// lastMutationIDs (plasma-protocol.md §2 pull and Cookie, §5 filtered read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { cookieVersion, pull, pullRaw, push, pushBody, rows, signIn } from './testKit.ts';

let app: ReferenceApp;
let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  app = await startReferenceApp();
  [alice, bob, carol] = await Promise.all([signIn(app, 'alice'), signIn(app, 'bob'), signIn(app, 'carol')]);
});
afterAll(async () => {
  await app.dispose();
});

const maxRowVersion = async () =>
  (await rows<{ v: number }>(app, 'SELECT MAX(row_version) AS v FROM _plasma_changes'))[0]!.v;

describe('pull', () => {
  it('hides rows auth.read denies while the cookie still moves past them', async () => {
    const res = await pull(app, alice, { clientGroupID: 'p-filter', clientID: 'c1' });
    const ids = res.patch.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['todo-bob-1', 'todo-alice-1', 'blue-1', 'blue-2']));
    expect(ids.filter((id) => id.startsWith('red-'))).toEqual([]);
    const [red3] = await rows<{ row_version: number }>(
      app,
      `SELECT row_version FROM _plasma_changes WHERE row_id = 'red-3'`,
    );
    expect(res.cookie).toMatch(/^c1:[A-Za-z0-9+/]+=*$/);
    expect(cookieVersion(res.cookie)).toBeGreaterThanOrEqual(red3!.row_version);
    expect(cookieVersion(res.cookie)).toBe(await maxRowVersion());
  });

  it('returns the same cookie and an empty patch when nothing changed', async () => {
    const first = await pull(app, carol, { clientGroupID: 'p-same', clientID: 'c1' });
    const again = await pull(app, carol, { clientGroupID: 'p-same', clientID: 'c1', cookie: first.cookie });
    expect(again).toEqual({ cookie: first.cookie, patch: [], lastMutationIDs: {}, hasMore: false });
  });

  it('pages with ?limit and hasMore, and the pages add up to the whole log', async () => {
    const whole = await pull(app, carol, { clientGroupID: 'p-page', clientID: 'c1' });
    const seen: number[] = [];
    let cookie: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Awaited<ReturnType<typeof pull>> = await pull(app, carol, {
        clientGroupID: 'p-page',
        clientID: 'c1',
        cookie,
        limit: 2,
      });
      pages++;
      expect(page.patch.length).toBeLessThanOrEqual(2);
      seen.push(...page.patch.map((p) => p.rowVersion));
      cookie = page.cookie;
      if (!page.hasMore) break;
      expect(page.patch.length).toBe(2);
    }
    expect(whole.patch.length).toBeGreaterThan(4);
    expect(pages).toBe(Math.ceil(whole.patch.length / 2));
    expect(seen).toEqual(whole.patch.map((p) => p.rowVersion));
    expect(cookie).toBe(whole.cookie);
  });

  it('reports lastMutationIDs for every client of the group', async () => {
    const touches = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'touch', args: {} }));
    expect((await push(app, bob, pushBody('p-two', 'tab-a', touches(3)))).status).toBe(200);
    expect((await push(app, bob, pushBody('p-two', 'tab-b', touches(1)))).status).toBe(200);
    const res = await pull(app, bob, { clientGroupID: 'p-two', clientID: 'tab-a' });
    expect(res.lastMutationIDs).toEqual({ 'tab-a': 3, 'tab-b': 1 });
  });

  it("judges a del against the row's last put, and drops a del with no put", async () => {
    const before = await maxRowVersion();
    const now = Date.now();
    // Writes outside the sync handler: a red row created then deleted, and a del with no put at all.
    await app.db.batch([
      app.db
        .prepare(
          `INSERT INTO board_items (id, team, text, author, createdAt) VALUES ('red-gone', 'red', 'tmp', 'bob', ?)`,
        )
        .bind(now),
      app.db.prepare(`DELETE FROM board_items WHERE id = 'red-gone'`),
      app.db
        .prepare(
          `INSERT INTO _plasma_changes (table_name, row_id, op, value, created_at) VALUES ('board_items', 'ghost', 'del', NULL, ?)`,
        )
        .bind(now),
    ]);
    const cookie = `c1:${Buffer.from(JSON.stringify({ '0': String(before) })).toString('base64')}`;
    const forBob = await pull(app, bob, { clientGroupID: 'p-del-bob', clientID: 'c1', cookie });
    const forAlice = await pull(app, alice, { clientGroupID: 'p-del-alice', clientID: 'c1', cookie });
    expect(forBob.patch.map((p) => [p.op, p.id])).toEqual([
      ['put', 'red-gone'],
      ['del', 'red-gone'],
    ]);
    expect(forAlice.patch).toEqual([]);
    expect(forAlice.cookie).toBe(forBob.cookie);
    expect(cookieVersion(forAlice.cookie)).toBe(before + 3);
  });

  it('answers 409 with the expected schema version', async () => {
    const stale = await pullRaw(app, alice, { clientGroupID: 'p-bad', clientID: 'c1', schemaVersion: '2' });
    expect(stale).toEqual({ status: 409, body: { error: 'schema mismatch', expected: '3' } });
  });

  it('answers 400 invalid request to a wrong protocolVersion', async () => {
    const wrong = await pullRaw(app, alice, { clientGroupID: 'p-bad', clientID: 'c1', protocolVersion: '2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid request' });
  });
});
