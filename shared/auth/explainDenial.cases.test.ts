// Exact causes of explainDenial.ts: every title, cause and fix sentence of its own branches (no credentials,
// provisional headers, refused cookies, 403 with and without a named requirement), and the sign-in link.
import { describe, expect, it } from 'vitest';
import { collectSetCookies } from './cookieCause.ts';
import { explainDenial, type DenialContext } from './explainDenial.ts';
import { ledgerEntryFor } from './ledger.ts';
import { fakeJwt, goodClaims, makeEvent, type EventOverrides } from './testFixtures.ts';

function explain(o: EventOverrides, ctx: DenialContext = {}) {
  const event = makeEvent({ status: 401, ...o });
  return explainDenial(event, ledgerEntryFor(event, 0), ctx);
}

const NO_CREDS_FIX =
  'Return { authorization: `Bearer ${token}` } from authHeaders() (called before every push and pull), or make sure the session cookie is sent.';
const CHECK_ROLE_FIX =
  "Check which role or scope the server's auth() or middleware requires for this endpoint, grant it, and sign in again.";
const MINTED = ' The token was minted 1 min before this pull (iat 2025-01-15T11:59:00Z), so a';

describe('explainDenial, 401 causes', () => {
  it('no credentials, for a pull and for a push', () => {
    expect(explain({})).toEqual({
      code: 'no-credentials',
      severity: 'error',
      title: 'No credentials sent',
      cause: 'The pull carried no Authorization header and no Cookie, so auth() had nothing to check.',
      fix: NO_CREDS_FIX,
    });
    expect(explain({ kind: 'push' })?.cause).toBe(
      'The push carried no Authorization header and no Cookie, so auth() had nothing to check.',
    );
  });

  it('an Authorization header with nothing after the scheme', () => {
    expect(explain({ requestHeaders: [{ name: 'authorization', value: 'Bearer ' }] })).toEqual({
      code: 'no-credentials',
      severity: 'error',
      title: 'No credentials sent',
      cause:
        'The pull sent an Authorization header with no token in it ("Bearer" and nothing after) and no Cookie, so auth() had nothing to check.',
      fix: 'authHeaders() built `Bearer ${token}` before a token existed: read the token when it is called, and send no header until there is one.',
    });
    expect(explain({ requestHeaders: [{ name: 'authorization', value: ' ' }] })?.cause).toContain(
      'with no token in it ("" and nothing after)',
    );
  });

  it('provisional headers', () => {
    expect(explain({ requestHeaders: [] })).toEqual({
      code: 'headers-unavailable',
      severity: 'warning',
      title: 'Request headers not captured',
      cause:
        'DevTools captured no request headers for this request (provisional headers), so the credentials sent are unknown.',
      fix: 'Open DevTools before the page loads and reload, so full request headers are captured.',
    });
  });

  it('a session cookie the server refused', () => {
    expect(explain({ cookie: 'theme=dark; session=abc' })).toEqual({
      code: 'server-refused-cookie',
      severity: 'error',
      title: 'Session cookie refused',
      cause:
        'The request carried the cookie(s) "theme", "session", but the server\'s auth() refused them: the session may have expired or been revoked server-side.',
      fix: "Sign in again, and check how the server's auth() looks the session up (cookie name, session store, expiry).",
    });
  });

  it('cookies none of which looks like a session cookie; at most five are named', () => {
    expect(explain({ cookie: 'a=1; b=2; c=3; d=4; e=5; f=6' })?.cause).toBe(
      'The request carried cookies ("a", "b", "c", "d", "e"), but none looks like a session cookie, and the server\'s auth() refused it.',
    );
  });
});

describe('explainDenial, a session cookie set elsewhere and not sent', () => {
  const cookies = collectSetCookies(
    [],
    [
      {
        url: 'https://auth.elsewhere.test/login',
        startedAt: 0,
        status: 200,
        setCookies: ['session=s1; Path=/; Secure'],
      },
    ],
  );

  it('with other cookies only: the missing session cookie is the cause', () => {
    expect(explain({ cookie: 'theme=dark' }, { cookies })?.code).toBe('cookie-not-sent');
    expect(explain({}, { cookies })?.code).toBe('cookie-not-sent');
  });

  it('with a session cookie sent: the server refused it', () => {
    expect(explain({ cookie: 'sid=1' }, { cookies })?.code).toBe('server-refused-cookie');
  });
});

describe('explainDenial, 403 causes', () => {
  const jwt = (extra: Record<string, unknown> = {}) => fakeJwt(goodClaims(extra));

  it('without credentials', () => {
    expect(explain({ status: 403 })).toEqual({
      code: 'no-credentials',
      severity: 'error',
      title: 'Forbidden without credentials',
      cause: 'The pull carried no Authorization header and no Cookie, so auth() had nothing to check.',
      fix: NO_CREDS_FIX,
    });
  });

  it('a role named by the body that the token lacks', () => {
    expect(
      explain({ status: 403, bearer: jwt({ role: 'viewer' }), body: { details: { requiredRole: 'admin' } } }),
    ).toEqual({
      code: 'forbidden-role',
      severity: 'error',
      title: 'Forbidden: requires role "admin"',
      cause: `The server answered 403: the token carries role "viewer"; the response names role "admin" as required (requiredRole).${MINTED} role granted since then is not in it.`,
      fix: 'Give this user role "admin" in the identity provider, then sign in again so the new token carries it.',
    });
  });

  it('the raw body is read before details, and a scope from WWW-Authenticate', () => {
    const raw = explain({
      status: 403,
      bearer: jwt(),
      body: { raw: { neededScope: 'w' }, details: { requiredRole: 'admin' } },
    });
    expect(raw?.title).toBe('Forbidden: requires scope "w"');
    expect(raw?.cause).toContain(`${MINTED} scope granted since then is not in it.`);
    const www = explain({
      status: 403,
      bearer: jwt(),
      responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer scope="sync:write"' }],
    });
    expect(www?.title).toBe('Forbidden: requires scope "sync:write"');
    expect(www?.cause).toContain('the response names scope "sync:write" as required (WWW-Authenticate).');
  });

  it('the token already carries the required role', () => {
    expect(
      explain({ status: 403, bearer: jwt({ role: 'admin' }), body: { details: { requiredRole: 'admin' } } }),
    ).toEqual({
      code: 'forbidden-role',
      severity: 'error',
      title: 'Forbidden: requires role "admin"',
      cause: `The server answered 403: the token carries role "admin"; the response names role "admin" as required (requiredRole). The token already carries it, so the server refused for another reason.${MINTED} role granted since then is not in it.`,
      fix: CHECK_ROLE_FIX,
    });
    // A scope of the same name is not the role.
    const scope = explain({
      status: 403,
      bearer: jwt({ role: 'admin' }),
      body: { details: { requiredScope: 'admin' } },
    });
    expect(scope?.fix).toBe(
      'Give this user scope "admin" in the identity provider, then sign in again so the new token carries it.',
    );
  });

  it("roles declared by the app's admin API, when the body names none", () => {
    const declared = { requiredRoles: ['a', 'b', 'c', 'd'] } as unknown as DenialContext['declared'];
    const cause = explain({ status: 403, bearer: jwt({ iat: undefined }) }, { declared });
    expect(cause).toEqual({
      code: 'forbidden-role',
      severity: 'error',
      title: 'Forbidden: requires role "a or b or c"',
      cause:
        'The server answered 403: the token carries no role claim; the response names role "a or b or c" as required (declared by the app\'s admin API /info). The token has no iat, so when it was minted is unknown.',
      fix: 'Give this user role "a or b or c" in the identity provider, then sign in again so the new token carries it.',
    });
    const none = { requiredRoles: [] } as unknown as DenialContext['declared'];
    expect(explain({ status: 403, bearer: jwt({ iat: undefined }) }, { declared: none })).toEqual({
      code: 'forbidden-role',
      severity: 'error',
      title: 'Forbidden: role not allowed',
      cause:
        'The server answered 403: the token carries no role claim. The token has no iat, so when it was minted is unknown.',
      fix: CHECK_ROLE_FIX,
    });
  });

  it('no requirement named: "role" in the age sentence; an opaque token or a cookie says nothing of age', () => {
    expect(explain({ status: 403, bearer: jwt() })?.cause).toBe(
      `The server answered 403: the token carries no role claim.${MINTED} role granted since then is not in it.`,
    );
    expect(explain({ status: 403, bearer: 'gho_16C7e42F292c6912E7710c838347Ae178B4a' })?.cause).toBe(
      'The server answered 403: the role of this session is not visible to the panel.',
    );
    expect(explain({ status: 403, cookie: 'sid=1' })?.cause).toBe(
      'The server answered 403: the role of this session is not visible to the panel.',
    );
  });
});

describe('explainDenial, links and flattening', () => {
  it('a sign-in link from details or the raw body, none from an unparsed body', () => {
    expect(explain({ body: { details: { loginUrl: 'https://id.test/x' } } })?.link).toBe('https://id.test/x');
    expect(explain({ body: { raw: { loginUrl: '/in' } } })?.link).toBe('https://api.app.test/in');
    expect(explain({ body: { details: { docsUrl: '/in' } } })).not.toHaveProperty('link');
    const event = makeEvent({ status: 401 });
    const unparsed = { ...event, errorBody: { state: 'unparseable' as const, reason: 'x', raw: '{"loginUrl":"/in"}' } };
    expect(explainDenial(unparsed, ledgerEntryFor(unparsed, 0))).not.toHaveProperty('link');
  });

  it('page-supplied text reaches the sentences on one line', () => {
    const cause = explain({ status: 403, bearer: fakeJwt(goodClaims({ role: 'a\nb' })) });
    expect(cause?.cause).toContain('the token carries role "a b"');
    const title = explain({
      status: 403,
      bearer: fakeJwt(goodClaims()),
      body: { details: { requiredRole: 'x\u2028y' } },
    });
    expect(title?.title).toBe('Forbidden: requires role "x y"');
  });
});
