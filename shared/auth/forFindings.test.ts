// The findings engine is handed events without their pull patches (forFindings.ts): the findings,
// and the ledger they lean on, must be exactly those of the whole events, whatever the patches,
// statuses, tokens, groups and cookies.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeOp, PullEvent, SyncEvent } from '../sync/types.ts';
import { computeFindings } from './findings.ts';
import { forFindings } from './forFindings.ts';
import { buildLedger } from './ledger.ts';
import { fakeJwt, goodClaims, makeEvent, NOW_SEC, T0 } from './testFixtures.ts';

const op: fc.Arbitrary<ChangeOp> = fc.oneof(
  fc.record({
    op: fc.constant('put' as const),
    table: fc.constantFrom('todos', 'board_items'),
    id: fc.string({ maxLength: 6 }),
    value: fc.oneof(fc.jsonValue(), fc.record({ owner: fc.constantFrom('alice', 'bob'), role: fc.string() })),
    rowVersion: fc.option(fc.nat(), { nil: null }),
  }),
  fc.record({
    op: fc.constant('del' as const),
    table: fc.constantFrom('todos', 'board_items'),
    id: fc.string({ maxLength: 6 }),
    rowVersion: fc.option(fc.nat(), { nil: null }),
  }),
);

const request = fc.record({
  gap: fc.integer({ min: -5, max: 4 }),
  kind: fc.constantFrom('pull' as const, 'pull' as const, 'push' as const),
  status: fc.constantFrom(200, 200, 200, 401, 403, 409),
  bearer: fc.constantFrom(fakeJwt(goodClaims()), fakeJwt(goodClaims({ exp: NOW_SEC - 10 })), 'opaque', undefined),
  group: fc.constantFrom('g1', 'g2'),
  patch: fc.array(op, { maxLength: 5 }),
  lmids: fc.dictionary(fc.constantFrom('c1', 'c2'), fc.nat({ max: 9 })),
  hasMore: fc.boolean(),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function event(n: number, at: number, r: Request): SyncEvent {
  const e = makeEvent({
    id: `r${String(n)}`,
    kind: r.kind,
    status: r.status,
    startedAt: at,
    clientGroupID: r.group,
    ...(r.bearer !== undefined ? { bearer: r.bearer } : {}),
  });
  if (e.kind !== 'pull' || r.status !== 200) return e;
  const pull: PullEvent = {
    ...e,
    response: { state: 'ok', value: { cookie: null, patch: r.patch, lastMutationIDs: r.lmids, hasMore: r.hasMore } },
  };
  return pull;
}

describe('forFindings', () => {
  it('leaves pushes, refused pulls and empty patches as they are', () => {
    const push = makeEvent({ kind: 'push' });
    const refused = makeEvent({ kind: 'pull', status: 401 });
    expect(forFindings(push)).toBe(push);
    expect(forFindings(refused)).toBe(refused);
  });

  it('gives the findings and the ledger of the whole events', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 20 }), (list) => {
        let at = T0;
        const events = list.map((r, i) => event(i, (at += r.gap * 1000), r));
        const slim = events.map(forFindings);
        expect(
          slim.every((e) => e.kind !== 'pull' || e.response.state !== 'ok' || e.response.value.patch.length === 0),
        ).toBe(true);
        expect(buildLedger(slim)).toEqual(buildLedger(events));
        expect(computeFindings(slim, { ledger: buildLedger(slim) })).toEqual(
          computeFindings(events, { ledger: buildLedger(events) }),
        );
        expect(computeFindings(slim)).toEqual(computeFindings(events));
      }),
      { numRuns: Math.min(200, Number(process.env.PROPERTY_RUNS ?? 200)) },
    );
  });
});
