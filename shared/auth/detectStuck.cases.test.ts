// Exact findings of detectStuckUnauthenticated (detectors.ts) on hand-built ledgers: each title, cause and
// fix sentence, the thresholds at their boundaries, and which evidence of credentials it names.
import { describe, expect, it } from 'vitest';
import type { SeenCookie } from './cookieCause.ts';
import { detectStuckUnauthenticated, type TokenSignal } from './detectors.ts';
import { EP, ids, input, n, rows, type Row } from './detectorsTestKit.ts';
import { T0 } from './testFixtures.ts';
import type { SeenResponse } from './types.ts';

const C = (s: number) => new Date(T0 + s * 1000).toISOString().slice(11, 19) + ' UTC';

describe('detectStuckUnauthenticated, exact findings', () => {
  const refusedRun = (count: number, extra: Row = {}) => n(count, { status: 401, ...extra });

  it('booted unauthenticated, sign-in seen, never upgraded', () => {
    const seen: SeenResponse[] = [{ url: 'https://app.test/api/login', startedAt: T0 + 500, status: 200 }];
    expect(detectStuckUnauthenticated(input(rows(refusedRun(4)), { seen }))).toEqual([
      {
        key: `${EP}|r2`,
        code: 'stuck-unauthenticated',
        severity: 'error',
        title: 'Booted unauthenticated and never upgraded',
        cause: `Sync to "${EP}" started at ${C(0)} without credentials; a sign-in response from "/api/login" at 12:00:00 UTC, yet 3 later sync requests until ${C(3)} still carried none.`,
        fix: 'authHeaders() holds what it read before sign-in: have it read the current token on every call (not a value captured when the client was created).',
        requestIds: ['r2', 'r3', 'r4'],
      },
    ]);
  });

  it('credentials dropped after a request that carried a token or a cookie', () => {
    const ledger = rows([{ kind: 'bearer' }, ...refusedRun(3)]);
    expect(detectStuckUnauthenticated(input(ledger))).toEqual([
      {
        key: `${EP}|r2`,
        code: 'stuck-unauthenticated',
        severity: 'error',
        title: 'Credentials dropped',
        cause: `3 sync requests to "${EP}" from ${C(1)} to ${C(3)} went out without credentials after the request before carried credentials at ${C(0)}.`,
        fix: 'Have authHeaders() read the current token on every call (not a value captured when the client was created).',
        requestIds: ['r2', 'r3', 'r4'],
      },
    ]);
    const [cookie] = detectStuckUnauthenticated(input(rows([{ kind: 'cookie' }, ...refusedRun(3)])));
    expect(cookie?.cause).toContain('after the request before carried a cookie at');
  });

  it('still unauthenticated after a sign-in seen between the last credentialed request and the run', () => {
    const ledger = rows([{ kind: 'bearer' }, ...refusedRun(3)]);
    const signals: TokenSignal[] = [
      { at: T0 + 1500, kind: 'state', what: 'the page said so' },
      { at: T0 + 2500, kind: 'sign-in', what: 'a sign-in' },
    ];
    const [d] = detectStuckUnauthenticated(input(ledger, { signals }), 1);
    expect(d).toMatchObject({
      title: 'Still unauthenticated after sign-in',
      cause: `1 sync request to "${EP}" from ${C(3)} to ${C(3)} went out without credentials after a sign-in at 12:00:02 UTC.`,
    });
  });

  it('never authenticated: refused without credentials, from the request after the first 401', () => {
    const ledger = rows([{}, { status: 401 }, ...refusedRun(3)]);
    expect(detectStuckUnauthenticated(input(ledger))).toEqual([
      {
        key: `${EP}|r3`,
        code: 'stuck-unauthenticated',
        severity: 'error',
        title: 'Never authenticated: refused without credentials',
        cause: `3 sync requests to "${EP}" went out without credentials after the server answered 401 at ${C(1)}, until ${C(4)}; no sign-in, token or auth cookie was seen in the capture.`,
        fix: 'Sign in before the client syncs (or delay starting it), and return the token from authHeaders().',
        requestIds: ['r3', 'r4', 'r5'],
      },
    ]);
  });

  it('never claims "no sign-in was seen" when one was: too few requests after it make no finding', () => {
    // A token, then three anonymous 401s with a sign-in seen between them: only one request followed the
    // sign-in, under the threshold of 2; the capture does hold evidence, so "never authenticated" is false.
    const ledger = rows([{ kind: 'bearer' }, ...refusedRun(3)]);
    const signals: TokenSignal[] = [{ at: T0 + 2500, kind: 'sign-in', what: 'a sign-in' }];
    expect(detectStuckUnauthenticated(input(ledger, { signals }), 2)).toEqual([]);
    // The same stream without a token before it and without the sign-in is never authenticated.
    expect(detectStuckUnauthenticated(input(rows(refusedRun(3))), 2)[0]?.title).toBe(
      'Never authenticated: refused without credentials',
    );
  });

  it('never authenticated: an empty Authorization header among the refused requests is named', () => {
    const [d] = detectStuckUnauthenticated(input(rows([...refusedRun(2), { status: 401, empty: true }])), 2);
    expect(d?.cause).toBe(
      `2 sync requests to "${EP}" went out without credentials after the server answered 401 at ${C(0)}, until ${C(2)} (an empty Authorization header counts as none); no sign-in, token or auth cookie was seen in the capture.`,
    );
  });

  it('an empty Authorization header is named as counting as none', () => {
    const [d] = detectStuckUnauthenticated(input(rows([{ kind: 'bearer' }, {}, { empty: true }, { status: 401 }])));
    expect(d?.cause).toBe(
      `3 sync requests to "${EP}" from ${C(1)} to ${C(3)} went out without credentials after the request before carried credentials at ${C(0)} (an empty Authorization header counts as none).`,
    );
  });

  it('threshold: exactly three stuck requests report, two do not', () => {
    const ledger = rows([{ kind: 'bearer' }, ...refusedRun(3)]);
    expect(ids(detectStuckUnauthenticated(input(ledger), 3))).toEqual([['r2', 'r3', 'r4']]);
    expect(detectStuckUnauthenticated(input(ledger), 4)).toEqual([]);
    expect(detectStuckUnauthenticated(input(rows([{ kind: 'bearer' }, ...refusedRun(2)])))).toEqual([]);
    expect(detectStuckUnauthenticated(input(rows(refusedRun(3))))).toEqual([]);
    expect(ids(detectStuckUnauthenticated(input(rows(refusedRun(3))), 2))).toEqual([['r2', 'r3']]);
  });

  it('needs a refusal among the stuck requests: a 403 counts, accepted ones do not', () => {
    const ledger = (status: number) => rows([{ kind: 'bearer' }, ...n(3, { status })]);
    expect(ids(detectStuckUnauthenticated(input(ledger(403))))).toEqual([['r2', 'r3', 'r4']]);
    expect(detectStuckUnauthenticated(input(ledger(200)))).toEqual([]);
    expect(detectStuckUnauthenticated(input(ledger(500)))).toEqual([]);
    const one = rows([{ kind: 'bearer' }, {}, {}, { status: 403 }]);
    expect(ids(detectStuckUnauthenticated(input(one)))).toEqual([['r2', 'r3', 'r4']]);
  });

  it('a run that credentialed requests follow is not stuck (booted-unauthenticated covers it)', () => {
    const seen: SeenResponse[] = [{ url: 'https://app.test/login', startedAt: T0 - 1, status: 200 }];
    expect(detectStuckUnauthenticated(input(rows([...refusedRun(4), { kind: 'bearer' }]), { seen }))).toEqual([]);
    expect(detectStuckUnauthenticated(input(rows([{ kind: 'bearer' }, ...refusedRun(4), { kind: 'bearer' }])))).toEqual(
      [],
    );
  });

  it('a second run after re-authentication is judged on its own', () => {
    const ledger = rows([{ kind: 'bearer' }, ...refusedRun(2), { kind: 'bearer' }, ...refusedRun(3)]);
    const drafts = detectStuckUnauthenticated(input(ledger));
    expect(drafts.map((d) => [d.key, d.title, d.requestIds])).toEqual([
      [`${EP}|r5`, 'Credentials dropped', ['r5', 'r6', 'r7']],
    ]);
    expect(drafts[0]?.cause).toContain(`after the request before carried credentials at ${C(3)}.`);
  });

  it('unknown requests are skipped, and each client of an endpoint is its own stream', () => {
    const ledger = rows([{ kind: 'bearer' }, { kind: 'unknown' }, ...refusedRun(3)]);
    expect(ids(detectStuckUnauthenticated(input(ledger)))).toEqual([['r3', 'r4', 'r5']]);
    const two = rows([{ kind: 'bearer', clientID: 'c1' }, ...refusedRun(3, { clientID: 'c2' })]);
    expect(detectStuckUnauthenticated(input(two)).map((d) => [d.title, d.requestIds])).toEqual([
      ['Booted unauthenticated and never upgraded', ['r2', 'r3', 'r4']],
    ]);
    const nullClient = rows([{ kind: 'bearer', clientID: null }, ...refusedRun(3, { clientID: null })]);
    expect(detectStuckUnauthenticated(input(nullClient)).map((d) => [d.title, d.requestIds])).toEqual([
      ['Credentials dropped', ['r2', 'r3', 'r4']],
    ]);
  });

  it("a sign-in counts from the credentialed request before the run up to the run's last request", () => {
    const ledger = rows([{ kind: 'bearer' }, ...refusedRun(3)]);
    const titleWith = (at: number) =>
      detectStuckUnauthenticated(input(ledger, { signals: [{ at, kind: 'sign-in', what: 'x' }] }), 1).map((d) => [
        d.title,
        d.requestIds,
      ]);
    expect(titleWith(T0 - 1)).toEqual([['Credentials dropped', ['r2', 'r3', 'r4']]]);
    expect(titleWith(T0)).toEqual([['Still unauthenticated after sign-in', ['r2', 'r3', 'r4']]]);
    expect(titleWith(T0 + 2999)).toEqual([['Still unauthenticated after sign-in', ['r4']]]);
    expect(titleWith(T0 + 3000)).toEqual([['Credentials dropped', ['r2', 'r3', 'r4']]]);
    // Only a sign-in: the page's own state or another credentialed request is not one.
    const state = detectStuckUnauthenticated(input(ledger, { signals: [{ at: T0 + 500, kind: 'state', what: 'x' }] }));
    expect(state.map((d) => d.title)).toEqual(['Credentials dropped']);
  });

  it('an auth cookie set after the last credentialed request is a sign-in', () => {
    const cookies = [{ startedAt: T0 + 1500, cookie: { name: 'session', deletes: false } }] as unknown as SeenCookie[];
    const [d] = detectStuckUnauthenticated(input(rows([{ kind: 'bearer' }, ...refusedRun(3)]), { cookies }), 2);
    expect(d?.title).toBe('Still unauthenticated after sign-in');
    expect(d?.cause).toContain('after the auth cookie "session" was set at 12:00:01 UTC.');
  });

  it('a run interrupted by unknown requests is one run', () => {
    const ledger = rows([{ kind: 'bearer' }, { status: 401 }, { kind: 'unknown' }, ...refusedRun(2)]);
    expect(ids(detectStuckUnauthenticated(input(ledger)))).toEqual([['r2', 'r4', 'r5']]);
  });

  it('without evidence: from the first 401 on, even one request at threshold 1; 403s alone are not enough', () => {
    expect(ids(detectStuckUnauthenticated(input(rows(refusedRun(2))), 1))).toEqual([['r2']]);
    expect(detectStuckUnauthenticated(input(rows(n(4, { status: 403 }))), 1)).toEqual([]);
    expect(detectStuckUnauthenticated(input(rows(n(4, {}))), 1)).toEqual([]);
  });

  describe('evidence at the start of a stream', () => {
    const anon = () => rows(refusedRun(4));
    const causeOf = (more: Parameters<typeof input>[1], threshold = 3) =>
      detectStuckUnauthenticated(input(anon(), more), threshold)[0]?.cause;

    it('the earliest evidence before the last request is named, in time order', () => {
      const signals: TokenSignal[] = [
        { at: T0 + 1500, kind: 'state', what: 'later state' },
        { at: T0 + 500, kind: 'state', what: 'the page had a token' },
      ];
      expect(causeOf({ signals })).toBe(
        `Sync to "${EP}" started at ${C(0)} without credentials; the page had a token at 12:00:00 UTC, yet 3 later sync requests until ${C(3)} still carried none.`,
      );
    });

    it('evidence at or after the last request, or at a non-finite time, is not evidence', () => {
      const at3 = [{ at: T0 + 3000, kind: 'state' as const, what: 'too late' }];
      expect(causeOf({ signals: at3 })).toContain('after the server answered 401');
      const nan = [{ at: Number.NaN, kind: 'state' as const, what: 'never' }];
      expect(causeOf({ signals: nan })).toContain('after the server answered 401');
    });

    it('only requests after the evidence are counted', () => {
      const signals: TokenSignal[] = [{ at: T0 + 1000, kind: 'state', what: 'x' }];
      // r3, r4 are after T0 + 1000 (r2 is at it): two, under the threshold. The page had a token, so the
      // "never authenticated … no token was seen" rule must not stand in: no finding.
      expect(causeOf({ signals })).toBeUndefined();
      expect(causeOf({ signals }, 2)).toContain('yet 2 later sync requests');
    });

    it('a request that carried credentials to another endpoint', () => {
      const ledger = rows([
        { kind: 'bearer', endpoint: 'https://other.test/sync', at: T0 - 10 },
        { kind: 'cookie', endpoint: 'https://third.test/sync', at: T0 + 200 },
        ...refusedRun(4).map((r, i) => ({ ...r, at: T0 + i * 1000 })),
      ]);
      const d = detectStuckUnauthenticated(input(ledger));
      expect(d.map((x) => x.cause)).toEqual([
        `Sync to "${EP}" started at ${C(0)} without credentials; a request to "/sync/pull" carried a token at 11:59:59 UTC, yet 4 later sync requests until ${C(3)} still carried none.`,
      ]);
      const cookieFirst = rows([
        { kind: 'cookie', endpoint: 'https://third.test/sync', at: T0 - 10 },
        ...refusedRun(4).map((r, i) => ({ ...r, at: T0 + i * 1000 })),
      ]);
      expect(detectStuckUnauthenticated(input(cookieFirst))[0]?.cause).toContain(
        'a request to "/sync/pull" carried a cookie at',
      );
    });

    it('an auth cookie being set; a deleted or non-auth cookie is not evidence', () => {
      const cookie = (name: string, deletes: boolean): SeenCookie =>
        ({ startedAt: T0 + 500, cookie: { name, deletes } }) as unknown as SeenCookie;
      expect(causeOf({ cookies: [cookie('session', false)] })).toContain(
        '; the auth cookie "session" was set at 12:00:00 UTC, yet 3 later',
      );
      expect(causeOf({ cookies: [cookie('session', true)] })).toContain('after the server answered 401');
      expect(causeOf({ cookies: [cookie('theme', false)] })).toContain('after the server answered 401');
    });

    it('responses: sign-in paths and token-issuing ones with a 2xx/3xx or unknown status', () => {
      const seen = (s: Partial<SeenResponse>): SeenResponse[] => [
        { url: 'https://app.test/login', startedAt: T0 + 500, ...s },
      ];
      expect(causeOf({ seen: seen({}) })).toContain('; a sign-in response from "/login" at');
      expect(causeOf({ seen: seen({ status: 200 }) })).toContain('; a sign-in response from "/login" at');
      expect(causeOf({ seen: seen({ status: 399 }) })).toContain('; a sign-in response from "/login" at');
      for (const status of [199, 400, 401, 500]) {
        expect(causeOf({ seen: seen({ status }) })).toContain('after the server answered 401');
      }
      expect(causeOf({ seen: seen({ url: 'https://app.test/data', status: 200 }) })).toContain(
        'after the server answered 401',
      );
      expect(causeOf({ seen: seen({ url: 'https://app.test/data', issuedToken: true }) })).toContain(
        '; a response from "/data" handed out a token at',
      );
      expect(causeOf({ seen: seen({ url: 'https://app.test/data', issuedToken: false }) })).toContain(
        'after the server answered 401',
      );
    });
  });
});
