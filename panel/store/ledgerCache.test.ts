import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLedger } from '../../shared/auth/index.ts';
import { harEntry, PULL_QUERY } from '../../shared/sync/fixtures.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { makeRow } from './rows.ts';
import { createLedgerCache } from './ledgerCache.ts';

const TOKENS = [
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIiwiZXhwIjoxfQ.c2ln',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.c2ln',
  'opaque-token',
  null,
];

function event(n: number, sec: number, token: string | null, host: number): SyncEvent {
  const entry = harEntry({
    url: `https://app${host}.test/sync/pull${PULL_QUERY}`,
    startedDateTime: new Date(Date.UTC(2025, 0, 2, 3, 4, sec)).toISOString(),
    requestHeaders: token ? [{ name: 'Authorization', value: `Bearer ${token}` }] : [],
    status: n % 5 === 0 ? 401 : 200,
  });
  return makeRow(`r${n}`, n, entry, false).event!;
}

describe('createLedgerCache', () => {
  it('gives buildLedger’s ledger after any sequence of appends, drops and re-parsed events', () => {
    const step = fc.record({
      add: fc.array(
        fc.record({
          sec: fc.integer({ min: 0, max: 50 }),
          token: fc.constantFrom(...TOKENS),
          host: fc.integer({ min: 0, max: 1 }),
        }),
        { maxLength: 8 },
      ),
      drop: fc.integer({ min: 0, max: 3 }),
      reparse: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const cache = createLedgerCache();
        let events: SyncEvent[] = [];
        let n = 0;
        for (const s of steps) {
          events = events.slice(s.drop).concat(s.add.map((a) => event(n++, a.sec, a.token, a.host)));
          // A body arriving makes a new event object for the same request.
          if (events.length) events[s.reparse % events.length] = { ...events[s.reparse % events.length]! };
          expect(cache.build(events)).toEqual(buildLedger(events));
        }
      }),
      { numRuns: 150 },
    );
  });
});
