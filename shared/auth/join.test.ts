import { describe, expect, it } from 'vitest';
import type { AuthDecision } from '../admin/authLog.ts';
import type { SyncEvent } from '../sync/types.ts';
import { computeFindings } from './findings.ts';
import { tokenHash } from './hash.ts';
import { joinDecisions, joinRequestsOf } from './join.ts';
import { buildLedger, orderEvents } from './ledger.ts';
import type { ServerAuth } from './serverCause.ts';
import { fakeJwt, goodClaims, series, T0, type EventOverrides } from './testFixtures.ts';

const tokenA = fakeJwt(goodClaims());
const tokenB = fakeJwt(goodClaims({ sub: 'bob' }));
const MIN = 60_000;

/** The server's record of a captured request, `offsetMs` on the server's clock from its start. */
function decided(e: SyncEvent, offsetMs: number, o: Partial<AuthDecision> = {}): AuthDecision {
  const bearer = e.requestHeaders.find((h) => h.name === 'authorization')?.value.replace(/^Bearer /, '');
  return {
    id: 0,
    at: e.startedAt + offsetMs + 10,
    kind: e.kind,
    path: new URL(e.url).pathname,
    status: e.status,
    ok: e.status < 400,
    reason: e.status < 400 ? null : 'jwt audience invalid',
    clientGroupID: 'g1',
    clientID: 'c1',
    credential: bearer ? 'bearer' : 'none',
    claims: null,
    tokenHash: bearer ? tokenHash(bearer) : null,
    ...o,
  };
}

/** Date header on the server's clock (whole seconds, as servers send it). */
const dated =
  (skewMs: number) =>
  (i: number): EventOverrides => ({
    responseHeaders: [{ name: 'date', value: new Date(T0 + i * 1000 + skewMs).toUTCString() }],
  });

function join(events: SyncEvent[], decisions: AuthDecision[]) {
  const ordered = orderEvents(events);
  const ids = decisions.map((d, i) => ({ ...d, id: d.id || i + 1 }));
  const joined = joinDecisions(joinRequestsOf(ordered, buildLedger(ordered)), ids);
  return Object.fromEntries([...joined].map(([request, d]) => [request, d.id]));
}

describe('joinDecisions: decision log ↔ captured requests', () => {
  const refused = (_i: number): EventOverrides => ({ bearer: tokenA, status: 401, durationMs: 30 });
  it.each<[string, (i: number) => EventOverrides, number, Record<string, number>]>([
    ['same clock, Date headers', (i) => ({ ...refused(i), ...dated(0)(i) }), 0, { r1: 1, r2: 2, r3: 3, r4: 4 }],
    [
      'server 5 min ahead, measured by Date',
      (i) => ({ ...refused(i), ...dated(5 * MIN)(i) }),
      5 * MIN,
      { r1: 1, r2: 2, r3: 3, r4: 4 },
    ],
    ['server 5 min ahead, no Date header', refused, 5 * MIN, { r1: 1, r2: 2, r3: 3, r4: 4 }],
    ['browser 90 s ahead of the server, no Date header', refused, -90_000, { r1: 1, r2: 2, r3: 3, r4: 4 }],
    [
      "Date says one thing, the log is 2 h off (another server's log)",
      (i) => ({ ...refused(i), ...dated(0)(i) }),
      2 * 60 * MIN,
      {},
    ],
  ])('%s', (_name, o, offset, expected) => {
    const events = series(4, o);
    expect(
      join(
        events,
        events.map((e) => decided(e, offset)),
      ),
    ).toEqual(expected);
  });

  it('never pairs a different token, base path, client or status', () => {
    const [e] = series(1, { bearer: tokenA, status: 401 });
    const other: AuthDecision[] = [
      { ...decided(e!, 0), tokenHash: tokenHash(tokenB) },
      { ...decided(e!, 0), path: '/api/plasma/pull' },
      { ...decided(e!, 0), clientID: 'c9' },
      { ...decided(e!, 0), status: 403 },
      { ...decided(e!, 0), kind: 'push' },
    ];
    expect(join([e!], other)).toEqual({});
    expect(join([e!], [...other, decided(e!, 0)])).toEqual({ r1: 6 });
  });

  it('a cookie session: the server hashed the cookie token, the panel has none', () => {
    const [e] = series(1, { cookie: 'sid=abc', status: 401 });
    expect(join([e!], [{ ...decided(e!, 0), credential: 'cookie', tokenHash: tokenHash('abc') }])).toEqual({ r1: 1 });
  });

  it('apps without the tap: nothing to join, and the inferred cause stands unmarked', () => {
    const events = series(2, { bearer: tokenA, status: 401 });
    expect(join(events, [])).toEqual({});
    const f = computeFindings(events, { server: { joined: new Map(), tapInstalled: false, expectations: null } });
    expect(f.find((x) => x.code === 'server-refused-valid-token')?.source).toBeUndefined();
  });
});

function withServer(events: SyncEvent[], decisions: AuthDecision[], extra: Partial<ServerAuth> = {}) {
  const ordered = orderEvents(events);
  const joined = joinDecisions(
    joinRequestsOf(ordered, buildLedger(ordered)),
    decisions.map((d, i) => ({ ...d, id: i + 1 })),
  );
  return computeFindings(events, { server: { joined, tapInstalled: true, expectations: null, ...extra } });
}

describe("the server's reason as the cause", () => {
  it('replaces the panel\'s "server refused" guess, marked as the server\'s', () => {
    const events = series(1, { bearer: tokenA, status: 401 });
    const [f] = withServer(events, [decided(events[0]!, 0)]).filter((x) => x.requestIds.includes('r1'));
    expect(f).toMatchObject({
      code: 'server-reason',
      source: 'server',
      title: 'Refused by the server: "jwt audience invalid"',
    });
    expect(f?.cause).toMatch(
      /^The server's auth\(\) gave the reason "jwt audience invalid" \(its decision log\)\. The panel sees: the server's auth\(\) refused a token that is not expired \(alg HS256/,
    );
  });

  it("keeps a specific inferred cause and puts the server's reason first", () => {
    const expired = fakeJwt(goodClaims({ exp: T0 / 1000 - 60 }));
    const events = series(1, { bearer: expired, status: 401 });
    const f = withServer(events, [decided(events[0]!, 0, { reason: '"exp" claim timestamp check failed' })]).find(
      (x) => x.code === 'expired',
    );
    expect(f?.source).toBe('server');
    expect(f?.cause).toMatch(
      /^The server's auth\(\) gave the reason "\\"exp\\" claim|^The server's auth\(\) gave the reason ""exp" claim timestamp check failed"/,
    );
    expect(f?.cause).toContain('The token expired 1 min before this pull was sent');
  });

  it('apps that return no reason: the inferred cause, saying the server gave none', () => {
    const events = series(1, { bearer: tokenA, status: 401 });
    const f = withServer(events, [decided(events[0]!, 0, { reason: null })]).find(
      (x) => x.code === 'server-refused-valid-token',
    );
    expect(f?.source).toBeUndefined();
    expect(f?.cause).toMatch(/The server logged this refusal without a reason\.$/);
  });

  it('a 403 that auth() had accepted came from somewhere else', () => {
    const events = series(1, { bearer: tokenA, status: 403 });
    const f = withServer(events, [decided(events[0]!, 0, { ok: true, reason: null })]).find(
      (x) => x.code === 'forbidden-role',
    );
    expect(f?.cause).toMatch(
      /^The server's auth\(\) accepted this request \(its decision log says ok\), so the 403 came from elsewhere/,
    );
  });
});

describe('declared expectations (/info auth) judge the token with nothing typed', () => {
  const refused = series(1, { bearer: tokenA, status: 401 });
  it.each<[string, object, string, RegExp]>([
    [
      'audience',
      { audience: ['plasma-demo-sync'] },
      'wrong-audience',
      /aud "plasma-app"; expected "plasma-demo-sync" \(declared by the app's admin API \/info\)/,
    ],
    [
      'issuer',
      { issuer: 'https://login.example' },
      'wrong-issuer',
      /iss is "https:\/\/id.example"; expected "https:\/\/login.example" \(declared/,
    ],
    [
      'algorithm',
      { algorithms: ['RS256', 'ES256'] },
      'wrong-algorithm',
      /alg "HS256"; the app accepts "RS256" or "ES256"/,
    ],
  ])('%s', (_name, expectations, code, text) => {
    const f = withServer(refused, [], { expectations }).find((x) => x.code === code);
    expect(f?.cause).toMatch(text);
  });

  it('what the user typed wins over what the app declares', () => {
    const f = computeFindings(refused, {
      expect: { audience: 'plasma-app' },
      server: { joined: new Map(), tapInstalled: true, expectations: { audience: 'plasma-demo-sync' } },
    });
    expect(f.map((x) => x.code)).not.toContain('wrong-audience');
  });

  it('a 403 names the declared required role when the body names none', () => {
    const f = withServer(series(1, { bearer: tokenA, status: 403 }), [], {
      expectations: { requiredRoles: ['admin'] },
    }).find((x) => x.code === 'forbidden-role');
    expect(f?.cause).toContain('the response names role "admin" as required (declared by the app\'s admin API /info)');
  });
});
