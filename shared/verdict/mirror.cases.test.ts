// The receiving end of engine updates (mirror.ts) and the sorted-list helpers under it (sorted.ts): each merge
// is compared with the list sorted from scratch, and the edge positions (first, last, one list empty) are named.
import { describe, expect, it } from 'vitest';
import { applyVerdictChanges } from './mirror.ts';
import { ascending, insertSorted, lowerBound, markPair, mergeSorted, removeSorted } from './sorted.ts';
import type { VerdictChanges, Verdicts } from './engineTypes.ts';
import type { VerdictFinding } from './findings.ts';
import type { MutationVerdict, RowVerdict } from './types.ts';

const m = (clientID: string, mutationID: number, status = 'applied'): MutationVerdict =>
  ({ key: `${clientID}#${String(mutationID)}`, clientID, mutationID, status }) as MutationVerdict;
const r = (table: string, id: string, state = 'in-sync'): RowVerdict =>
  ({ key: `${table}/${id}`, table, id, state }) as RowVerdict;
const finding = { id: 'f' } as unknown as VerdictFinding;

const changes = (p: Partial<VerdictChanges>): VerdictChanges => ({
  full: false,
  mutations: [],
  removedMutations: [],
  rows: [],
  removedRows: [],
  findings: [],
  ...p,
});

const prev: Verdicts = {
  mutations: [m('a', 1), m('a', 2), m('a', 10), m('b', 1)],
  rows: [r('todos', 't1'), r('todos', 't3'), r('users', 'u1')],
  findings: [],
};
const keys = (list: readonly { key: string }[]) => list.map((x) => x.key);

describe('applyVerdictChanges', () => {
  it('a full update replaces every list', () => {
    const ch = changes({ full: true, mutations: [m('z', 1)], rows: [r('x', '1')], findings: [finding] });
    const out = applyVerdictChanges(prev, ch);
    expect(out.mutations).toBe(ch.mutations);
    expect(out.rows).toBe(ch.rows);
    expect(out.findings).toBe(ch.findings);
  });

  it('an update that changed nothing keeps the lists and takes the new findings', () => {
    const out = applyVerdictChanges(prev, changes({ findings: [finding] }));
    expect(out.mutations).toBe(prev.mutations);
    expect(out.rows).toBe(prev.rows);
    expect(out.findings).toEqual([finding]);
  });

  it('a changed verdict replaces the one with its key, in place, without touching the previous list', () => {
    const before = prev.mutations.slice();
    const out = applyVerdictChanges(
      prev,
      changes({ mutations: [m('a', 10, 'lost')], rows: [r('users', 'u1', 'stale')] }),
    );
    expect(keys(out.mutations)).toEqual(['a#1', 'a#2', 'a#10', 'b#1']);
    expect(out.mutations[2]?.status).toBe('lost');
    expect(out.rows[2]?.state).toBe('stale');
    expect(out.rows).toHaveLength(3);
    expect(prev.mutations).toEqual(before);
    expect(out.mutations).not.toBe(prev.mutations);
  });

  it('new verdicts go where the order puts them: clientID, then mutationID as a number; table, then id', () => {
    const out = applyVerdictChanges(
      prev,
      changes({
        mutations: [m('c', 1), m('a', 3), m('0', 5), m('a', 0), m('a', 11)],
        rows: [r('todos', 't2'), r('a', 'z'), r('zz', 'a'), r('todos', 't0'), r('users', 'u0'), r('todos', 't4')],
      }),
    );
    expect(keys(out.mutations)).toEqual(['0#5', 'a#0', 'a#1', 'a#2', 'a#3', 'a#10', 'a#11', 'b#1', 'c#1']);
    expect(keys(out.rows)).toEqual([
      'a/z',
      'todos/t0',
      'todos/t1',
      'todos/t2',
      'todos/t3',
      'todos/t4',
      'users/u0',
      'users/u1',
      'zz/a',
    ]);
  });

  it('removed keys leave; unknown ones are ignored', () => {
    const out = applyVerdictChanges(
      prev,
      changes({ removedMutations: ['a#1', 'b#1', 'a#7', 'q#1'], removedRows: ['todos/t3', 'todos/t9'] }),
    );
    expect(keys(out.mutations)).toEqual(['a#2', 'a#10']);
    expect(keys(out.rows)).toEqual(['todos/t1', 'users/u1']);
  });

  it('removing only unknown keys gives the same verdicts', () => {
    const out = applyVerdictChanges(prev, changes({ removedMutations: ['a#3'], removedRows: ['todos/t2'] }));
    expect(out.mutations).toEqual(prev.mutations);
    expect(out.rows).toEqual(prev.rows);
  });

  it('reads a key back at its last # and its first /', () => {
    const p: Verdicts = {
      mutations: [m('a', 1), m('a#b', 2), m('a#b', 12), m('b', 1)],
      rows: [r('t', 'a'), r('t', 'a/b'), r('t', 'b'), r('t/u', 'a')],
      findings: [],
    };
    const out = applyVerdictChanges(p, changes({ removedMutations: ['a#b#12'], removedRows: ['t/a/b'] }));
    expect(keys(out.mutations)).toEqual(['a#1', 'a#b#2', 'b#1']);
    expect(keys(out.rows)).toEqual(['t/a', 't/b', 't/u/a']);
  });

  it('adds, replaces and removes in one update', () => {
    const out = applyVerdictChanges(
      prev,
      changes({ mutations: [m('a', 2, 'lost'), m('a', 5)], removedMutations: ['a#1', 'a#10'] }),
    );
    expect(keys(out.mutations)).toEqual(['a#2', 'a#5', 'b#1']);
    expect(out.mutations[0]?.status).toBe('lost');
  });
});

describe('sorted helpers', () => {
  it('ascending: no number below the one before it (equal ones allowed)', () => {
    expect([[], [1], [1, 1, 2], [1, 3, 2]].map(ascending)).toEqual([true, true, true, false]);
  });

  it('lowerBound: the first index not before the probe', () => {
    const list = [1, 3, 3, 5];
    expect([0, 1, 2, 3, 4, 5, 6].map((v) => lowerBound(list, (x) => x < v))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(lowerBound([], () => true)).toBe(0);
    expect(lowerBound([1], (x) => x < 2)).toBe(1);
  });

  it('insertSorted and removeSorted keep the list sorted and say whether they changed it', () => {
    const list = [2, 4];
    expect(insertSorted(list, 3)).toBe(true);
    expect(insertSorted(list, 1)).toBe(true);
    expect(insertSorted(list, 5)).toBe(true);
    expect(insertSorted(list, 3)).toBe(false);
    expect(list).toEqual([1, 2, 3, 4, 5]);
    expect(removeSorted(list, 6)).toBe(false);
    expect(removeSorted(list, 0)).toBe(false);
    expect(removeSorted(list, 3)).toBe(true);
    expect(removeSorted(list, 3)).toBe(false);
    expect(removeSorted(list, 5)).toBe(true);
    expect(removeSorted(list, 1)).toBe(true);
    expect(list).toEqual([2, 4]);
    const words = ['b'];
    expect(insertSorted(words, 'a')).toBe(true);
    expect(insertSorted(words, 'c')).toBe(true);
    expect(words).toEqual(['a', 'b', 'c']);
  });

  it('markPair collects the second keys under the first', () => {
    const map = new Map<string, Set<string>>();
    markPair(map, 'todos', 't1');
    markPair(map, 'todos', 't2');
    markPair(map, 'todos', 't1');
    markPair(map, 'users', 'u1');
    expect([...map].map(([k, v]) => [k, [...v]])).toEqual([
      ['todos', ['t1', 't2']],
      ['users', ['u1']],
    ]);
  });

  const less = (a: number, b: number) => a < b;
  it.each([
    ['nothing to do: a copy', [1, 2], [], [], [1, 2]],
    ['into an empty list', [], [2, 1], [], [1, 2]],
    ['at the front, the middle and the end', [2, 4, 6], [1, 5, 7], [], [1, 2, 4, 5, 6, 7]],
    ['several at one position, in order', [1, 9], [3, 4, 5], [], [1, 3, 4, 5, 9]],
    ['drop the first and the last', [1, 2, 3], [], [0, 2], [2]],
    ['drop all', [1, 2, 3], [], [2, 0, 1], []],
    ['drop an index past the end: ignored', [1, 2], [], [5], [1, 2]],
    ['insert where one is dropped', [1, 2, 3], [2.5], [1], [1, 2.5, 3]],
    ['insert before a dropped first', [2, 3], [1], [0], [1, 3]],
    ['insert after a dropped last', [1, 2], [3], [1], [1, 3]],
    ['replace in the middle with neighbours', [1, 2, 3, 4], [2, 3.5], [1, 2], [1, 2, 3.5, 4]],
  ])('mergeSorted: %s', (_name, list, added, drop, expected) => {
    const out = mergeSorted(list, added, drop, less);
    expect(out).toEqual(expected);
    expect(out).not.toBe(list);
  });
});
