import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseToken } from './analyseToken.ts';
import { tokenHash } from './hash.ts';
import { roleOf } from './role.ts';
import { fakeJwt, goodClaims, NOW_SEC, T0 } from './testFixtures.ts';

const at = { requestStart: T0 };

describe('analyseToken', () => {
  it('reads claims and times of a JWT relative to the request start', () => {
    const token = fakeJwt(goodClaims({ nbf: NOW_SEC - 10, role: 'editor' }), { alg: 'ES256', kid: 'k1', typ: 'JWT' });
    const info = analyseToken(token, { requestStart: T0, responseDate: T0 + 3000 });
    expect(info).toMatchObject({
      present: true,
      decodable: true,
      shape: 'jwt',
      alg: 'ES256',
      kid: 'k1',
      typ: 'JWT',
      iss: 'https://id.example',
      aud: ['plasma-app'],
      sub: 'alice',
      role: 'editor',
      exp: NOW_SEC + 3600,
      expiresInSec: 3600,
      notYetValidBySec: -10,
      ageSec: 60,
      clockSkewSec: 3,
      hash: tokenHash(token),
      length: token.length,
    });
    expect(JSON.stringify(info)).not.toContain(token);
  });

  it.each([
    ['absent', undefined, { present: false, shape: 'absent', hash: null }],
    ['empty', '   ', { present: false, shape: 'absent' }],
    ['opaque', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', { present: true, shape: 'opaque', decodable: false }],
    ['three-part non-JWT is opaque', 'abc.def.ghi', { shape: 'opaque' }],
    ['literal undefined', 'undefined', { shape: 'malformed', error: 'the token is the literal text "undefined"' }],
    ['literal null', 'null', { shape: 'malformed' }],
    ['quoted', '"eyJhbGciOiJIUzI1NiJ9.e30.sig"', { shape: 'malformed', error: 'the token is wrapped in quotes' }],
    ['scheme repeated', 'Bearer abc', { shape: 'malformed' }],
    ['broken JWT', 'eyJhbGciOi.eyJzdWIi.x', { shape: 'malformed', decodable: false }],
    [
      'JWT cut short',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0',
      { shape: 'malformed', error: expect.stringMatching(/2 dot-separated parts/) as unknown },
    ],
    ['base64 JSON without dots is opaque', 'eyJzdWIiOiJhIn0', { shape: 'opaque' }],
    ['JWT with array payload', fakeJwt([1, 2]), { shape: 'malformed' }],
    ['JWE', 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d', { shape: 'opaque', alg: 'RSA-OAEP' }],
  ])('%s', (_name, token, expected) => {
    expect(analyseToken(token, at)).toMatchObject(expected);
  });

  it('flags expired, not-yet-valid and odd date claims', () => {
    expect(analyseToken(fakeJwt({ exp: NOW_SEC - 90 }), at).expiresInSec).toBe(-90);
    expect(analyseToken(fakeJwt({ nbf: NOW_SEC + 5 }), at).notYetValidBySec).toBe(5);
    const ms = analyseToken(fakeJwt({ exp: T0 + 1000 }), at);
    expect(ms.warnings.join()).toMatch(/milliseconds/);
    const text = analyseToken(fakeJwt({ exp: '123' }), at);
    expect(text).toMatchObject({ exp: null, decodable: true });
    expect(text.warnings.join()).toMatch(/not a number/);
  });

  it('leaves times null when the request start is not a number', () => {
    const info = analyseToken(fakeJwt(goodClaims()), { requestStart: Number.NaN });
    expect(info).toMatchObject({ expiresInSec: null, ageSec: null, clockSkewSec: null, exp: NOW_SEC + 3600 });
  });

  it('gives the same result from the per-token cache, with timing applied per request', () => {
    const cache = new Map();
    const token = fakeJwt(goodClaims());
    const first = analyseToken(token, at, cache);
    const later = analyseToken(token, { requestStart: T0 + 60_000 }, cache);
    expect(cache.size).toBe(1);
    expect(first).toEqual(analyseToken(token, at));
    expect(later.expiresInSec).toBe(3540);
    later.warnings.push('mutating one result');
    expect(analyseToken(token, at, cache).warnings).toEqual([]);
  });

  it('FNV-1a 64 in 32-bit halves equals the BigInt definition', () => {
    const reference = (s: string) => {
      let h = 0xcbf29ce484222325n;
      for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => tokenHash(s) === reference(s)),
      { numRuns: Math.min(2000, Number(process.env.PROPERTY_RUNS ?? 2000)) },
    );
  });

  it('hashes the trimmed token, stably', () => {
    expect(analyseToken(' abcdefgh ', at).hash).toBe(tokenHash('abcdefgh'));
    expect(tokenHash('abcdefgh')).toMatch(/^[0-9a-f]{16}$/);
    expect(tokenHash('')).toBe('cbf29ce484222325');
    expect(tokenHash('a')).toBe('af63dc4c8601ec8c'); // FNV-1a 64 reference value
  });
});

describe('roleOf', () => {
  it.each([
    [{ role: 'admin' }, 'admin'],
    [{ roles: ['editor', 'viewer'] }, 'editor'],
    [{ roles: [3, 'viewer'] }, 'viewer'],
    [{ 'https://app.example/roles': ['owner'] }, 'owner'],
    [{ scope: 'read:todos write:todos' }, 'read:todos'],
    [{ scp: ['todos.read'] }, 'todos.read'],
    [{ role: '', roles: [] }, null],
    [{ role: 7 }, null],
    // A namespaced claim ends in /role or /roles; anything longer is another claim.
    [{ 'https://app.example/role': 'admin' }, 'admin'],
    [{ 'https://app.example/role_hint': 'admin' }, null],
    [{ 'https://a.example/role': 5, 'https://b.example/roles': ['owner'] }, 'owner'],
    [{ 'https://a.example/role': 5, scope: 'read' }, 'read'],
    [{ roles: ['', 'viewer'] }, 'viewer'],
    [{ scope: ' read write' }, 'read'],
    [{ scope: '' }, null],
  ])('%j → %s', (claims, role) => {
    expect(roleOf(claims)).toBe(role);
  });
});
