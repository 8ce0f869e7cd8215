// tokenCause and malformedAuthorization case by case: the exact title, cause and fix a developer
// reads for each kind of refused token (tokenNotes.cases.test.ts: the rest of tokenCause.ts).
import { describe, expect, it } from 'vitest';
import type { AuthorizationParts } from './headers.ts';
import { makeEvent, T0 } from './testFixtures.ts';
import { malformedAuthorization, tokenCause } from './tokenCause.ts';
import { token, entry, BEARER, pullEvent, pushEvent, cause, err, accepted, DESCRIBED } from './tokenCauseTestKit.ts';

describe('malformedAuthorization', () => {
  const ok = entry(token());
  const title = 'Malformed Authorization header';
  it.each<[string, AuthorizationParts, string, string]>([
    [
      'no value',
      { raw: null, scheme: null, token: undefined },
      'The Authorization header is present but empty.',
      'Send no Authorization header until there is a token, then `Bearer ${token}`.',
    ],
    [
      'blank',
      { raw: '  ', scheme: null, token: undefined },
      'The Authorization header is present but empty.',
      'Send no Authorization header until there is a token, then `Bearer ${token}`.',
    ],
    [
      'no scheme',
      { raw: 'abc', scheme: null, token: 'abc' },
      'The Authorization header holds a token with no scheme in front of it.',
      'Return { authorization: `Bearer ${token}` } from authHeaders().',
    ],
    [
      'a scheme alone',
      { raw: 'Bearer', scheme: 'Bearer', token: '' },
      'The Authorization header is "Bearer" with no token after it.',
      'authHeaders() ran before a token existed: wait for sign-in, or send no header until there is a token.',
    ],
  ])('%s', (_n, auth, c, fix) => {
    expect(malformedAuthorization(auth, ok)).toEqual(err('malformed-authorization', title, c, fix));
  });

  it('a malformed token names why, or "unreadable"', () => {
    const fix =
      'Send the raw token string: `Bearer ${token}` with the token exactly as the identity provider issued it.';
    expect(malformedAuthorization(BEARER, entry(token({ shape: 'malformed', error: 'bad base64' })))).toEqual(
      err('malformed-authorization', title, 'The bearer token is malformed: bad base64.', fix),
    );
    expect(malformedAuthorization(BEARER, entry(token({ shape: 'malformed' })))?.cause).toBe(
      'The bearer token is malformed: unreadable.',
    );
  });

  it('a well-formed header is no cause', () => {
    expect(malformedAuthorization(BEARER, ok)).toBeNull();
  });
});

describe('tokenCause', () => {
  it('another scheme than Bearer', () => {
    expect(cause(token(), {}, pushEvent, { raw: 'Basic abc', scheme: 'Basic', token: 'abc' })).toEqual(
      err(
        'server-refused-opaque-token',
        'Credentials refused',
        `The push used the "Basic" scheme and the server's auth() refused it.`,
        "Check that the server's auth() accepts this scheme; plasma apps usually send `Bearer <token>`.",
      ),
    );
  });

  it('a lower-case bearer scheme is Bearer; an opaque token', () => {
    expect(cause(token({ shape: 'opaque' }), {}, pullEvent, { raw: 'bearer x', scheme: 'bearer', token: 'x' })).toEqual(
      err(
        'server-refused-opaque-token',
        'Opaque token refused',
        "The bearer token is opaque (not a JWT), so its expiry and claims cannot be read here; the server's auth() refused it.",
        "Check how the server's auth() validates this token (session store, introspection) and that authHeaders() returns a current one.",
      ),
    );
  });

  it.each(['bad-signature', 'no-key'] as const)('a failed verification (%s) names the kid', (code) => {
    const verifications = new Map([['h-me', { ok: false as const, code, message: 'nope' }]]);
    expect(cause(token(), { verifications })).toEqual(
      err(
        'bad-signature',
        'Signature does not verify',
        'The token (kid "k1") fails verification with the key you set: nope',
        "Sign tokens with the key the server's auth() verifies with, or point auth() at the issuer's current JWKS.",
      ),
    );
    expect(cause(token({ kid: null }), { verifications }).cause).toBe(
      'The token fails verification with the key you set: nope',
    );
  });

  it('a token with no hash is not looked up among verifications', () => {
    const verifications = new Map([['', { ok: false as const, code: 'bad-signature' as const, message: 'm' }]]);
    expect(cause(token({ hash: null }), { verifications }).code).toBe('server-refused-valid-token');
  });

  it('a structure jose rejects', () => {
    const verifications = new Map([['h-me', { ok: false as const, code: 'malformed' as const, message: 'bad exp' }]]);
    expect(cause(token(), { verifications })).toEqual(
      err(
        'malformed-authorization',
        'Malformed token',
        "jose rejects the token's structure: bad exp",
        'Issue standard JWTs: numeric exp/nbf/iat, string iss/sub, aud a string or list.',
      ),
    );
  });

  it.each([
    [0, 'The token expired 0 s before this pull was sent (exp 2025-01-15T12:10:00Z).'],
    [-90, 'The token expired 1 min 30 s before this pull was sent (exp 2025-01-15T12:10:00Z).'],
  ])('expired %s s', (expiresInSec, text) => {
    expect(cause(token({ expiresInSec }))).toEqual(
      err(
        'expired',
        'Token expired',
        text,
        'Refresh the token inside authHeaders() (called before every push and pull) instead of caching it past exp.',
      ),
    );
  });

  it('expired without exp; expired after being accepted once or many times', () => {
    expect(cause(token({ expiresInSec: -5, exp: null }), {}, pushEvent).cause).toBe(
      'The token expired 5 s before this push was sent.',
    );
    const t = token({ expiresInSec: -5 });
    expect(cause(t, { accepted: accepted([t, 1, T0 - 1000]) }).cause).toBe(
      'The token expired 5 s before this pull was sent (exp 2025-01-15T12:10:00Z). The same token was accepted once before it expired, last at 11:59:59 UTC: it expired mid-session and was never refreshed.',
    );
    expect(cause(t, { accepted: accepted([t, 3, T0]) }).cause).toContain(
      ' accepted 3 times before it expired, last at 12:00:00 UTC',
    );
    expect(cause(token({ expiresInSec: -5, hash: null }), { accepted: accepted([t, 3, T0]) }).cause).not.toContain(
      'accepted',
    );
  });

  it('expired by the server clock: skew beyond noise, at or past what was left', () => {
    const want = err(
      'expired',
      'Token expired by the server clock',
      "The token had 10 s left by this browser's clock, but the server's clock is 10 s ahead, so it had expired there.",
      'Fix the clock difference (NTP), or refresh tokens well before exp.',
    );
    expect(cause(token({ expiresInSec: 10, clockSkewSec: 10 }))).toEqual(want);
    expect(cause(token({ expiresInSec: 10, clockSkewSec: 9 })).code).toBe('server-refused-valid-token');
    expect(cause(token({ expiresInSec: 2, clockSkewSec: 2 })).code).toBe('server-refused-valid-token'); // noise
    expect(cause(token({ expiresInSec: 3, clockSkewSec: 3 })).code).toBe('expired');
    expect(cause(token({ expiresInSec: 3, clockSkewSec: -3 })).code).toBe('server-refused-valid-token');
    // The round trip widens the noise: 3 s of skew over a 2 s request is not a clock problem.
    expect(
      tokenCause(makeEvent({ durationMs: 2000 }), entry(token({ expiresInSec: 3, clockSkewSec: 3 })), BEARER, {}).code,
    ).toBe('server-refused-valid-token');
    expect(
      tokenCause(makeEvent({ durationMs: 999 }), entry(token({ expiresInSec: 3.5, clockSkewSec: 3.5 })), BEARER, {})
        .code,
    ).toBe('expired');
  });

  it('not valid yet, with the server clock behind when it is', () => {
    const fix = "Allow a small clock tolerance in auth() (jose's clockTolerance), or fix the issuer's clock.";
    expect(cause(token({ notYetValidBySec: 30 }), {}, pushEvent)).toEqual(
      err('not-yet-valid', 'Token not valid yet', "The token's nbf is 30 s after this push was sent.", fix),
    );
    expect(cause(token({ notYetValidBySec: 30, clockSkewSec: -120 })).cause).toBe(
      "The token's nbf is 30 s after this pull was sent. The server's clock is 2 min behind this browser's.",
    );
    expect(cause(token({ notYetValidBySec: 30, clockSkewSec: 120 })).cause).toBe(
      "The token's nbf is 30 s after this pull was sent.",
    );
    expect(cause(token({ notYetValidBySec: 0 })).code).toBe('server-refused-valid-token');
  });

  it('a wrong algorithm lists up to three accepted ones', () => {
    expect(cause(token({ alg: 'HS256' }), { declared: { algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] } })).toEqual(
      err(
        'wrong-algorithm',
        'Wrong signing algorithm',
        `The token is signed with alg "HS256"; the app accepts "RS256" or "ES256" or "PS256" (declared by the app's admin API /info).`,
        "Issue tokens with an algorithm the server's auth() accepts, or add this one to its allowed algorithms.",
      ),
    );
    expect(cause(token({ alg: 'RS256' }), { declared: { algorithms: ['RS256'] } }).code).toBe(
      'server-refused-valid-token',
    );
    expect(cause(token({ alg: null }), { declared: { algorithms: ['RS256'] } }).code).toBe(
      'server-refused-valid-token',
    );
  });

  it('a wrong issuer, typed or declared, missing, or named by verification', () => {
    const fix = "Get tokens from the issuer the server's auth() trusts, or change the issuer auth() checks.";
    expect(cause(token({ iss: 'https://evil' }), { expect: { issuer: 'https://id' } })).toEqual(
      err('wrong-issuer', 'Wrong issuer', `The token's iss is "https://evil"; expected "https://id".`, fix),
    );
    expect(cause(token({ iss: null }), { declared: { issuer: ['a', 'b'] } }).cause).toBe(
      `The token's iss is missing; expected "a" or "b" (declared by the app's admin API /info).`,
    );
    const verifications = new Map([['h-me', { ok: false as const, code: 'wrong-issuer' as const, message: 'm' }]]);
    expect(cause(token(), { verifications }).cause).toBe(
      `The token's iss is "https://id.example"; expected another issuer.`,
    );
    expect(cause(token(), { expect: { issuer: 'https://id.example' } }).code).toBe('server-refused-valid-token');
  });

  it('a wrong audience: none, some, or named by verification', () => {
    const fix =
      'Request the token for the audience the server checks (the API identifier), or fix the audience auth() expects.';
    expect(cause(token({ aud: ['a', 'b', 'c', 'd'] }), { expect: { audience: 'api' } })).toEqual(
      err('wrong-audience', 'Wrong audience', `The token carries aud "a", "b", "c"; expected "api".`, fix),
    );
    expect(cause(token({ aud: [] }), { declared: { audience: 'api' } }).cause).toBe(
      `The token carries no aud; expected "api" (declared by the app's admin API /info).`,
    );
    const verifications = new Map([['h-me', { ok: false as const, code: 'wrong-audience' as const, message: 'm' }]]);
    expect(cause(token(), { verifications }).cause).toBe(`The token carries aud "api"; expected another audience.`);
    expect(cause(token({ aud: ['x', 'api'] }), { expect: { audience: 'api' } }).code).toBe(
      'server-refused-valid-token',
    );
  });

  it('an unexpired token with nothing to compare with', () => {
    expect(cause(token())).toEqual(
      err(
        'server-refused-valid-token',
        'Server refused an unexpired token',
        `The server's auth() refused a token that is not expired (${DESCRIBED}; its signature was not checked here). This endpoint accepted no token earlier in the capture, so there is nothing to compare it with.`,
        `Check the server's auth(): it must accept this token and return ok with clientGroupID "g1" for sub "alice".`,
      ),
    );
  });

  it('a verified token accepted before, with no group and no sub', () => {
    const t = token({ sub: null });
    const verifications = new Map([['h-me', { ok: true as const }]]);
    const got = tokenCause(pullEvent, entry(t, { clientGroupID: null }), BEARER, {
      verifications,
      accepted: accepted([t, 2, T0 - 2000]),
    });
    expect(got.cause).toContain('; its signature verifies with the key you set). ');
    expect(got.cause).toMatch(
      /\. This same token was accepted 2 times before, last at 11:59:58 UTC: what changed is on the server's side \(a revoked session, a user or client-group check\)\.$/,
    );
    expect(got.fix).toBe(
      "Check the server's auth(): it must accept this token and return ok with clientGroupID unknown for sub (none).",
    );
  });

  it('a token that matches the ones accepted', () => {
    const other = token({ hash: 'h-other' });
    const me = token();
    const got = cause(me, { accepted: accepted([other, 1, T0], [me, 1, T0 - 1000]) });
    expect(got.title).toBe('Server refused an unexpired token');
    expect(got.cause).toMatch(
      /\. It matches the 1 other token\(s\) this endpoint accepted earlier in alg, kid, iss, aud and sub\. This same token was accepted once before, last at 11:59:59 UTC: /,
    );
  });

  it('a token that differs from the accepted ones in one field, then in two', () => {
    const other = token({ hash: 'h-other', kid: 'k0' });
    const one = cause(token(), { accepted: accepted([other, 1, T0]) });
    expect(one.title).toBe('Token refused: its kid differs from accepted tokens');
    expect(one.cause).toMatch(/\. accepted tokens had kid "k0"; this one has "k1"\.$/);
    expect(one.fix).toBe(
      "Issue the token the way the accepted ones were (same kid), or make the server's auth() accept it.",
    );
    const two = cause(token({ sub: 'bob' }), { accepted: accepted([other, 1, T0]) });
    expect(two.title).toBe('Token refused: its kid, sub differ from accepted tokens');
    expect(two.cause).toMatch(
      /accepted tokens had kid "k0"; this one has "k1"; accepted tokens had sub "alice"; this one has "bob"\.$/,
    );
    expect(two.fix).toBe(
      "Issue the token the way the accepted ones were (same kid, sub), or make the server's auth() accept it.",
    );
  });
});
