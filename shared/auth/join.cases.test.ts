// joinDecisions on hand-built requests and decisions: the window around each request at its edges, which
// clock offset is used (Date headers, unique pairs, the cluster), compatibility, and one-to-one pairing.
import { describe, expect, it } from 'vitest';
import type { AuthDecision } from '../admin/authLog.ts';
import { joinDecisions, joinRequestsOf, type JoinRequest } from './join.ts';
import { makeEvent, T0 } from './testFixtures.ts';
import type { LedgerEntry } from './types.ts';

const req = (o: Partial<JoinRequest> = {}): JoinRequest => ({
  requestId: 'r1',
  kind: 'pull',
  path: '/sync/pull',
  status: 401,
  startedAt: T0,
  durationMs: 100,
  credential: 'bearer',
  tokenHash: 'h',
  clientID: 'c1',
  skewMs: 0,
  ...o,
});

const dec = (id: number, at: number, o: Partial<AuthDecision> = {}): AuthDecision => ({
  id,
  at,
  kind: 'pull',
  path: '/sync/pull',
  status: 401,
  ok: false,
  reason: null,
  clientGroupID: null,
  clientID: 'c1',
  credential: 'bearer',
  claims: null,
  tokenHash: 'h',
  ...o,
});

const pairs = (requests: JoinRequest[], decisions: AuthDecision[], opts = {}) =>
  Object.fromEntries([...joinDecisions(requests, decisions, opts)].map(([r, d]) => [r, d.id]));

describe('joinRequestsOf', () => {
  it('takes the path without query, a usable duration, and the skew in ms', () => {
    const event = makeEvent({ id: 'r1', durationMs: 250 });
    const entry = {
      requestId: 'r1',
      kind: 'pull',
      url: 'https://api.app.test/sync/pull?x=1',
      status: 401,
      startedAt: T0,
      credentialKind: 'cookie',
      token: { hash: null },
      clientID: 'c9',
      clockSkewSec: 1.5,
    } as unknown as LedgerEntry;
    expect(joinRequestsOf([event], [entry])).toEqual([
      {
        requestId: 'r1',
        kind: 'pull',
        path: '/sync/pull',
        status: 401,
        startedAt: T0,
        durationMs: 250,
        credential: 'cookie',
        tokenHash: null,
        clientID: 'c9',
        skewMs: 1500,
      },
    ]);
    const other = { ...entry, url: 'not a url?q=1', clockSkewSec: null };
    for (const durationMs of [0, -5, Number.POSITIVE_INFINITY, Number.NaN]) {
      const [r] = joinRequestsOf([makeEvent({ id: 'r1', durationMs })], [other]);
      expect([r?.path, r?.durationMs, r?.skewMs]).toEqual(['not a url', 0, null]);
    }
    expect(joinRequestsOf([], [other])[0]?.durationMs).toBe(0);
  });
});

describe('joinDecisions, the window', () => {
  // start T0, 100 ms, skew 0: centre T0 + 50; half width 50 + 1000 + tolerance.
  it('default tolerance 2 s: decisions up to 3050 ms either side of the centre', () => {
    expect(pairs([req()], [dec(1, T0 + 50 + 3050)])).toEqual({ r1: 1 });
    expect(pairs([req()], [dec(1, T0 + 50 - 3050)])).toEqual({ r1: 1 });
    expect(pairs([req()], [dec(1, T0 + 50 + 3051)])).toEqual({});
    expect(pairs([req()], [dec(1, T0 + 50 - 3051)])).toEqual({});
  });

  it('a given tolerance', () => {
    expect(pairs([req()], [dec(1, T0 + 1100)], { toleranceMs: 0 })).toEqual({ r1: 1 });
    expect(pairs([req()], [dec(1, T0 + 1101)], { toleranceMs: 0 })).toEqual({});
  });

  it("the request's own Date skew moves the window", () => {
    expect(pairs([req({ skewMs: 60_000 })], [dec(1, T0 + 60_050)])).toEqual({ r1: 1 });
    expect(pairs([req({ skewMs: 60_000 })], [dec(1, T0 + 50)])).toEqual({});
  });

  it('the nearest decision wins, each decision once', () => {
    const requests = [req({ requestId: 'a' }), req({ requestId: 'b', startedAt: T0 + 1000 })];
    expect(pairs(requests, [dec(1, T0 + 1040), dec(2, T0 + 60)])).toEqual({ a: 2, b: 1 });
    expect(pairs(requests, [dec(1, T0 + 1050)])).toEqual({ b: 1 });
    expect(pairs([req({ requestId: 'a' })], [dec(1, T0 + 900), dec(2, T0 + 100)])).toEqual({ a: 2 });
  });

  it('nothing to join', () => {
    expect(pairs([], [dec(1, T0)])).toEqual({});
    expect(pairs([req()], [])).toEqual({});
    expect(pairs([req({ startedAt: Number.NaN })], [dec(1, T0)])).toEqual({});
    expect(pairs([req()], [dec(1, Number.NaN)])).toEqual({});
  });
});

describe('joinDecisions, matching', () => {
  it('kind, status and path must agree; a trailing slash does not matter', () => {
    expect(pairs([req()], [dec(1, T0, { kind: 'push' })])).toEqual({});
    expect(pairs([req()], [dec(1, T0, { status: 403 })])).toEqual({});
    expect(pairs([req()], [dec(1, T0, { path: '/sync/pull2' })])).toEqual({});
    expect(pairs([req()], [dec(1, T0, { path: '/sync/pull//' })])).toEqual({ r1: 1 });
    expect(pairs([req({ path: '/' })], [dec(1, T0, { path: '/' })])).toEqual({ r1: 1 });
  });

  it.each<[string, Partial<JoinRequest>, Partial<AuthDecision>, boolean]>([
    ['same client', {}, {}, true],
    ['another client', {}, { clientID: 'c2' }, false],
    ['client unknown on the server', {}, { clientID: null }, true],
    ['client unknown in the capture', { clientID: null }, { clientID: 'c2' }, true],
    ['another token', {}, { tokenHash: 'x' }, false],
    ['a token the server did not hash', {}, { tokenHash: null }, false],
    ['no token on either side', { tokenHash: null }, { tokenHash: null }, true],
    [
      'a cookie session hashed by the server only',
      { tokenHash: null, credential: 'cookie' },
      { credential: 'cookie' },
      true,
    ],
    [
      'the server hashed a bearer the panel has none of',
      { tokenHash: null, credential: 'none' },
      { credential: 'cookie' },
      false,
    ],
    [
      'a hashed cookie request, an unhashed cookie decision',
      { credential: 'cookie' },
      { tokenHash: null, credential: 'cookie' },
      false,
    ],
    ['a cookie request, a bearer decision', { tokenHash: null, credential: 'cookie' }, { credential: 'bearer' }, false],
  ])('%s', (_name, r, d, joined) => {
    expect(pairs([req(r)], [dec(1, T0 + 50, d)])).toEqual(joined ? { r1: 1 } : {});
  });
});

describe('joinDecisions, the clock offset without a Date header', () => {
  const noDate = (o: Partial<JoinRequest> = {}) => req({ skewMs: null, ...o });

  it('measured Date skews of other requests: their median (the upper one of two)', () => {
    const requests = [
      req({ requestId: 'a', skewMs: 1000, tokenHash: 'a' }),
      req({ requestId: 'b', skewMs: 30_000, tokenHash: 'b' }),
      noDate({ requestId: 'c' }),
    ];
    expect(pairs(requests, [dec(1, T0 + 50 + 30_000)])).toEqual({ c: 1 });
    expect(pairs(requests, [dec(1, T0 + 50 + 1000)])).toEqual({});
    const three = [...requests, req({ requestId: 'd', skewMs: 20_000, tokenHash: 'd' })];
    expect(pairs(three, [dec(1, T0 + 50 + 20_000)])).toEqual({ c: 1 });
  });

  it("a request's own Date skew wins over the others' median", () => {
    const requests = [
      req({ requestId: 'a', skewMs: 0, tokenHash: 'a' }),
      req({ requestId: 'b', skewMs: 0, tokenHash: 'b' }),
      req({ requestId: 'c', skewMs: 60_000 }),
    ];
    expect(pairs(requests, [dec(1, T0 + 50 + 60_000)])).toEqual({ c: 1 });
  });

  it('a non-finite Date skew measures nothing', () => {
    const requests = [req({ requestId: 'a', skewMs: Number.NaN })];
    expect(pairs(requests, [dec(1, T0 + 50 + 5000)])).toEqual({ a: 1 });
  });

  it("a unique pair's offset is taken from the middle of the request", () => {
    const long = noDate({ durationMs: 4000 });
    expect(pairs([long], [dec(1, T0 + 2000 + 100_000)], { toleranceMs: 0 })).toEqual({ r1: 1 });
  });

  it('no offset measured: nothing is joined', () => {
    expect(pairs([noDate()], [dec(1, T0 + 500)], { maxSkewMs: 0 })).toEqual({});
  });

  it('a pair that can only be each other measures it, within 10 minutes', () => {
    expect(pairs([noDate()], [dec(1, T0 + 50 + 300_000)])).toEqual({ r1: 1 });
    expect(pairs([noDate()], [dec(1, T0 + 600_000)])).toEqual({ r1: 1 });
    expect(pairs([noDate()], [dec(1, T0 + 600_001)])).toEqual({});
    expect(pairs([noDate()], [dec(1, T0 - 600_000)])).toEqual({ r1: 1 });
    expect(pairs([noDate()], [dec(1, T0 + 700_000)], { maxSkewMs: 700_000 })).toEqual({ r1: 1 });
  });

  it('unique pairs decide the offset; ambiguous ones fall back to the cluster', () => {
    // a pairs only with 1 (another token for b): offset +100 s from it; b then matches 3, though most of b's
    // candidates cluster near -250 s.
    const requests = [
      noDate({ requestId: 'a', tokenHash: 'ha' }),
      noDate({ requestId: 'b', startedAt: T0 + 1000, tokenHash: 'hb' }),
    ];
    const decisions = [
      dec(1, T0 + 50 + 100_000, { tokenHash: 'ha' }),
      dec(2, T0 + 1050 - 200_000, { tokenHash: 'hb' }),
      dec(3, T0 + 1050 + 100_000, { tokenHash: 'hb' }),
      dec(4, T0 + 1050 - 250_000, { tokenHash: 'hb' }),
      dec(5, T0 + 1050 - 300_000, { tokenHash: 'hb' }),
    ];
    expect(pairs(requests, decisions)).toEqual({ a: 1, b: 3 });
    // Two requests with one token and two decisions: every pairing is plausible; their median offset.
    const same = [noDate({ requestId: 'a' }), noDate({ requestId: 'b', startedAt: T0 + 1000 })];
    expect(pairs(same, [dec(1, T0 + 50 + 100_000), dec(2, T0 + 1050 + 100_000)])).toEqual({ a: 1, b: 2 });
  });
});
