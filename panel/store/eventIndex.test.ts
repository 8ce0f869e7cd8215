import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as folds from './eventIndex.ts';
import { capturedGroup, pickDatabase, tabClientIDsOf, userOf } from './verdicts.ts';
import { coverageOf, createCoverage } from './coverage.ts';
import { createPrefixFold, unchangedPrefix } from '../../shared/prefixFold.ts';
import { db, pull, push } from '../../shared/health/testFixtures.ts';
import type { LedgerEntry } from '../../shared/auth/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { DbData } from '../../shared/pageReader/types.ts';

const T = 1_760_000_000_000;
const groups = ['g1', 'g2', '', 'g3'];
const clients = ['a', 'b', '', 'c'];

/** A captured request with a varied group, client, kind and (for pushes) mutation ids. */
function request(i: number, seed: number): SyncEvent {
  const group = groups[(seed + i) % 4] as string;
  const client = clients[(seed * 3 + i) % 4] as string;
  const at = T + ((i * 37 + seed) % 500);
  if ((seed + i) % 3 === 0) {
    const e = push(`p${seed}-${i}`, at, 200, client);
    if (e.request.state !== 'ok') return e;
    const mutations = [{ id: 1 + ((i + seed) % 5), name: 'm', args: {}, timestamp: null }];
    return { ...e, request: { state: 'ok', value: { ...e.request.value, clientGroupID: group, mutations } } };
  }
  const e = pull(`l${seed}-${i}`, at, 200, (seed + i) % 2 ? 5 : null, client);
  if (e.request.state !== 'ok' || (seed + i) % 7 === 0) return { ...e, request: { state: 'empty' } };
  return { ...e, request: { state: 'ok', value: { ...e.request.value, clientGroupID: group } } };
}

function entry(i: number, seed: number): LedgerEntry {
  const sub = (seed + i) % 4 === 0 ? null : `user-${(seed + i) % 3}`;
  const group = [null, 'g1', 'g2'][(seed * 5 + i) % 3] ?? null;
  return { clientGroupID: group, token: { sub } } as unknown as LedgerEntry;
}

const step = fc.oneof(
  fc.record({ op: fc.constant('add' as const), n: fc.integer({ min: 1, max: 30 }), seed: fc.nat(1000) }),
  fc.record({ op: fc.constant('replaceLast' as const) }),
  fc.record({ op: fc.constant('replaceAt' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dropFirst' as const), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('clear' as const) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Applies a capture's steps to a list, calling `check` after each. */
function replay<T>(steps: Step[], make: (i: number, seed: number) => T, check: (list: T[]) => void) {
  let list: T[] = [];
  let next = 0;
  for (const s of steps) {
    if (s.op === 'add') for (let k = 0; k < s.n; k++) list = [...list, make(next++, s.seed)];
    else if (s.op === 'replaceLast' && list.length > 0) list = [...list.slice(0, -1), { ...(list.at(-1) as T) }];
    else if (s.op === 'replaceAt' && list.length > 0) {
      const i = s.at % list.length;
      list = list.map((x, j) => (j === i ? { ...x } : x));
    } else if (s.op === 'dropFirst') list = list.slice(s.n);
    else if (s.op === 'clear') list = [];
    check(list);
  }
}

describe('the capture folded once (eventIndex, coverage)', () => {
  it('answers as the walks over the whole lists do, whatever the capture does', () => {
    const data = {
      one: { ...db(), name: 'one', meta: { clientGroupID: 'g2' } },
      two: { ...db({ outboxAt: [T - 5, T + 900] }), name: 'two', meta: { clientGroupID: 'g1', cookie: 'c1:x' } },
      three: { ...db(), name: 'three', meta: { clientGroupID: 'g1' } },
    };
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.integer({ min: 1, max: 9 }), (steps, every) => {
        const index = folds.createEventIndex();
        const coverage = createCoverage();
        replay(steps, request, (events) => {
          const ix = index(events);
          for (const d of [data, { one: data.one }, {}] as Record<string, DbData>[])
            expect(folds.databaseFrom(d, ix)).toBe(pickDatabase(d, events));
          expect(folds.groupFrom(ix)).toBe(capturedGroup(events));
          expect(folds.tabClientIDsFrom(ix, null, { clientID: 'z' } as never)).toEqual(
            tabClientIDsOf(events, null, { clientID: 'z' } as never),
          );
          const dbs = Object.values(data);
          expect(coverage(events, dbs, T)).toEqual(coverageOf(events, dbs, T));
        });
        const users = folds.createUserIndex();
        replay(steps, entry, (ledger) => {
          for (const g of [null, 'g1', 'g2', 'g9']) expect(folds.userFrom(users(ledger), g)).toBe(userOf(ledger, g));
        });
        // The fold's own checkpoints at another spacing give the same state.
        const count = createPrefixFold<SyncEvent, { n: number }>(
          {
            init: () => ({ n: 0 }),
            copy: (s) => ({ ...s }),
            add: (s) => {
              s.n++;
            },
          },
          every,
        );
        replay(steps, request, (events) => {
          expect(count(events).n).toBe(events.length);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('folds only what a list adds, and from the checkpoint before a replaced item', () => {
    const seen: number[] = [];
    const fold = createPrefixFold<{ v: number }, number[]>(
      { init: () => [], copy: (s) => [...s], add: (s, x, i) => void (s.push(x.v), seen.push(i)) },
      4,
    );
    let list = Array.from({ length: 10 }, (_, v) => ({ v }));
    fold(list);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    seen.length = 0;
    list = [...list, { v: 10 }];
    expect(fold(list)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen).toEqual([10]);
    seen.length = 0;
    list = list.map((x) => (x.v === 9 ? { v: 99 } : x));
    expect(fold(list)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 99, 10]);
    expect(seen).toEqual([8, 9, 10]);
  });
});

describe('unchangedPrefix', () => {
  it('counts the items shared at the front, per pair of lists, whichever list asked before', () => {
    const [a, b, c] = [{}, {}, {}];
    const old = [a, b, c];
    const next = [a, b, {}, c];
    expect(unchangedPrefix(old, next)).toBe(2);
    expect(unchangedPrefix(old, next)).toBe(2);
    expect(unchangedPrefix([a], next)).toBe(1);
    expect(unchangedPrefix([], next)).toBe(0);
    expect(unchangedPrefix(next, next)).toBe(4);
    expect(unchangedPrefix(old, [a, b])).toBe(2);
  });
});
