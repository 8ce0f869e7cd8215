// verifyToken.ts (mapJoseError), verifyEvents.ts and analyseToken.ts case by case: the exact code and
// message for each jose error, which tokens verifyEvents checks and when, and the exact reading of odd tokens.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { analyseToken, emptyTokenInfo } from './analyseToken.ts';
import { tokenHash } from './hash.ts';
import { fakeJwt, makeEvent, NOW_SEC, T0 } from './testFixtures.ts';
import type { Verifier, VerifyResult } from './types.ts';
import { verifyEvents } from './verifyEvents.ts';
import { mapJoseError, verifyToken, type TokenVerifier, type VerifyOptions } from './verifyToken.ts';

describe('mapJoseError', () => {
  it.each<[unknown, VerifyResult]>([
    [
      { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', message: 'x' },
      { ok: false, code: 'bad-signature', message: 'The signature does not match the key.' },
    ],
    [
      { code: 'ERR_JWT_EXPIRED', message: 'exp' },
      { ok: false, code: 'expired', message: 'exp' },
    ],
    [
      { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf', message: 'm' },
      { ok: false, code: 'not-yet-valid', message: 'm' },
    ],
    [
      { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss', message: 'm' },
      { ok: false, code: 'wrong-issuer', message: 'm' },
    ],
    [
      { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud', message: 'm' },
      { ok: false, code: 'wrong-audience', message: 'm' },
    ],
    [
      { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'sub', message: 'm' },
      { ok: false, code: 'malformed', message: 'm' },
    ],
    [
      { code: 'ERR_JWS_INVALID', message: 'm' },
      { ok: false, code: 'malformed', message: 'm' },
    ],
    [
      { code: 'ERR_JWT_INVALID', message: 'm' },
      { ok: false, code: 'malformed', message: 'm' },
    ],
    [
      { code: 'ERR_JOSE_NOT_SUPPORTED', message: 'm' },
      { ok: false, code: 'no-key', message: "The token's algorithm cannot be checked with this key: m" },
    ],
    [
      { code: 'ERR_JWKS_NO_MATCHING_KEY', message: 'm' },
      { ok: false, code: 'no-key', message: 'No key in the JWKS matches the token (kid/alg).' },
    ],
    [
      { code: 'ERR_JOSE_ALG_NOT_ALLOWED', message: 'm' },
      { ok: false, code: 'no-key', message: "The token's algorithm does not fit the key given: m" },
    ],
    [
      { code: 'ERR_JWKS_INVALID', message: 'm' },
      { ok: false, code: 'error', message: 'The JWKS is not valid: m' },
    ],
    [
      { code: 'ERR_JWK_INVALID', message: 'm' },
      { ok: false, code: 'error', message: 'The JWKS is not valid: m' },
    ],
    [
      { code: 'X', message: 'm' },
      { ok: false, code: 'error', message: 'm' },
    ],
    [
      { code: 'X', message: 5 },
      { ok: false, code: 'error', message: 'verification failed' },
    ],
    [null, { ok: false, code: 'error', message: 'verification failed' }],
  ])('%j', (err, result) => expect(mapJoseError(err)).toEqual(result));
});

describe('verifyToken', () => {
  it('says why nothing was verified', async () => {
    const v: Verifier = { kind: 'hs256', secret: 's' };
    expect(await verifyToken('  ', v)).toEqual({ ok: false, code: 'malformed', message: 'No token to verify.' });
    expect(await verifyToken('t', { kind: 'hs256', secret: '' })).toEqual({
      ok: false,
      code: 'no-key',
      message: 'No HS256 secret was given.',
    });
    expect(await verifyToken('t', { kind: 'other' } as unknown as Verifier)).toEqual({
      ok: false,
      code: 'error',
      message: 'Unknown verifier kind.',
    });
  });
});

describe('verifyToken with a signed token', () => {
  const secret = 'test-only-secret-for-cases-0123456789';
  const sign = (exp: number) =>
    new SignJWT({ sub: 'a', exp }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

  it('verifies the trimmed token; a secret that is not a string is no key', async () => {
    const token = await sign(NOW_SEC + 600);
    expect(await verifyToken(`  ${token} `, { kind: 'hs256', secret }, { at: T0 })).toEqual({ ok: true });
    expect(await verifyToken(token, { kind: 'hs256', secret: undefined } as unknown as Verifier)).toEqual({
      ok: false,
      code: 'no-key',
      message: 'No HS256 secret was given.',
    });
  });

  it('judges expiry at the given instant, or now when the instant is not a finite number', async () => {
    const token = await sign(NOW_SEC + 600);
    expect(await verifyToken(token, { kind: 'hs256', secret }, { at: T0 })).toEqual({ ok: true });
    expect(await verifyToken(token, { kind: 'hs256', secret }, { at: Number.NaN })).toMatchObject({
      ok: false,
      code: 'expired',
    });
  });
});

describe('verifyEvents', () => {
  it('verifies each trimmed token once at its first start, passing the expectations along', async () => {
    const calls: [string | undefined, VerifyOptions | undefined][] = [];
    const tv: TokenVerifier = {
      verify: (token, _v, expect) => {
        calls.push([token, expect]);
        return Promise.resolve({ ok: true });
      },
      dispose: () => undefined,
    };
    const events = [
      makeEvent({ id: 'b', bearer: ' tok ', startedAt: T0 + 5 }),
      makeEvent({ id: 'a', bearer: 'tok', startedAt: T0 + 1 }),
      makeEvent({ id: 'c', bearer: 'other', startedAt: T0 + 9 }),
      makeEvent({ id: 'd', bearer: '' }),
      makeEvent({ id: 'e' }),
    ];
    const got = await verifyEvents(events, { kind: 'hs256', secret: 's' }, { issuer: 'i' }, tv);
    expect(calls).toEqual([
      ['tok', { issuer: 'i', at: T0 + 1 }],
      ['other', { issuer: 'i', at: T0 + 9 }],
    ]);
    expect([...got.keys()]).toEqual([tokenHash('tok'), tokenHash('other')]);
  });
});

describe('analyseToken', () => {
  const at = { requestStart: T0 };
  it.each([
    ['a literal placeholder, any case', 'NaN', 'the token is the literal text "NaN"'],
    ['[object Object]', '[object Object]', 'the token is the literal text "[object Object]"'],
    ['single quotes', "'abc'", 'the token is wrapped in quotes'],
    ['the scheme again', 'bearer abc', 'the "Bearer" scheme is repeated inside the token'],
    ['a space', 'ab cd', 'the token contains characters a bearer token cannot hold (spaces, quotes or symbols)'],
    ['a symbol', 'ab$cd', 'the token contains characters a bearer token cannot hold (spaces, quotes or symbols)'],
    ['four parts', 'eyJa.b.c.d', 'looks like a JWT but has 4 dot-separated parts, not 3 (cut short or joined?)'],
  ])('%s: malformed, %s', (_n, token, error) => {
    expect(analyseToken(token, at)).toEqual({
      ...emptyTokenInfo(),
      present: true,
      shape: 'malformed',
      error,
      hash: tokenHash(token),
      length: token.length,
    });
  });

  it('quotes and a repeated scheme count only at the ends and the start', () => {
    const chars = 'the token contains characters a bearer token cannot hold (spaces, quotes or symbols)';
    expect(analyseToken('x"ab"', at).error).toBe(chars);
    expect(analyseToken('"ab"x', at).error).toBe(chars);
    expect(analyseToken('xbearer abc', at).error).toBe(chars);
  });

  it('never throws: a failing cache reads as a malformed present token, or as no token', () => {
    const broken = {
      get: () => {
        throw new Error('no');
      },
    } as unknown as Map<string, never>;
    expect(analyseToken('abc', at, broken)).toEqual({
      ...emptyTokenInfo(),
      present: true,
      shape: 'malformed',
      error: 'could not be analysed',
    });
    expect(analyseToken('  ', at, broken)).toEqual(emptyTokenInfo());
  });

  it('a JWT that does not decode names the decoder error', () => {
    expect(analyseToken('eyJhbGciOi.eyJzdWIi.x', at).error).toMatch(/^looks like a JWT but does not decode: ./);
  });

  it('padding is allowed; an opaque token', () => {
    expect(analyseToken('abc==', at)).toEqual({
      ...emptyTokenInfo(),
      present: true,
      shape: 'opaque',
      hash: tokenHash('abc=='),
      length: 5,
    });
  });

  it('reads header, string claims, aud list and dates; milliseconds warned once per claim', () => {
    const info = analyseToken(
      fakeJwt(
        { iss: 5, sub: 's', aud: ['a', 3, 'b'], exp: 1e11 + 1, nbf: 1e11, iat: NOW_SEC - 10 },
        { alg: 'HS256', kid: 'k', typ: 7 },
      ),
      { requestStart: T0, responseDate: T0 + 3000 },
    );
    expect(info).toMatchObject({
      shape: 'jwt',
      decodable: true,
      alg: 'HS256',
      kid: 'k',
      typ: null,
      iss: null,
      sub: 's',
      aud: ['a', 'b'],
      exp: 1e11 + 1,
      nbf: 1e11,
      iat: NOW_SEC - 10,
      ageSec: 10,
      clockSkewSec: 3,
      warnings: ['"exp" looks like milliseconds; JWT dates are seconds'],
    });
    expect(analyseToken(fakeJwt({ aud: 5, iat: 'x' }), at)).toMatchObject({
      aud: [],
      iat: null,
      warnings: ['"iat" is not a number, so servers reject the token'],
    });
  });

  it('a JWE has readable headers but no claims', () => {
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d';
    expect(analyseToken(jwe, at)).toMatchObject({
      shape: 'opaque',
      decodable: false,
      warnings: ['an encrypted JWT (JWE): its claims cannot be read'],
    });
  });

  it('no skew without a finite response date', () => {
    expect(analyseToken(fakeJwt({}), { requestStart: T0, responseDate: Number.NaN }).clockSkewSec).toBeNull();
  });
});
