// The incremental findings give exactly computeFindings' findings, call after call, whatever
// arrives: requests in order (the fold goes on), late ones slotting in earlier, bodies replacing
// old events, drops, cookies set before or after, and settings that change.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../sync/types.ts';
import { computeFindings, type FindingOptions } from './findings.ts';
import { createIncrementalFindings } from './incrementalFindings.ts';
import { buildLedger } from './ledger.ts';
import { fakeJwt, goodClaims, makeEvent, NOW_SEC, T0 } from './testFixtures.ts';
import type { SeenResponse } from './types.ts';

const TOKENS = [
  fakeJwt(goodClaims()),
  fakeJwt(goodClaims({ sub: 'bob' })),
  fakeJwt(goodClaims({ exp: NOW_SEC - 10 })),
  fakeJwt(goodClaims({ exp: NOW_SEC + 20 })),
  fakeJwt(goodClaims({ aud: 'other-app' })),
  'opaque-token',
  '',
  undefined,
];

const request = fc.record({
  /** Seconds after the previous request; negative: it started earlier (a late arrival). */
  gap: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) }, fc.integer({ min: -20, max: -1 })),
  kind: fc.constantFrom('pull' as const, 'push' as const),
  status: fc.constantFrom(200, 200, 200, 401, 401, 403, 409, 413),
  bearer: fc.constantFrom(...TOKENS),
  cookie: fc.constantFrom(undefined, 'sid=1', 'theme=dark'),
  group: fc.constantFrom('g1', 'g2'),
  setCookie: fc.constantFrom([], [], ['sid=2; Path=/; SameSite=None'], ['sid=; Max-Age=0']),
});
type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

const step = fc.record({
  add: fc.array(request, { maxLength: 8 }),
  drop: fc.constantFrom(0, 0, 0, 1),
  /** A body arrives: a new object for a request already listed. */
  reparse: fc.option(fc.nat(), { nil: undefined, freq: 6 }),
  seen: fc.option(fc.record({ back: fc.integer({ min: -5, max: 5 }), signIn: fc.boolean() }), { nil: undefined }),
  /** The user sets an expected audience (a new object, or the same one again). */
  expect: fc.constantFrom('same', 'same', 'same', 'plasma-app', 'other-app'),
  margin: fc.constantFrom(30, 3600),
});

function event(n: number, at: number, r: Request): SyncEvent {
  return makeEvent({
    id: `r${String(n)}`,
    kind: r.kind,
    status: r.status,
    startedAt: at,
    ...(r.bearer !== undefined ? { bearer: r.bearer } : {}),
    ...(r.cookie !== undefined && r.bearer === undefined ? { cookie: r.cookie } : {}),
    clientGroupID: r.group,
    setCookie: [...r.setCookie],
    ...(r.status === 409 ? { body: { expected: '2' } } : {}),
  });
}

describe('incremental findings', () => {
  it('equal computeFindings after every step, resuming the fold when only newer requests arrived', () => {
    const runs = Math.min(300, Number(process.env.PROPERTY_RUNS ?? 300));
    let resumed = 0;
    let restarted = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.boolean(), (steps, withLedger) => {
        const engine = createIncrementalFindings();
        let events: SyncEvent[] = [];
        let seen: SeenResponse[] = [];
        let at = T0;
        let n = 0;
        let options: FindingOptions = {};
        for (const s of steps) {
          events = events.slice(s.drop);
          for (const r of s.add) {
            at += r.gap * 1000;
            events.push(event(n++, at, r));
          }
          if (s.reparse !== undefined && events.length) {
            const i = s.reparse % events.length;
            const old = events[i]!;
            // Same request, new object, and what it says differs (its body brought another answer).
            events[i] = { ...old, status: old.status === 200 ? 401 : 200 };
          }
          if (s.seen) {
            seen = seen.concat({
              url: s.seen.signIn ? 'https://api.app.test/auth/sign-in' : 'https://api.app.test/other',
              startedAt: at + s.seen.back * 1000,
              status: 200,
              setCookies: ['sid=3; Path=/; SameSite=None; Secure'],
            });
          }
          if (s.expect !== 'same') options = { ...options, expect: { audience: s.expect } };
          const opts: FindingOptions = { ...options, seen, nearExpiryMarginSec: s.margin };
          const got = engine.compute(events, withLedger ? { ...opts, ledger: buildLedger(events) } : opts);
          expect(got).toEqual(computeFindings(events, opts));
        }
        resumed += engine.stats.resumed;
        restarted += engine.stats.restarted;
      }),
      { numRuns: runs },
    );
    // Both paths must be taken often, or the comparison proves little (checked at the full count: a mutation
    // run's 30 runs are too few for steady proportions).
    if (runs >= 300) {
      expect(resumed).toBeGreaterThan(300);
      expect(restarted).toBeGreaterThan(100);
    }
  });
});
