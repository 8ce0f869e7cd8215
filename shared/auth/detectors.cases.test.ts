// Exact findings of the capture-wide detectors (detectors.ts) on hand-built ledgers: each title, cause and fix
// sentence, the thresholds at their boundaries, and which evidence of credentials each finding names.
// detectStuckUnauthenticated's cases are in detectStuck.cases.test.ts.
import { describe, expect, it } from 'vitest';
import { byEndpoint, detectBootedUnauthenticated, detectRetryLoop, tokenResponseSignal } from './detectors.ts';
import { EP, HASH, ids, input, n, rows } from './detectorsTestKit.ts';
import { T0 } from './testFixtures.ts';
import type { SyncEvent } from '../sync/types.ts';

describe('byEndpoint', () => {
  it('groups entries per endpoint in ledger order', () => {
    const ledger = rows([{ endpoint: 'a' }, { endpoint: 'b' }, { endpoint: 'a' }]);
    const groups = byEndpoint(ledger);
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')?.map((e) => e.requestId)).toEqual(['r1', 'r3']);
    expect(groups.get('b')?.map((e) => e.requestId)).toEqual(['r2']);
  });
});

describe('detectBootedUnauthenticated, exact findings', () => {
  it('names the anonymous run before the first credentialed request', () => {
    expect(detectBootedUnauthenticated(rows([...n(2, { status: 401 }), ...n(2, { kind: 'bearer' })]))).toEqual([
      {
        key: EP,
        code: 'booted-unauthenticated',
        severity: 'warning',
        title: 'Sync started before sign-in',
        cause: `The first 2 sync requests to "${EP}" carried no credentials; later ones did.`,
        fix: 'Create the plasma client (or start its pull loop) after sign-in, or make authHeaders() wait for the token.',
        requestIds: ['r1', 'r2'],
      },
    ]);
  });

  it('says "request" for one, and counts a cookie or another scheme as credentials', () => {
    for (const kind of ['cookie', 'other'] as const) {
      const [d] = detectBootedUnauthenticated(rows([{}, { kind }]));
      expect(d?.cause).toBe(`The first 1 sync request to "${EP}" carried no credentials; later ones did.`);
      expect(d?.requestIds).toEqual(['r1']);
    }
  });

  it('anonymous requests after the first credentialed one do not count', () => {
    expect(ids(detectBootedUnauthenticated(rows([{}, { kind: 'bearer' }, {}, {}])))).toEqual([['r1']]);
  });

  it('skips requests whose headers are unknown', () => {
    expect(ids(detectBootedUnauthenticated(rows([{ kind: 'unknown' }, {}, { kind: 'bearer' }])))).toEqual([['r2']]);
    expect(detectBootedUnauthenticated(rows([{ kind: 'unknown' }, { kind: 'bearer' }]))).toEqual([]);
  });

  it('reports nothing when credentials came first or never', () => {
    expect(detectBootedUnauthenticated(rows([{ kind: 'bearer' }, {}, { kind: 'bearer' }]))).toEqual([]);
    expect(detectBootedUnauthenticated(rows(n(3, {})))).toEqual([]);
    expect(detectBootedUnauthenticated([])).toEqual([]);
  });

  it('one finding per endpoint', () => {
    const ledger = rows([
      { endpoint: 'a' },
      { endpoint: 'b', kind: 'bearer' },
      { endpoint: 'b' },
      { endpoint: 'a', kind: 'bearer' },
    ]);
    expect(detectBootedUnauthenticated(ledger).map((d) => [d.key, d.requestIds])).toEqual([['a', ['r1']]]);
  });
});

describe('detectRetryLoop, exact findings', () => {
  it('a 401 re-sent: names the token by its first 8 hex digits and says to refresh', () => {
    expect(detectRetryLoop(input(rows(n(4, { kind: 'bearer', status: 401 }))))).toEqual([
      {
        key: HASH,
        code: 'retry-loop',
        severity: 'warning',
        title: 'Refused token sent again',
        cause: 'The server answered 401 for token 01234567, and it was sent 3 more times unchanged.',
        fix: 'On a 401, refresh or drop the token in authHeaders() (it is called again before each retry) instead of re-sending it.',
        requestIds: ['r1', 'r2', 'r3', 'r4'],
      },
    ]);
  });

  it('a 403 re-sent: says to stop retrying', () => {
    const [d] = detectRetryLoop(input(rows([{ kind: 'bearer', status: 403 }, ...n(1, { kind: 'bearer' })])), 1);
    expect(d?.cause).toBe('The server answered 403 for token 01234567, and it was sent 1 more time unchanged.');
    expect(d?.fix).toBe(
      'A 403 will not pass with the same token: stop retrying it, and sign in again once the missing role or scope is granted.',
    );
    expect(d?.requestIds).toEqual(['r1', 'r2']);
  });

  it('default threshold is three re-sends', () => {
    expect(ids(detectRetryLoop(input(rows(n(4, { kind: 'bearer', status: 401 })))))).toHaveLength(1);
    expect(detectRetryLoop(input(rows(n(3, { kind: 'bearer', status: 401 }))))).toEqual([]);
    expect(ids(detectRetryLoop(input(rows(n(3, { kind: 'bearer', status: 401 }))), 2))).toEqual([['r1', 'r2', 'r3']]);
  });

  it('only 401 and 403 are refusals; a token-less request is never one', () => {
    for (const status of [200, 400, 402, 404, 500]) {
      expect(detectRetryLoop(input(rows(n(5, { kind: 'bearer', status }))), 1)).toEqual([]);
    }
    expect(detectRetryLoop(input(rows(n(5, { status: 401 }))), 1)).toEqual([]);
  });

  it('the first refusal of a token is the one reported; other tokens are counted apart', () => {
    const ledger = rows([
      { kind: 'bearer' },
      { kind: 'bearer', status: 401 },
      { kind: 'bearer', hash: 'ffffffffffffffff', status: 401 },
      { kind: 'bearer', status: 403 },
      { kind: 'bearer' },
    ]);
    const drafts = detectRetryLoop(input(ledger), 1);
    expect(drafts.map((d) => [d.key, d.requestIds])).toEqual([[HASH, ['r2', 'r4', 'r5']]]);
    expect(drafts[0]?.cause).toContain('answered 401');
  });

  it('re-sends count from when the refusal arrived (start + duration)', () => {
    const ledger = rows([{ kind: 'bearer', status: 401, at: T0 }, ...n(2, { kind: 'bearer', at: T0 + 500 })]);
    const withDuration = (d: number) => ({ durationMs: d }) as unknown as SyncEvent;
    // Answered at T0 + 500: re-sends starting then count.
    expect(ids(detectRetryLoop(input(ledger, { events: [withDuration(500)] }), 2))).toEqual([['r1', 'r2', 'r3']]);
    // Answered at T0 + 501: they started before the answer.
    expect(detectRetryLoop(input(ledger, { events: [withDuration(501)] }), 2)).toEqual([]);
    // An infinite, negative or missing duration counts as zero.
    for (const d of [Number.POSITIVE_INFINITY, -1000]) {
      expect(ids(detectRetryLoop(input(ledger, { events: [withDuration(d)] }), 2))).toEqual([['r1', 'r2', 'r3']]);
    }
    expect(ids(detectRetryLoop(input(ledger), 2))).toEqual([['r1', 'r2', 'r3']]);
    // A re-send listed later but started before the refused request is not one.
    const early = rows([{ kind: 'bearer', status: 401, at: T0 }, ...n(2, { kind: 'bearer', at: T0 - 1 })]);
    expect(detectRetryLoop(input(early, { events: [withDuration(-1000)] }), 1)).toEqual([]);
  });
});

describe('tokenResponseSignal', () => {
  it('says "sign-in response" for sign-in paths and quotes the path', () => {
    expect(tokenResponseSignal('https://id.test/oauth/token?x=1', 7)).toEqual({
      at: 7,
      kind: 'sign-in',
      what: 'a sign-in response from "/oauth/token" handed out a token',
    });
    expect(tokenResponseSignal('https://id.test/api/me', 8)).toEqual({
      at: 8,
      kind: 'sign-in',
      what: 'a response from "/api/me" handed out a token',
    });
  });

  it('keeps a URL it cannot parse as it is, cut to 60 characters', () => {
    expect(tokenResponseSignal('not a url', 1).what).toBe('a response from "not a url" handed out a token');
    const long = `/${'x'.repeat(80)}`;
    expect(tokenResponseSignal(`https://a.test${long}`, 1).what).toBe(
      `a response from "${long.slice(0, 59)}…" handed out a token`,
    );
  });

  it.each([
    ['/signin', true],
    ['/sign-in', true],
    ['/login', true],
    ['/log-in', true],
    ['/token', true],
    ['/callback', true],
    ['/session', true],
    ['/auth', true],
    ['/api/auth/x', true],
    ['/author', false],
    ['/oauthx', true],
    ['/data', false],
  ])('sign-in path %s: %s', (path, signIn) => {
    expect(tokenResponseSignal(`https://a.test${path}`, 0).what.startsWith('a sign-in response')).toBe(signIn);
  });
});
