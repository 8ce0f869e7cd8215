import { describe, expect, it } from 'vitest';
import { collectSetCookies } from './cookieCause.ts';
import { explainDenial, type DenialContext } from './explainDenial.ts';
import { tokenHash } from './hash.ts';
import { ledgerEntryFor } from './ledger.ts';
import { fakeJwt, goodClaims, makeEvent, NOW_SEC, T0, type EventOverrides } from './testFixtures.ts';
import type { SeenResponse } from './types.ts';

const good = fakeJwt(goodClaims());
const badSig = fakeJwt(goodClaims({ sub: 'mallory' }));

function explain(o: EventOverrides, ctx: DenialContext & { seen?: SeenResponse[] } = {}) {
  const event = makeEvent({ status: 401, ...o });
  const cookies = ctx.cookies ?? collectSetCookies([], ctx.seen ?? []);
  return explainDenial(event, ledgerEntryFor(event, 0), { ...ctx, cookies });
}

const setBy = (url: string, cookie: string): SeenResponse[] => [
  { url, startedAt: T0 - 60_000, status: 200, setCookies: [cookie] },
];
const crossSite = [
  { name: 'origin', value: 'https://app.other.test' },
  { name: 'sec-fetch-site', value: 'cross-site' },
];

describe('explainDenial', () => {
  it.each<[string, EventOverrides, DenialContext & { seen?: SeenResponse[] }, string, RegExp]>([
    ['no credentials', {}, {}, 'no-credentials', /no Authorization header and no Cookie/],
    ['provisional headers', { requestHeaders: [] }, {}, 'headers-unavailable', /no request headers/],
    [
      'Bearer with no token',
      { requestHeaders: [{ name: 'authorization', value: 'Bearer ' }] },
      {},
      'no-credentials',
      /Authorization header with no token in it \("Bearer"/,
    ],
    [
      'empty Authorization',
      { requestHeaders: [{ name: 'authorization', value: ' ' }] },
      {},
      'no-credentials',
      /with no token in it/,
    ],
    [
      'token without scheme',
      { requestHeaders: [{ name: 'authorization', value: good }] },
      {},
      'malformed-authorization',
      /no scheme/,
    ],
    ['Bearer undefined', { bearer: 'undefined' }, {}, 'malformed-authorization', /literal text "undefined"/],
    ['broken JWT', { bearer: 'eyJhbGciOi.eyJzdWIi.x' }, {}, 'malformed-authorization', /does not decode/],
    [
      'opaque token',
      { bearer: 'gho_16C7e42F292c6912E7710c838347Ae178B4a' },
      {},
      'server-refused-opaque-token',
      /opaque \(not a JWT\)/,
    ],
    [
      'basic auth',
      { requestHeaders: [{ name: 'authorization', value: 'Basic dXNlcjpwYXNz' }] },
      {},
      'server-refused-opaque-token',
      /"Basic" scheme/,
    ],
    ['expired', { bearer: fakeJwt(goodClaims({ exp: NOW_SEC - 312 })) }, {}, 'expired', /expired 5 min 12 s before/],
    [
      'expired by server clock',
      {
        bearer: fakeJwt(goodClaims({ exp: NOW_SEC + 10 })),
        responseHeaders: [{ name: 'date', value: new Date(T0 + 60_000).toUTCString() }],
      },
      {},
      'expired',
      /server's clock is 1 min ahead/,
    ],
    ['not yet valid', { bearer: fakeJwt(goodClaims({ nbf: NOW_SEC + 45 })) }, {}, 'not-yet-valid', /nbf is 45 s after/],
    [
      'wrong audience',
      { bearer: good },
      { expect: { audience: 'admin-api' } },
      'wrong-audience',
      /aud "plasma-app"; expected "admin-api"/,
    ],
    [
      'wrong issuer',
      { bearer: good },
      { expect: { issuer: 'https://other' } },
      'wrong-issuer',
      /iss is "https:\/\/id.example"; expected "https:\/\/other"/,
    ],
    [
      'bad signature',
      { bearer: badSig },
      {
        verifications: new Map([
          [tokenHash(badSig), { ok: false, code: 'bad-signature', message: 'The signature does not match the key.' }],
        ]),
      },
      'bad-signature',
      /fails verification/,
    ],
    [
      'verifier could not run',
      { bearer: good },
      { verifications: new Map([[tokenHash(good), { ok: false, code: 'error', message: 'fetch failed' }]]) },
      'server-refused-valid-token',
      /signature was not checked/,
    ],
    [
      'valid token refused',
      { bearer: good },
      { verifications: new Map([[tokenHash(good), { ok: true }]]) },
      'server-refused-valid-token',
      /alg HS256, kid none, iss "https:\/\/id.example", aud "plasma-app", sub "alice", exp 2025-01-15T13:00:00Z, 1 h left; its signature verifies/,
    ],
    ['session cookie refused', { cookie: 'sid=abc' }, {}, 'server-refused-cookie', /"sid"/],
    [
      'only analytics cookies',
      { cookie: '_ga=GA1.1' },
      {},
      'server-refused-cookie',
      /none looks like a session cookie/,
    ],
    [
      'cookie set by another site',
      {},
      { seen: setBy('https://auth.elsewhere.test/login', 'session=s1; Path=/; Secure; HttpOnly') },
      'cookie-not-sent',
      /host-only on auth.elsewhere.test/,
    ],
    [
      'cookie SameSite=Lax on a cross-site request',
      { requestHeaders: crossSite },
      { seen: setBy('https://api.app.test/login', 'session=s1; Path=/; SameSite=Lax') },
      'cookie-not-sent',
      /SameSite=Lax and this sync request is cross-site/,
    ],
    [
      'cookie with no SameSite on a cross-site request',
      { requestHeaders: crossSite },
      { seen: setBy('https://api.app.test/login', 'auth_token=s1; Path=/') },
      'cookie-not-sent',
      /treats it as Lax/,
    ],
    [
      'cookie Path does not cover sync',
      {},
      { seen: setBy('https://api.app.test/auth/login', 'session=s1; Path=/auth') },
      'cookie-not-sent',
      /Path="\/auth"/,
    ],
    [
      'cookie not sent on a same-site cross-origin fetch',
      { requestHeaders: [{ name: 'origin', value: 'https://www.app.test' }] },
      { seen: setBy('https://api.app.test/login', 'session=s1; Domain=app.test; SameSite=Lax') },
      'cookie-not-sent',
      /did not include credentials/,
    ],
    [
      'cookie deleted at sign-out',
      {},
      {
        seen: [
          ...setBy('https://api.app.test/login', 'session=s1'),
          { url: 'https://api.app.test/logout', startedAt: T0 - 1000, setCookies: ['session=; Max-Age=0'] },
        ],
      },
      'no-credentials',
      /no Cookie/,
    ],
  ])('401: %s', (_name, o, ctx, code, text) => {
    const cause = explain(o, ctx);
    expect(cause?.code).toBe(code);
    expect(cause?.cause).toMatch(text);
    expect(cause?.fix.length).toBeGreaterThan(10);
    expect(cause?.cause).not.toMatch(/\n/);
  });

  it.each<[string, EventOverrides, RegExp]>([
    [
      'role and requiredRole',
      { bearer: fakeJwt(goodClaims({ role: 'viewer' })), body: { details: { requiredRole: 'admin' } } },
      /role "viewer"; the response names role "admin" as required \(requiredRole\)/,
    ],
    ['no role claim', { bearer: good }, /carries no role claim/],
    ['cookie session', { cookie: 'sid=abc' }, /not visible/],
  ])('403: %s', (_name, o, text) => {
    const cause = explain({ status: 403, ...o });
    expect(cause).toMatchObject({ code: 'forbidden-role', severity: 'error' });
    expect(cause?.cause).toMatch(text);
  });

  it('links a sign-in URL from the body, http(s) only, resolved against the request', () => {
    expect(explain({ body: { details: { signInUrl: '/login?next=/' } } })?.link).toBe(
      'https://api.app.test/login?next=/',
    );
    expect(explain({ body: { details: { signInUrl: 'javascript:alert(1)' } } })?.link).toBeUndefined();
  });

  it('returns null for anything but 401 and 403', () => {
    for (const status of [200, 400, 409, 413, 500]) expect(explain({ status })).toBeNull();
  });
});
