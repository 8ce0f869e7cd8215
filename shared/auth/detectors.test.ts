import { describe, expect, it } from 'vitest';
import { collectSetCookies } from './cookieCause.ts';
import { detectBootedUnauthenticated, detectRetryLoop, detectStuckUnauthenticated } from './detectors.ts';
import { buildLedger, orderEvents } from './ledger.ts';
import { fakeJwt, goodClaims, NOW_SEC, series, T0, type EventOverrides } from './testFixtures.ts';
import { detectIdentitySwitch, detectNearExpiry } from './tokenDetectors.ts';
import type { SeenResponse } from './types.ts';
import type { SyncEvent } from '../sync/types.ts';

const tokenA = fakeJwt(goodClaims());
const tokenB = fakeJwt(goodClaims({ jti: 'refreshed' }));
const authed: EventOverrides = { bearer: tokenA };
const anon401: EventOverrides = { status: 401 };

function input(events: SyncEvent[], seen: SeenResponse[] = []) {
  const ordered = orderEvents(events);
  return {
    events: ordered,
    ledger: buildLedger(ordered),
    cookies: collectSetCookies(ordered, seen),
    seen,
    signals: [],
  };
}

const ids = (drafts: { requestIds: string[] }[]) => drafts.map((d) => d.requestIds);

describe('booted-unauthenticated', () => {
  it.each<[string, SyncEvent[], string[][]]>([
    ['first requests anonymous, later authenticated', series(5, (i) => (i < 2 ? anon401 : authed)), [['r1', 'r2']]],
    ['authenticated from the start', series(4, authed), []],
    ['anonymous throughout', series(4, anon401), []],
  ])('%s', (_name, events, expected) => {
    const drafts = detectBootedUnauthenticated(input(events).ledger);
    expect(ids(drafts)).toEqual(expected);
    for (const d of drafts) expect(d).toMatchObject({ code: 'booted-unauthenticated', severity: 'warning' });
  });
});

describe('stuck-unauthenticated', () => {
  const loginSeen: SeenResponse[] = [{ url: 'https://app.test/api/login', startedAt: T0 + 500, status: 200 }];
  const cookieSeen: SeenResponse[] = [
    { url: 'https://api.app.test/auth', startedAt: T0 + 500, setCookies: ['session=abc; Path=/; SameSite=Lax'] },
  ];
  it.each<[string, SyncEvent[], SeenResponse[], string[][]]>([
    [
      'credentials lost after a successful authenticated request',
      series(5, (i) => (i === 0 ? authed : anon401)),
      [],
      [['r2', 'r3', 'r4', 'r5']],
    ],
    ['anonymous after a sign-in request', series(4, anon401), loginSeen, [['r2', 'r3', 'r4']]],
    ['anonymous after an auth cookie was set', series(4, anon401), cookieSeen, [['r2', 'r3', 'r4']]],
    ['anonymous after a 401 until the end', series(5, anon401), [], [['r2', 'r3', 'r4', 'r5']]],
    [
      'recovers after a 401 with no sign-in seen (booted, not stuck)',
      series(6, (i) => (i < 4 ? anon401 : authed)),
      [],
      [],
    ],
    [
      'only two anonymous after sign-in',
      series(4, (i) => (i < 2 ? anon401 : authed)),
      [{ ...loginSeen[0]!, startedAt: T0 - 10 }],
      [],
    ],
    ['healthy', series(5, authed), loginSeen, []],
    ['anonymous requests the server accepts (a public app)', series(5, {}), loginSeen, []],
  ])('%s', (_name, events, seen, expected) => {
    const drafts = detectStuckUnauthenticated(input(events, seen), 3);
    expect(ids(drafts)).toEqual(expected);
    for (const d of drafts) expect(d).toMatchObject({ code: 'stuck-unauthenticated', severity: 'error' });
  });
});

describe('retry-loop', () => {
  it.each<[string, SyncEvent[], string[][]]>([
    ['refused token sent three more times', series(4, { bearer: tokenA, status: 401 }), [['r1', 'r2', 'r3', 'r4']]],
    ['403 counts too', series(5, { bearer: tokenA, status: 403 }), [['r1', 'r2', 'r3', 'r4', 'r5']]],
    [
      'token refreshed after the 401',
      series(4, (i) => (i === 0 ? { bearer: tokenA, status: 401 } : { bearer: tokenB })),
      [],
    ],
    [
      're-sends started before the 401 arrived do not count',
      series(4, (i) => ({ bearer: tokenA, status: 401, durationMs: i === 0 ? 10_000 : 40 })),
      [],
    ],
    ['never refused', series(6, authed), []],
  ])('%s', (_name, events, expected) => {
    const drafts = detectRetryLoop(input(events), 3);
    expect(ids(drafts)).toEqual(expected);
    for (const d of drafts) expect(d).toMatchObject({ code: 'retry-loop', severity: 'warning' });
  });
});

describe('near-expiry', () => {
  it.each<[string, SyncEvent[], number, string[][]]>([
    [
      'sent 20 s before exp',
      series(2, (i) => ({ bearer: fakeJwt(goodClaims({ exp: NOW_SEC + 20 + i * 100 })) })),
      30,
      [['r1']],
    ],
    [
      'margin is configurable',
      series(2, (i) => ({ bearer: fakeJwt(goodClaims({ exp: NOW_SEC + 20 + i * 100 })) })),
      200,
      [['r1', 'r2']],
    ],
    ['an hour left', series(3, authed), 30, []],
    ['already expired is not near-expiry', series(1, { bearer: fakeJwt(goodClaims({ exp: NOW_SEC - 1 })) }), 30, []],
  ])('%s', (_name, events, margin, expected) => {
    expect(ids(detectNearExpiry(input(events).ledger, margin))).toEqual(expected);
  });
});

describe('identity-switch', () => {
  const bob = fakeJwt(goodClaims({ sub: 'bob' }));
  it.each<[string, SyncEvent[], string[][]]>([
    ['sub changes inside one client group', series(3, (i) => ({ bearer: i < 2 ? tokenA : bob })), [['r2', 'r3']]],
    [
      'different users in different groups',
      series(2, (i) => ({ bearer: i === 0 ? tokenA : bob, clientGroupID: `g-${i}` })),
      [],
    ],
    ['token refresh for the same user', series(2, (i) => ({ bearer: i === 0 ? tokenA : tokenB })), []],
  ])('%s', (_name, events, expected) => {
    const drafts = detectIdentitySwitch(input(events).ledger);
    expect(ids(drafts)).toEqual(expected);
    for (const d of drafts) expect(d.cause).toMatch(/"alice", then as sub "bob"/);
  });
});
