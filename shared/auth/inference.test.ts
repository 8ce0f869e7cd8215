// What the panel infers on its own (no admin API): each cause's text says what the evidence shows
// and no more. One case per cause, asserted on the sentence a user reads.

import { describe, expect, it } from 'vitest';
import { computeFindings } from './findings.ts';
import { issuesToken } from './requirement.ts';
import { fakeJwt, goodClaims, makeEvent, NOW_SEC, series, T0 } from './testFixtures.ts';
import type { Finding } from './types.ts';

const find = (findings: Finding[], code: string) => findings.find((f) => f.code === code);
const accepted = fakeJwt(goodClaims({ aud: 'plasma-app' }), { alg: 'RS256', kid: 'k1', typ: 'JWT' });

describe('a refused token that has not expired', () => {
  it('names alg, kid, iss, aud, sub and exp, and how it differs from the tokens this endpoint accepted', () => {
    const refused = fakeJwt(goodClaims({ aud: 'other-api' }), { alg: 'RS256', kid: 'k2', typ: 'JWT' });
    const events = [
      ...series(3, { bearer: accepted }),
      makeEvent({ id: 'x', bearer: refused, status: 401, startedAt: T0 + 5000 }),
    ];
    const f = find(computeFindings(events), 'server-refused-valid-token');
    expect(f?.title).toBe('Token refused: its kid, aud differ from accepted tokens');
    expect(f?.cause).toContain(
      'alg RS256, kid "k2", iss "https://id.example", aud "other-api", sub "alice", exp 2025-01-15T13:00:00Z',
    );
    expect(f?.cause).toContain(
      'accepted tokens had kid "k1"; this one has "k2"; accepted tokens had aud "plasma-app"; this one has "other-api".',
    );
    expect(f?.fix).toContain('same kid, aud');
  });

  it('says when it matches the accepted tokens, so the server-side check is the place to look', () => {
    const refreshed = fakeJwt(goodClaims({ aud: 'plasma-app', jti: 'n2' }), { alg: 'RS256', kid: 'k1', typ: 'JWT' });
    const events = [
      ...series(2, { bearer: accepted }),
      makeEvent({ id: 'x', bearer: refreshed, status: 401, startedAt: T0 + 5000 }),
    ];
    const f = find(computeFindings(events), 'server-refused-valid-token');
    expect(f?.title).toBe('Server refused an unexpired token');
    expect(f?.cause).toContain(
      'It matches the 1 other token(s) this endpoint accepted earlier in alg, kid, iss, aud and sub.',
    );
  });

  it('says when nothing was accepted to compare with; tokens accepted by another endpoint do not count', () => {
    const other = makeEvent({ id: 'o', bearer: accepted, url: 'https://api.app.test/other/pull', basePath: '/other' });
    const f = find(
      computeFindings([other, makeEvent({ id: 'x', bearer: fakeJwt(goodClaims()), status: 401, startedAt: T0 + 1 })]),
      'server-refused-valid-token',
    );
    expect(f?.cause).toContain('This endpoint accepted no token earlier in the capture');
  });

  it('an expired token that was accepted earlier in the session says so', () => {
    const token = fakeJwt(goodClaims({ exp: NOW_SEC + 2 }));
    const events = series(5, (i) => ({ bearer: token, status: i < 2 ? 200 : 401 }));
    const f = find(computeFindings(events), 'expired');
    expect(f?.cause).toMatch(
      /^The token expired \d s before this pull was sent \(exp 2025-01-15T12:00:02Z\)\. The same token was accepted 2 times before it expired, last at 12:00:01 UTC: it expired mid-session/,
    );
  });
});

describe('403', () => {
  it('reads the required role from a body shape of its own and says how old the token is', () => {
    const token = fakeJwt(goodClaims({ role: 'member', iat: NOW_SEC - 7500 }));
    const event = makeEvent({
      bearer: token,
      status: 403,
      errorBody: {
        state: 'ok',
        value: {
          error: null,
          reason: null,
          expected: null,
          max: null,
          details: null,
          raw: { errors: [{ code: 'insufficient_scope', meta: { needs: { scope: 'sync:admin' } } }] },
        },
      },
    });
    const f = find(computeFindings([event]), 'forbidden-role');
    expect(f?.title).toBe('Forbidden: requires scope "sync:admin"');
    expect(f?.cause).toBe(
      'The server answered 403: the token carries role "member"; the response names scope "sync:admin" as required (errors[0].meta.needs.scope). The token was minted 2 h 5 min before this pull (iat 2025-01-15T09:55:00Z), so a scope granted since then is not in it.',
    );
    expect(f?.fix).toContain('sign in again so the new token carries it');
  });

  it('a refused token re-sent after a 403 is not told what to do "on a 401"', () => {
    const f = find(computeFindings(series(5, { bearer: fakeJwt(goodClaims()), status: 403 })), 'retry-loop');
    expect(f?.cause).toContain('answered 403');
    expect(f?.fix).not.toContain('401');
  });
});

/** A pull of a second client (c2) of the same group that carries a token. */
function otherClient() {
  const e = makeEvent({ id: 'other', bearer: fakeJwt(goodClaims()), startedAt: T0 + 500 });
  return e.request.state === 'ok'
    ? ({ ...e, request: { state: 'ok' as const, value: { ...e.request.value, clientID: 'c2' } } } as typeof e)
    : e;
}

describe('no credentials, an empty bearer, and the token race', () => {
  it('an empty bearer is judged like no credentials', () => {
    const f = find(
      computeFindings([makeEvent({ status: 401, requestHeaders: [{ name: 'authorization', value: 'Bearer ' }] })]),
      'no-credentials',
    );
    expect(f?.title).toBe('No credentials sent');
    expect(f?.cause).toContain('an Authorization header with no token in it');
  });

  it('an empty-bearer stream that goes on after sign-in is "booted unauthenticated and never upgraded", with the times', () => {
    const empty = { status: 401, requestHeaders: [{ name: 'authorization', value: 'Bearer ' }] };
    const events = series(6, () => empty);
    const seen = [{ url: 'https://api.app.test/dev/sign-in', startedAt: T0 + 1500, status: 200 }];
    const f = find(computeFindings(events, { seen }), 'stuck-unauthenticated');
    expect(f?.title).toBe('Booted unauthenticated and never upgraded (4 requests)');
    expect(f?.cause).toBe(
      'Sync to "https://api.app.test/sync" started at 12:00:00 UTC without credentials; a sign-in response from "/dev/sign-in" at 12:00:01 UTC, yet 4 later sync requests until 12:00:05 UTC still carried none (an empty Authorization header counts as none).',
    );
    expect(f?.requestIds).toEqual(['r3', 'r4', 'r5', 'r6']);
  });

  it.each([
    [
      'a Set-Cookie of an auth cookie',
      { seen: [{ url: 'https://api.app.test/auth', startedAt: T0 + 500, setCookies: ['session=abc; Path=/'] }] },
      'the auth cookie "session" was set at 12:00:00 UTC',
    ],
    [
      'a credentialed request of another client',
      { extra: otherClient() },
      'a request to "/sync/pull" carried a token at 12:00:00 UTC',
    ],
    [
      "the page's own state (bridge)",
      { signals: [{ at: T0 + 500, kind: 'state' as const, what: 'the page reported a signed-in user' }] },
      'the page reported a signed-in user at 12:00:00 UTC',
    ],
  ])('evidence that a token existed: %s', (_name, o, text) => {
    const events = [...series(5, { status: 401 }), ...('extra' in o ? [o.extra] : [])];
    const f = find(
      computeFindings(events, { seen: 'seen' in o ? o.seen : [], signals: 'signals' in o ? o.signals : [] }),
      'stuck-unauthenticated',
    );
    expect(f?.title).toMatch(/^Booted unauthenticated and never upgraded/);
    expect(f?.cause).toContain(text);
  });

  it('a client that never signed in is never told "after sign-in"', () => {
    const findings = computeFindings(series(5, { status: 401 }));
    const f = find(findings, 'stuck-unauthenticated');
    expect(f?.title).toBe('Never authenticated: refused without credentials (4 requests)');
    expect(f?.cause).toContain('no sign-in, token or auth cookie was seen in the capture');
    for (const x of findings) expect(`${x.title} ${x.cause} ${x.fix}`).not.toMatch(/after sign-in/);
  });

  it('"after sign-in" only when a sign-in came after the stream had credentials', () => {
    const token = fakeJwt(goodClaims());
    const events = series(6, (i) => (i === 0 ? { bearer: token } : { status: 401 }));
    const seen = [{ url: 'https://api.app.test/login', startedAt: T0 + 1500, status: 200 }];
    expect(find(computeFindings(events, { seen }), 'stuck-unauthenticated')?.title).toMatch(
      /^Still unauthenticated after sign-in/,
    );
    expect(find(computeFindings(events), 'stuck-unauthenticated')?.title).toMatch(/^Credentials dropped/);
  });
});

describe('identity switch with a non-empty outbox', () => {
  it("says the first user's queued mutations were pushed as the second user", () => {
    const alice = fakeJwt(goodClaims());
    const bob = fakeJwt(goodClaims({ sub: 'bob' }));
    const pull = makeEvent({ id: 'a1', bearer: alice, startedAt: T0 });
    const push = makeEvent({ id: 'b1', kind: 'push', bearer: bob, status: 401, startedAt: T0 + 5000 });
    const withOutbox =
      push.request.state === 'ok' && push.kind === 'push'
        ? {
            ...push,
            request: {
              state: 'ok' as const,
              value: {
                ...push.request.value,
                mutations: [1, 2].map((id) => ({ id, name: 'createTodo', args: {}, timestamp: T0 + 1000 })),
              },
            },
          }
        : push;
    const findings = computeFindings([pull, withOutbox]);
    const f = find(findings, 'identity-switch');
    expect(f?.cause).toBe(
      'clientGroupID "g1" synced as sub "alice", then as sub "bob": the local store still holds the first user\'s rows, and 2 mutations queued before the switch were pushed as sub "bob".',
    );
    expect(find(findings, 'server-refused-valid-token')?.cause).toContain(
      'accepted tokens had sub "alice"; this one has "bob"',
    );
  });
});

describe('a token refused after the same token was accepted', () => {
  it('says so instead of claiming nothing was accepted', () => {
    const token = fakeJwt(goodClaims());
    const f = find(
      computeFindings(series(4, (i) => ({ bearer: token, status: i < 2 ? 200 : 401 }))),
      'server-refused-valid-token',
    );
    expect(f?.cause).toContain(
      "This same token was accepted 2 times before, last at 12:00:01 UTC: what changed is on the server's side",
    );
    expect(f?.cause).not.toContain('accepted no token');
  });
});

describe('a token response as evidence', () => {
  it('a response whose body hands out a token counts, whatever its path', () => {
    const body = JSON.stringify({ data: { access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJlLXNpZ25hdHVyZQ' } });
    const seen = [
      { url: 'https://api.app.test/api/me', startedAt: T0 + 500, status: 200, issuedToken: issuesToken(body) },
    ];
    const f = find(computeFindings(series(5, { status: 401 }), { seen }), 'stuck-unauthenticated');
    expect(f?.cause).toContain('a response from "/api/me" handed out a token at 12:00:00 UTC');
    expect(issuesToken('{"ok":true}')).toBe(false);
    expect(issuesToken('{"token":"short"}')).toBe(false);
    expect(issuesToken('<html>token</html>')).toBe(false);
  });
});
