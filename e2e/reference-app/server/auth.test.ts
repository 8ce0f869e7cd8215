// Conformance of the demo auth() on real workerd + D1: every way a request is denied (401), the
// cookie session, the admin-only sync's 403, and JWKS mode (plasma-protocol.md §5).
import { SignJWT, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { pull, pullRaw, push, pushBody, signIn } from './testKit.ts';

let app: ReferenceApp;

beforeAll(async () => {
  app = await startReferenceApp();
});
afterAll(async () => {
  await app.dispose();
});

const UNAUTHORIZED = { status: 401, body: { error: 'unauthorized' } };

async function foreignToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: 'alice',
    role: 'member',
    iss: 'plasma-demo',
    aud: 'plasma-demo-sync',
    iat: now,
    exp: now + 600,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
}

describe('401 on sync requests', () => {
  it('denies a push with no credentials', async () => {
    expect(await push(app, undefined, pushBody('a-none', 'c1', [{ id: 1, name: 'touch', args: {} }]))).toEqual(
      UNAUTHORIZED,
    );
  });

  it.each<[string, () => Promise<string>]>([
    ['an expired token', () => signIn(app, 'alice', { ttlSeconds: -60 })],
    ['a token not valid yet', () => signIn(app, 'alice', { notBeforeSeconds: 600 })],
    ['a wrong audience', () => signIn(app, 'alice', { audience: 'some-other-api' })],
    ['a wrong issuer', () => signIn(app, 'alice', { issuer: 'someone-else' })],
    ['a bad signature', foreignToken],
  ])('denies a pull with %s', async (_name, mint) => {
    const token = await mint();
    expect(await pullRaw(app, token, { clientGroupID: 'a-bad', clientID: 'c1' })).toEqual(UNAUTHORIZED);
  });

  it('denies a valid token whose sub does not own the client group', async () => {
    const bob = await signIn(app, 'bob');
    const alice = await signIn(app, 'alice');
    expect((await pullRaw(app, bob, { clientGroupID: 'a-owned', clientID: 'c1' })).status).toBe(200);
    expect(await pullRaw(app, alice, { clientGroupID: 'a-owned', clientID: 'c2' })).toEqual(UNAUTHORIZED);
  });
});

describe('cookie session', () => {
  it('authenticates with the plasma_session cookie and signs out by clearing it', async () => {
    const res = await fetch(`${app.url}/dev/sign-in`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'alice', mode: 'cookie' }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^plasma_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    const authed = await pullRaw(
      app,
      undefined,
      { clientGroupID: 'a-cookie', clientID: 'c1' },
      { headers: { cookie } },
    );
    expect(authed.status).toBe(200);
    const out = await fetch(`${app.url}/dev/sign-out`, { method: 'POST' });
    expect(out.headers.get('set-cookie')).toMatch(/^plasma_session=; .*Max-Age=0/);
  });
});

describe('admin-only sync (/api/admin-sync)', () => {
  const admin = { basePath: '/api/admin-sync' };

  it.each([
    ['a member', 'alice', undefined],
    ['an admin holding a token minted with a stale role', 'carol', 'member'],
  ])('answers 403 with the token role to %s', async (_name, user, role) => {
    const token = await signIn(app, user, role ? { role } : {});
    const res = await pullRaw(app, token, { clientGroupID: `adm-${user}`, clientID: 'c1' }, admin);
    expect(res).toEqual({
      status: 403,
      body: {
        error: 'forbidden',
        requiredRole: 'admin',
        role: 'member',
        details: { requiredRole: 'admin', role: 'member' },
      },
    });
  });

  it('serves an admin token from its own change log', async () => {
    const carol = await signIn(app, 'carol');
    const pushed = await push(
      app,
      carol,
      pushBody('adm-ok', 'c1', [
        { id: 1, name: 'addAuditNote', args: { id: 'note-1', text: 'checked', author: 'carol' } },
      ]),
      admin,
    );
    expect(pushed).toEqual({ status: 200, body: { ok: true } });
    const res = await pullRaw(app, carol, { clientGroupID: 'adm-ok', clientID: 'c1' }, admin);
    expect(res.status).toBe(200);
    expect((res.body as { patch: { table: string; id: string }[] }).patch.map((p) => [p.table, p.id])).toEqual([
      ['audit_notes', 'note-1'],
    ]);
    expect(await pullRaw(app, undefined, { clientGroupID: 'adm-ok', clientID: 'c1' }, admin)).toEqual(UNAUTHORIZED);
  });
});

describe('JWKS mode', () => {
  let jwksApp: ReferenceApp;
  beforeAll(async () => {
    jwksApp = await startReferenceApp({ authMode: 'jwks' });
  });
  afterAll(async () => {
    await jwksApp.dispose();
  });

  it('publishes its ES256 key, accepts its tokens and refuses HS256 ones', async () => {
    const jwks = (await (await fetch(`${jwksApp.url}/.well-known/jwks.json`)).json()) as {
      keys: { kty: string; kid: string; d?: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.keys[0]!.d).toBeUndefined(); // never the private part
    const token = await signIn(jwksApp, 'alice');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]!.kid });
    const res = await pull(jwksApp, token, { clientGroupID: 'j-1', clientID: 'c1' });
    expect(res.patch.length).toBeGreaterThan(0);
    expect(await pullRaw(jwksApp, await foreignToken(), { clientGroupID: 'j-2', clientID: 'c1' })).toEqual(
      UNAUTHORIZED,
    );
  });
});
