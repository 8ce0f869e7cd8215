// Admin JWT modes refuse what a shared identity provider or a careless setup would let through:
// no issuer or audience pinned, tokens without `exp`, tokens older than maxTokenAge, HS256 keys
// under 32 bytes. And no failure text (D1's, a throwing auth.read's) reaches the admin.

import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminHandler, type AdminAuthConfig, type AdminJwtConfig, type D1Like } from './index.ts';
import {
  AUDIENCE,
  HS_SECRET,
  ISSUER,
  createPlasmaTables,
  es256Keys,
  startD1,
  type TestD1,
} from './testing/fixtures.ts';

const requiredClaim = { name: 'role', value: 'admin' };
let d1: TestD1;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
});
afterAll(() => d1.dispose());

const build = (auth: AdminAuthConfig, db: D1Like = d1.db, tables = {}) =>
  createAdminHandler({ db, schemaVersion: '1', tables, auth });
const hs = (jwt: Partial<AdminJwtConfig>) =>
  build({ jwt: { secret: HS_SECRET, issuer: ISSUER, audience: AUDIENCE, requiredClaim, ...jwt } });

async function status(handler: (r: Request) => Promise<Response>, token: string, path = 'info'): Promise<number> {
  return (await handler(new Request(`http://x/sync/admin/${path}`, { headers: { authorization: `Bearer ${token}` } })))
    .status;
}

function sign(claims: Record<string, unknown>, set: (j: SignJWT) => SignJWT = (j) => j): Promise<string> {
  const jwt = new SignJWT({ role: 'admin', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE);
  return set(jwt).sign(new TextEncoder().encode(HS_SECRET));
}

describe('configuration', () => {
  it.each([
    ['jwks without issuer', async () => ({ jwks: (await es256Keys('k')).jwks, audience: AUDIENCE })],
    ['jwks without audience', async () => ({ jwks: (await es256Keys('k')).jwks, issuer: ISSUER })],
    ['jwksUrl without issuer and audience', () => Promise.resolve({ jwksUrl: 'https://idp.example/jwks.json' })],
    ['HS256 without audience', () => Promise.resolve({ secret: HS_SECRET, issuer: ISSUER })],
    ['an empty issuer', () => Promise.resolve({ secret: HS_SECRET, issuer: '', audience: AUDIENCE })],
    ['an empty audience list', () => Promise.resolve({ secret: HS_SECRET, issuer: ISSUER, audience: [] })],
    ['a 5-byte HS256 secret', () => Promise.resolve({ secret: 'short', issuer: ISSUER, audience: AUDIENCE })],
    ['a 31-byte HS256 secret', () => Promise.resolve({ secret: 'x'.repeat(31), issuer: ISSUER, audience: AUDIENCE })],
    [
      'a zero maxTokenAge',
      () => Promise.resolve({ secret: HS_SECRET, issuer: ISSUER, audience: AUDIENCE, maxTokenAge: 0 }),
    ],
  ])('refuses %s', async (_what, jwt) => {
    const cfg = { requiredClaim, ...(await jwt()) } as unknown as AdminJwtConfig;
    expect(() => build({ jwt: cfg })).toThrow(/admin auth/);
  });

  it('accepts a 32-byte secret, counted in UTF-8 bytes', () => {
    expect(() => hs({ secret: 'x'.repeat(32) })).not.toThrow();
    expect(() => hs({ secret: 'é'.repeat(16) })).not.toThrow();
    expect(() => hs({ secret: 'é'.repeat(15) })).toThrow();
  });
});

describe('tokens', () => {
  it('refuses a token without exp', async () => {
    const handler = hs({});
    expect(await status(handler, await sign({}, (j) => j.setIssuedAt()))).toBe(401);
    expect(await status(handler, await sign({}, (j) => j.setIssuedAt().setExpirationTime('5m')))).toBe(200);
  });

  it('refuses a token for another issuer or audience, even with the admin claim', async () => {
    const handler = hs({});
    const other = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience('another-app')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(HS_SECRET));
    expect(await status(handler, other)).toBe(401);
  });

  it('accepts a list of issuers and audiences', async () => {
    const handler = hs({ issuer: ['https://other.test', ISSUER], audience: ['x', AUDIENCE] });
    expect(await status(handler, await sign({}, (j) => j.setExpirationTime('5m')))).toBe(200);
  });

  it('refuses a token older than maxTokenAge, or without iat when one is set', async () => {
    const handler = hs({ maxTokenAge: '10m' });
    const now = Math.floor(Date.now() / 1000);
    expect(await status(handler, await sign({}, (j) => j.setIssuedAt(now - 3600).setExpirationTime(now + 3600)))).toBe(
      401,
    );
    expect(await status(handler, await sign({}, (j) => j.setExpirationTime('5m')))).toBe(401);
    expect(await status(handler, await sign({}, (j) => j.setIssuedAt().setExpirationTime('5m')))).toBe(200);
  });
});

describe('generic errors to the admin, details to the server log', () => {
  it('answers a D1 failure with a fixed body and logs the D1 text', async () => {
    const broken: D1Like = {
      prepare: () => {
        throw new Error('D1_ERROR: no such column: secret_col in users_private');
      },
    };
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = build({ secret: 'test-only-generic-errors-secret' }, broken);
      for (const path of ['info', 'changes', 'clients', 'errors', 'auth-log']) {
        const res = await handler(
          new Request(`http://x/sync/admin/${path}`, {
            headers: { authorization: 'Bearer test-only-generic-errors-secret' },
          }),
        );
        const text = await res.text();
        expect(res.status).toBe(500);
        expect(JSON.parse(text)).toEqual({ error: 'internal error' });
        expect(text).not.toMatch(/D1_ERROR|users_private|secret_col/);
      }
      expect(error).toHaveBeenCalled();
      expect(error.mock.calls.flat().map(String).join(' ')).toContain('users_private');
    } finally {
      error.mockRestore();
    }
  });
});
