import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyChangeLog,
  emptyErrorLog,
  mergeChanges,
  mergeErrors,
  shouldWalkOn,
  startChangeLog,
  type ChangeLog,
} from './cursor.ts';
import type { ChangeRecord, ChangesPage, ServerError } from './types.ts';

const ch = (rowVersion: number): ChangeRecord => ({
  rowVersion,
  table: 't',
  id: `r${rowVersion}`,
  op: 'put',
  value: {},
  createdAt: 0,
  clientGroupID: null,
  clientID: null,
  mutationID: null,
});
const page = (rvs: number[], extra: Partial<ChangesPage> = {}): ChangesPage => ({
  changes: rvs.map(ch),
  maxRowVersion: Math.max(0, ...rvs),
  hasMore: false,
  nextSince: null,
  skipped: 0,
  ...extra,
});
const rvs = (log: ChangeLog | null) => log?.changes.map((c) => c.rowVersion);

describe('mergeChanges', () => {
  const cases: [string, ChangeLog, ChangesPage, number, number, (Partial<ChangeLog> & { rvs?: number[] }) | null][] = [
    [
      'first page',
      emptyChangeLog(),
      page([1, 2, 3]),
      0,
      10,
      { rvs: [1, 2, 3], since: 3, maxRowVersion: 3, knownFromRowVersion: null },
    ],
    ['stale page ignored', { ...emptyChangeLog(), since: 3 }, page([1, 2, 3]), 0, 10, null],
    [
      'overlap is not added twice',
      { ...emptyChangeLog(), changes: [ch(1), ch(2)], since: 2 },
      page([2, 3]),
      2,
      10,
      { rvs: [1, 2, 3], since: 3 },
    ],
    ['gaps kept as they are', emptyChangeLog(), page([2, 7]), 0, 10, { rvs: [2, 7], since: 7 }],
    [
      'nextSince jumps past filtered rows',
      emptyChangeLog(),
      page([2], { nextSince: 9, maxRowVersion: 9 }),
      0,
      10,
      { rvs: [2], since: 9, maxRowVersion: 9 },
    ],
    [
      'nextSince beyond maxRowVersion refused',
      emptyChangeLog(),
      page([2], { nextSince: 99, maxRowVersion: 9 }),
      0,
      10,
      { since: 2 },
    ],
    ['nextSince behind is ignored', emptyChangeLog(), page([5], { nextSince: 1 }), 0, 10, { since: 5 }],
    [
      'empty page keeps the cursor',
      { ...emptyChangeLog(), since: 4 },
      page([], { maxRowVersion: 4 }),
      4,
      10,
      { rvs: [], since: 4, maxRowVersion: 4 },
    ],
    [
      'bounded: oldest dropped, start recorded',
      { ...emptyChangeLog(), changes: [ch(1), ch(2), ch(4)], since: 4 },
      page([5, 6]),
      4,
      3,
      { rvs: [4, 5, 6], dropped: 2, knownFromRowVersion: 3 },
    ],
    ['skipped counts add up', { ...emptyChangeLog(), skipped: 1 }, page([1], { skipped: 2 }), 0, 10, { skipped: 3 }],
  ];
  it.each(cases)('%s', (_n, log, p, since, bound, want) => {
    const out = mergeChanges(log, p, since, bound);
    if (want === null) {
      expect(out).toBeNull();
      return;
    }
    const { rvs: wantRvs, ...rest } = want;
    expect(out).toMatchObject(rest);
    if (wantRvs) expect(rvs(out)).toEqual(wantRvs);
  });

  it('a walk over any paging of a log holds each row once, in order, bounded', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 200 }),
        (raw, size, bound) => {
          const all = raw.sort((a, b) => a - b);
          let log = emptyChangeLog();
          for (let guard = 0; guard < 1000; guard++) {
            const rest = all.filter((v) => v > log.since);
            const p = page(rest.slice(0, size), { maxRowVersion: all.at(-1) ?? 0, hasMore: rest.length > size });
            const next = mergeChanges(log, p, log.since, bound);
            const walk = shouldWalkOn(log, next, p.hasMore);
            log = next!;
            if (!walk) break;
          }
          const want = all.slice(Math.max(0, all.length - bound));
          expect(rvs(log)).toEqual(want);
          expect(log.dropped).toBe(all.length - want.length);
          if (log.dropped > 0) expect(log.knownFromRowVersion).toBe(all[log.dropped - 1]! + 1);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('startChangeLog', () => {
  it.each([
    [0, 10, 0, null],
    [10, 10, 0, null],
    [25, 10, 15, 16],
  ])('max %i bound %i', (max, bound, since, known) => {
    expect(startChangeLog(max, bound)).toMatchObject({ since, knownFromRowVersion: known });
  });
});

describe('mergeErrors', () => {
  const err = (id: number): ServerError => ({
    id,
    at: 0,
    kind: 'mutation',
    clientGroupID: null,
    clientID: null,
    mutationID: null,
    mutationName: null,
    message: 'm',
  });
  const ep = (ids: number[], tapInstalled: boolean | null = true) => ({
    errors: ids.map(err),
    hasMore: false,
    tapInstalled,
    skipped: 0,
  });
  it.each([
    ['first page', emptyErrorLog(), ep([1, 2]), 0, 10, [1, 2], 2],
    ['repeat ignored', { ...emptyErrorLog(), errors: [err(1)], since: 1 }, ep([1, 3]), 1, 10, [1, 3], 3],
    ['bounded', { ...emptyErrorLog(), errors: [err(1), err(2)], since: 2 }, ep([3]), 2, 2, [2, 3], 3],
  ])('%s', (_n, log, p, since, bound, ids, nextSince) => {
    const out = mergeErrors(log, p, since, bound);
    expect(out?.errors?.map((e) => e.id)).toEqual(ids);
    expect(out?.since).toBe(nextSince);
  });
  it('no tap: errors become null (unavailable), not empty', () => {
    expect(mergeErrors(emptyErrorLog(), ep([], false), 0)?.errors).toBeNull();
  });
  it('stale page: null', () => {
    expect(mergeErrors({ ...emptyErrorLog(), since: 5 }, ep([6]), 0)).toBeNull();
  });
});
