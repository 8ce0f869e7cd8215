// Every route × every auth mode × every kind of credential: 401 without or with a bad one, 403 for
// a valid non-admin JWT, 200 for the admin. Handlers run in Node against a real Miniflare D1.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearerToken, claimMatches, constantTimeEqual } from './auth.ts';
import { createAdminHandler, ensureAdminTables, recordClientContext, type AdminConfig } from './index.ts';
import { tables } from '../e2e/reference-app/app/schema.ts';
import {
  AUDIENCE,
  HS_SECRET,
  ISSUER,
  createPlasmaTables,
  es256Keys,
  hsToken,
  startD1,
  type TestD1,
} from './testing/fixtures.ts';

const ROUTES = [
  'info',
  'changes?since=0&limit=10',
  'clients',
  'errors?since=0',
  'auth-log?since=0&limit=5',
  'rows/todos/t1?as=g1',
];
const STATIC_SECRET = 'test-only-static-admin-secret';
const requiredClaim = { name: 'role', value: 'admin' };

type Mode = 'static' | 'hs256' | 'jwks' | 'jwksUrl';
type Expect = 200 | 401 | 403;
const CREDENTIALS: Record<Mode, [string, Expect][]> = {
  static: [
    ['none', 401],
    ['wrong secret', 401],
    ['secret prefix', 401],
    ['secret plus suffix', 401],
    ['basic scheme', 401],
    ['admin', 200],
  ],
  hs256: [
    ['none', 401],
    ['other secret', 401],
    ['expired', 401],
    ['wrong issuer', 401],
    ['garbage', 401],
    ['non-admin', 403],
    ['admin', 200],
  ],
  jwks: [
    ['none', 401],
    ['other key same kid', 401],
    ['wrong audience', 401],
    ['non-admin', 403],
    ['admin', 200],
  ],
  jwksUrl: [
    ['none', 401],
    ['other key same kid', 401],
    ['non-admin', 403],
    ['admin', 200],
  ],
};

let d1: TestD1;
let jwksServer: Server;
const handlers = {} as Record<Mode, (r: Request) => Promise<Response>>;
const headers = {} as Record<Mode, Record<string, Record<string, string>>>;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await d1.db.prepare(`INSERT INTO todos (id, owner, title, done, updatedAt) VALUES ('t1', 'alice', 'x', 0, 1)`).run();
  await recordClientContext(d1.db, 'g1', { userId: 'alice', role: 'member', teams: ['blue'] });

  const keys = await es256Keys('k1');
  const impostor = await es256Keys('k1');
  jwksServer = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys.jwks)),
  );
  await new Promise<void>((ok) => jwksServer.listen(0, '127.0.0.1', ok));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;

  const base = { db: d1.db, schemaVersion: '3', tables };
  const jwt = { issuer: ISSUER, audience: AUDIENCE, requiredClaim };
  const configs: Record<Mode, AdminConfig> = {
    static: { ...base, auth: { secret: STATIC_SECRET } },
    hs256: { ...base, auth: { jwt: { ...jwt, secret: HS_SECRET } } },
    jwks: { ...base, auth: { jwt: { ...jwt, jwks: keys.jwks } } },
    jwksUrl: { ...base, auth: { jwt: { ...jwt, jwksUrl } } },
  };
  for (const mode of Object.keys(configs) as Mode[]) handlers[mode] = createAdminHandler(configs[mode]);

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const es = {
    none: {},
    'other key same kid': bearer(await impostor.sign({ role: 'admin' })),
    'wrong audience': bearer(await keys.sign({ role: 'admin' }, { audience: 'someone-else' })),
    'non-admin': bearer(await keys.sign({ role: 'member' })),
    admin: bearer(await keys.sign({ role: 'admin' })),
  };
  headers.static = {
    none: {},
    'wrong secret': bearer('test-only-static-admin-secreT'),
    'secret prefix': bearer(STATIC_SECRET.slice(0, -1)),
    'secret plus suffix': bearer(`${STATIC_SECRET}x`),
    'basic scheme': { authorization: `Basic ${STATIC_SECRET}` },
    admin: bearer(STATIC_SECRET),
  };
  headers.hs256 = {
    none: {},
    'other secret': bearer(await hsToken({ role: 'admin' }, { secret: 'another-secret-another-secret-xx' })),
    expired: bearer(await hsToken({ role: 'admin' }, { exp: '-1m' })),
    'wrong issuer': bearer(await hsToken({ role: 'admin' }, { issuer: 'https://evil.test' })),
    garbage: bearer('not.a.jwt'),
    'non-admin': bearer(await hsToken({ role: 'member' })),
    admin: bearer(await hsToken({ role: 'admin' })),
  };
  headers.jwks = es;
  headers.jwksUrl = es;
});

const extraServers: Server[] = [];

afterAll(async () => {
  await d1.dispose();
  for (const s of [jwksServer, ...extraServers]) await new Promise((ok) => s.close(ok));
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return (server.address() as AddressInfo).port;
}

/** A port that was free a moment ago and now has no listener. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((ok) => s.close(ok));
  return port;
}

async function serve(body: string): Promise<string> {
  const s = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  extraServers.push(s);
  return `http://127.0.0.1:${await listen(s)}/jwks.json`;
}

const cases = (Object.keys(CREDENTIALS) as Mode[]).flatMap((mode) =>
  ROUTES.flatMap((route) => CREDENTIALS[mode].map(([cred, status]) => ({ mode, route, cred, status }))),
);

describe('admin auth on every route', () => {
  it.each(cases)('$mode $route with $cred → $status', async ({ mode, route, cred, status }) => {
    const req = new Request(`http://x/sync/admin/${route}`, { headers: headers[mode][cred] });
    const res = await handlers[mode](req);
    const body: unknown = await res.json();
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(body).toEqual({ error: 'unauthorized' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    if (status === 403) expect(body).toEqual({ error: 'forbidden' });
    if (status === 200) expect(body).not.toHaveProperty('error');
  });
});

describe('auth helpers', () => {
  it('accepts the required claim inside an array claim (roles: [..., "admin"])', async () => {
    const handler = createAdminHandler({
      db: d1.db,
      schemaVersion: '3',
      tables,
      auth: {
        jwt: {
          secret: HS_SECRET,
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaim: { name: 'roles', value: 'admin' },
        },
      },
    });
    const get = async (roles: string[]) =>
      (
        await handler(
          new Request('http://x/sync/admin/info', {
            headers: { authorization: `Bearer ${await hsToken({ roles })}` },
          }),
        )
      ).status;
    expect(await get(['reader', 'admin'])).toBe(200);
    expect(await get(['reader'])).toBe(403);
  });

  it.each([
    ['same', 'same', true],
    ['same', 'samE', false],
    ['short', 'a much longer string', false],
    ['', '', true],
  ])('constantTimeEqual(%j, %j) = %s', async (a, b, want) => {
    expect(await constantTimeEqual(a, b)).toBe(want);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Bearer', null],
    ['Bearer ', null],
    ['Basic abc', null],
    ['Bearer a b', null],
    [null, null],
  ])('bearerToken(%j) = %j', (header, want) => {
    const req = new Request('http://x/', header === null ? {} : { headers: { authorization: header } });
    expect(bearerToken(req)).toBe(want);
  });

  it.each([
    ['admin', 'admin', true],
    ['member', 'admin', false],
    [['a', 'admin'], 'admin', true],
    [undefined, 'admin', false],
    [true, true, true],
    ['true', true, false],
  ])('claimMatches(%j, %j) = %s', (claim, value, want) => {
    expect(claimMatches(claim, value)).toBe(want);
  });

  it.each([
    ['a closed port', async () => `http://127.0.0.1:${await closedPort()}/jwks.json`],
    ['a non-JWKS body', async () => serve('{"not":"a key set"}')],
  ])('answers 503, not 401, when the remote JWKS is %s', async (_what, url) => {
    const handler = createAdminHandler({
      db: d1.db,
      schemaVersion: '3',
      tables,
      auth: { jwt: { jwksUrl: await url(), issuer: ISSUER, audience: AUDIENCE, requiredClaim } },
    });
    const token = await (await es256Keys('k9')).sign({ role: 'admin' });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await handler(
      new Request('http://x/sync/admin/info', { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'auth unavailable' });
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it.each([
    [{ secret: '' }],
    [{ jwt: { requiredClaim } }],
    [{ jwt: { secret: 'a', jwksUrl: 'https://x.test/jwks', requiredClaim } }],
  ])('rejects a bad auth config %#', (auth) => {
    expect(() =>
      createAdminHandler({ db: d1.db, schemaVersion: '1', tables: {}, auth: auth as AdminConfig['auth'] }),
    ).toThrow();
  });
});
