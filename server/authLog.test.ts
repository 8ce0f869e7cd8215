// The auth tap and GET /auth-log on a real Miniflare D1: every push and pull that reached auth() (or
// was refused 401/403 without it) is recorded with its status, reason, ids, credential and claims,
// the token never; the route pages, is bounded, and is guarded like every other admin route.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt } from 'jose';
import type { AuthLogPage } from '../shared/admin/authLog.ts';
import { analyseToken } from '../shared/auth/analyseToken.ts';
import { tokenHash } from '../shared/auth/hash.ts';
import {
  AUTH_LOG_TABLE,
  createAdminHandler,
  createAuthTap,
  ensureAuthLogTable,
  recordAuthCalls,
  tapAuth,
  type D1Like,
} from './index.ts';
import { createPlasmaTables, hsToken, snapshot, startD1, type TestD1 } from './testing/fixtures.ts';

const SECRET = 'test-only-auth-log-admin-secret';
const PANEL = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
type Result = { ok: true; clientGroupID: string; clientID: string; ctx: unknown } | { ok: false; reason: string };
type Auth = (req: Request) => Promise<Result>;

/** Stands in for a plasma createSyncHandler: auth() gets the same Request, as plasma does. */
function fakeSync(cfg: { auth: Auth }) {
  return async (req: Request): Promise<Response | undefined> => {
    const url = new URL(req.url);
    if (!/\/(push|pull)$/.test(url.pathname)) return undefined;
    if (req.method === 'POST' && (await req.clone().text()).length > 10_000) {
      return Response.json({ error: 'payload too large' }, { status: 413 });
    }
    const result = await cfg.auth(req);
    if (req.method === 'POST') await req.text();
    if (!result.ok) return Response.json({ error: 'unauthorized' }, { status: 401 });
    if (url.searchParams.get('schemaVersion') === 'old')
      return Response.json({ error: 'schema mismatch' }, { status: 409 });
    return Response.json({ ok: true });
  };
}

/** The app's auth(): a JWT with a sub; the reason names what failed (and, for one case, the token). */
const decide = (req: Request): Result => {
  const token =
    /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ??
    /session=([^;]+)/.exec(req.headers.get('cookie') ?? '')?.[1];
  if (!token) return { ok: false, reason: 'no credentials' };
  if (token.startsWith('opaque-')) return { ok: false, reason: `unknown token ${token}` };
  if (token === 'throw') throw new TypeError('boom');
  const sub = decodeJwt(token).sub;
  if (!sub || sub === 'mallory') return { ok: false, reason: 'token expired' };
  const url = new URL(req.url);
  return {
    ok: true,
    clientGroupID: url.searchParams.get('clientGroupID') ?? 'g-body',
    clientID: url.searchParams.get('clientID') ?? 'c-body',
    ctx: { sub },
  };
};
/** A throw (the 'throw' token) rejects, as it would from an async auth(). */
const appAuth: Auth = (req) => Promise.resolve(req).then(decide);

let d1: TestD1;
let sync: (req: Request) => Promise<Response | undefined>;
let admin: (req: Request) => Promise<Response>;
const tokens: string[] = [];

async function token(claims: Record<string, unknown>): Promise<string> {
  const t = await hsToken(claims);
  tokens.push(t);
  return t;
}
const pull = (headers: Record<string, string>, q = 'clientGroupID=g1&clientID=c1') =>
  sync(new Request(`http://app/sync/pull?${q}`, { headers }));
const push = (headers: Record<string, string>, body: unknown) =>
  sync(new Request('http://app/sync/push', { method: 'POST', headers, body: JSON.stringify(body) }));
async function log(q = 'since=0&limit=1000'): Promise<AuthLogPage> {
  const res = await admin(
    new Request(`http://x/sync/admin/auth-log?${q}`, { headers: { authorization: `Bearer ${SECRET}` } }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as AuthLogPage;
}
const last = async () => (await log()).decisions.at(-1)!;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  // A role gate inside the tapped handler, the way an app refuses a valid token with 403.
  const gated = (cfg: { auth: Auth }) => {
    const inner = fakeSync(cfg);
    return async (req: Request) =>
      req.headers.get('x-role') === 'member' && new URL(req.url).pathname.startsWith('/admin-sync')
        ? Response.json({ error: 'forbidden', requiredRole: 'admin' }, { status: 403 })
        : inner(req);
  };
  sync = tapAuth(d1.db, gated)({ auth: appAuth });
  admin = createAdminHandler({
    db: d1.db,
    schemaVersion: '3',
    tables: {},
    auth: { secret: SECRET },
    allowedOrigins: [PANEL],
  });
});

afterAll(() => d1.dispose());

describe('the auth tap records each decision', () => {
  it('says the tap is not installed before its first request', async () => {
    expect(await log()).toEqual({ decisions: [], maxId: 0, hasMore: false, tapInstalled: false });
  });

  it("records an accepted pull with the claims and the panel's token hash, never the token", async () => {
    const t = await token({ sub: 'alice', role: 'member', nbf: 1_700_000_000 });
    const res = await pull({ authorization: `Bearer ${t}` });
    expect(res?.status).toBe(200);
    const d = await last();
    expect(d).toEqual({
      id: expect.any(Number) as unknown,
      at: expect.any(Number) as unknown,
      kind: 'pull',
      path: '/sync/pull',
      status: 200,
      ok: true,
      reason: null,
      clientGroupID: 'g1',
      clientID: 'c1',
      credential: 'bearer',
      claims: {
        sub: 'alice',
        iss: 'https://issuer.test',
        aud: 'plasma-admin',
        exp: expect.any(Number) as unknown,
        iat: expect.any(Number) as unknown,
        nbf: 1_700_000_000,
        role: 'member',
      },
      tokenHash: tokenHash(t),
    });
    expect(d.tokenHash).toMatch(/^[0-9a-f]{16}$/);
    // The panel's own reading of the same token (its ledger) carries the same hash and claims: the join key.
    const panel = analyseToken(t, { requestStart: Date.now() });
    expect(panel.hash).toBe(d.tokenHash);
    expect([panel.sub, panel.iss, panel.exp]).toEqual([d.claims!.sub, d.claims!.iss, d.claims!.exp]);
  });

  it('records the reason auth() returned and the 401 answered', async () => {
    const t = await token({ sub: 'mallory' });
    expect((await pull({ authorization: `Bearer ${t}` }, 'clientGroupID=g2&clientID=c2'))?.status).toBe(401);
    expect(await last()).toMatchObject({
      status: 401,
      ok: false,
      reason: 'token expired',
      clientGroupID: 'g2',
      clientID: 'c2',
      claims: { sub: 'mallory' },
      tokenHash: tokenHash(t),
    });
  });

  it("takes a refused push's ids from its body, which the app still reads", async () => {
    const res = await push({}, { clientGroupID: 'g-push', clientID: 'c-push', mutations: [] });
    expect(res?.status).toBe(401);
    expect(await last()).toMatchObject({
      kind: 'push',
      path: '/sync/push',
      status: 401,
      reason: 'no credentials',
      clientGroupID: 'g-push',
      clientID: 'c-push',
      credential: 'none',
      claims: null,
      tokenHash: null,
    });
  });

  it.each([
    ['an empty bearer', { authorization: 'Bearer ' }, 'other'],
    ['a Basic header', { authorization: 'Basic eDp5' }, 'other'],
    ['no header', {}, 'none'],
  ])('records the credential kind of %s', async (_what, headers, kind) => {
    await pull(headers);
    expect(await last()).toMatchObject({ credential: kind, status: 401, claims: null, tokenHash: null });
  });

  it('reads claims from a JWT session cookie', async () => {
    const t = await token({ sub: 'carol', roles: ['editor'] });
    expect((await pull({ cookie: `theme=dark; session=${t}` }))?.status).toBe(200);
    expect(await last()).toMatchObject({
      credential: 'cookie',
      ok: true,
      claims: { sub: 'carol', role: 'editor' },
      tokenHash: tokenHash(t),
    });
  });

  it("records a 403 from a gate that refused before auth(), with the token's claims", async () => {
    const t = await token({ sub: 'bob', role: 'member' });
    const res = await sync(
      new Request('http://app/admin-sync/pull?clientGroupID=g3&clientID=c3', {
        headers: { authorization: `Bearer ${t}`, 'x-role': 'member' },
      }),
    );
    expect(res?.status).toBe(403);
    expect(await last()).toMatchObject({
      path: '/admin-sync/pull',
      status: 403,
      ok: false,
      reason: null,
      clientGroupID: 'g3',
      clientID: 'c3',
      claims: { sub: 'bob', role: 'member' },
    });
  });

  it('records a status other than 200 after an accepted auth()', async () => {
    const t = await token({ sub: 'alice' });
    await pull({ authorization: `Bearer ${t}` }, 'clientGroupID=g1&clientID=c1&schemaVersion=old');
    expect(await last()).toMatchObject({ status: 409, ok: true, reason: null });
  });

  it('records a throwing auth() by the error name and lets the error through', async () => {
    await expect(pull({ authorization: 'Bearer throw' })).rejects.toThrow('boom');
    expect(await last()).toMatchObject({ status: 500, ok: false, reason: 'auth() threw TypeError' });
  });

  it('cuts the token out of a reason that quotes it', async () => {
    const t = 'opaque-0123456789abcdef';
    tokens.push(t);
    await pull({ authorization: `Bearer ${t}` });
    expect(await last()).toMatchObject({ reason: 'unknown token <token>', claims: null, tokenHash: tokenHash(t) });
  });

  it('skips other paths and requests refused before auth()', async () => {
    const before = (await log()).maxId;
    expect(await sync(new Request('http://app/sync/other'))).toBeUndefined();
    const big = await sync(new Request('http://app/sync/push', { method: 'POST', body: 'x'.repeat(20_000) }));
    expect(big?.status).toBe(413);
    expect((await log()).maxId).toBe(before);
  });

  it('never lets a token reach the log, its table or /info', async () => {
    const info = await admin(
      new Request('http://x/sync/admin/info', { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(info.status).toBe(200);
    const outputs = [JSON.stringify(await log()), await snapshot(d1.db), await info.text()];
    expect(tokens.length).toBeGreaterThan(4);
    for (const t of tokens) for (const out of outputs) expect(out).not.toContain(t);
  });
});

describe('mounting in two places', () => {
  it('joins auth() wrapped where the handler is built with a tap around the whole Worker, once per request', async () => {
    const db2 = await startD1();
    try {
      const inner = fakeSync({ auth: recordAuthCalls(appAuth) });
      const tap = createAuthTap(db2.db);
      // Tapped twice (an app that also used tapAuth inside): still one record per request.
      const worker = tap.handler(
        async (req: Request) => (await tap.handler(inner)(req)) ?? new Response('nf', { status: 404 }),
      );
      await worker(new Request('http://app/sync/pull?clientGroupID=g&clientID=c'));
      const t = await token({ sub: 'dave' });
      await worker(
        new Request('http://app/sync/pull?clientGroupID=g&clientID=c', { headers: { authorization: `Bearer ${t}` } }),
      );
      const { results } = await db2.db.prepare(`SELECT status, ok, reason FROM ${AUTH_LOG_TABLE} ORDER BY id`).all();
      expect(results).toEqual([
        { status: 401, ok: 0, reason: 'no credentials' },
        { status: 200, ok: 1, reason: null },
      ]);
    } finally {
      await db2.dispose();
    }
  });
});

describe('GET /auth-log', () => {
  it('pages by id with hasMore and maxId', async () => {
    const all = (await log()).decisions;
    expect(all.length).toBeGreaterThan(5);
    const first = await log('since=0&limit=2');
    expect(first.decisions.map((d) => d.id)).toEqual(all.slice(0, 2).map((d) => d.id));
    expect(first).toMatchObject({ hasMore: true, maxId: all.at(-1)!.id, tapInstalled: true });
    const rest = await log(`since=${first.decisions[1]!.id}&limit=1000`);
    expect(rest.decisions.map((d) => d.id)).toEqual(all.slice(2).map((d) => d.id));
    expect(rest.hasMore).toBe(false);
    expect((await log(`since=${rest.maxId}`)).decisions).toEqual([]);
  });

  it.each(['limit=0', 'limit=1001', 'since=-1', 'since=1e3'])('rejects %s', async (q) => {
    const res = await admin(
      new Request(`http://x/sync/admin/auth-log?${q}`, { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(res.status).toBe(400);
  });

  it('is guarded and CORS-scoped like every admin route', async () => {
    const get = (headers: Record<string, string>) => admin(new Request('http://x/sync/admin/auth-log', { headers }));
    expect((await get({})).status).toBe(401);
    expect((await get({ authorization: 'Bearer wrong' })).status).toBe(401);
    const ok = await get({ authorization: `Bearer ${SECRET}`, origin: PANEL });
    expect(ok.headers.get('access-control-allow-origin')).toBe(PANEL);
    expect(
      (await get({ authorization: `Bearer ${SECRET}`, origin: 'https://evil.example' })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
    const post = await admin(
      new Request('http://x/sync/admin/auth-log', { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(post.status).toBe(405);
  });

  it('keeps only the newest maxEntries decisions', async () => {
    const ring = await startD1();
    try {
      const s = tapAuth(ring.db, fakeSync, { maxEntries: 3 })({ auth: appAuth });
      for (let i = 0; i < 7; i++) await s(new Request(`http://app/sync/pull?clientGroupID=g&clientID=c${i}`));
      const h = createAdminHandler({ db: ring.db, schemaVersion: '1', tables: {}, auth: { secret: SECRET } });
      const page = (await (
        await h(
          new Request('http://x/sync/admin/auth-log?limit=1000', { headers: { authorization: `Bearer ${SECRET}` } }),
        )
      ).json()) as AuthLogPage;
      expect(page.decisions.map((d) => d.clientID)).toEqual(['c4', 'c5', 'c6']);
      expect(page.maxId).toBe(7);
    } finally {
      await ring.dispose();
    }
  });

  it('reports the tap installed once ensureAuthLogTable ran', async () => {
    const fresh = await startD1();
    try {
      await ensureAuthLogTable(fresh.db);
      const h = createAdminHandler({ db: fresh.db, schemaVersion: '1', tables: {}, auth: { secret: SECRET } });
      const res = await h(
        new Request('http://x/sync/admin/auth-log', { headers: { authorization: `Bearer ${SECRET}` } }),
      );
      expect(await res.json()).toEqual({ decisions: [], maxId: 0, hasMore: false, tapInstalled: true });
    } finally {
      await fresh.dispose();
    }
  });
});

describe('a failing record never changes the app', () => {
  it('answers the same and only warns when D1 refuses the write', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const broken: D1Like = {
      prepare: () => {
        throw new Error('D1_ERROR: no space');
      },
    };
    const tap = createAuthTap(broken);
    const s = tap.handler(fakeSync({ auth: tap.auth(appAuth) }));
    const res = await s(new Request('http://app/sync/pull?clientGroupID=g&clientID=c'));
    expect(res?.status).toBe(401);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).not.toContain('no space');
    warn.mockRestore();
  });

  it('refuses a ring size that is not a positive integer', () => {
    expect(() => createAuthTap(d1.db, { maxEntries: 0 })).toThrow();
  });

  it('stores the ring in its own table', () => {
    expect(AUTH_LOG_TABLE).toBe('_plasma_devtools_auth_log');
  });
});
