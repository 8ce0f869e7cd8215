// The row side's tables and key order (rowTables.ts, rowOrder.ts, rowIndex.ts): which entries have a verdict,
// the order a snapshot lists them in, which ids a store load marks, and the cookie read as a row version.
import { describe, expect, it } from 'vitest';
import { cookieRowVersion, type RevertRef, type RowEntry, type RowTable } from './rowIndex.ts';
import { createRowOrder } from './rowOrder.ts';
import {
  byRevert,
  byTableId,
  clearSide,
  entryOf,
  exists,
  inKeyOrder,
  isOutboxDependent,
  loadSide,
  own,
  sortedEntries,
  unused,
} from './rowTables.ts';
import { cookieAt } from './testFixtures.ts';
import type { RowVerdict } from './types.ts';

const verdict = (table: string, id: string, p: Partial<RowVerdict> = {}): RowVerdict =>
  ({ key: `${table}/${id}`, table, id, state: 'in-sync', mutationKeys: [], evidence: [], ...p }) as RowVerdict;

function tableOf(ids: string[]): RowTable {
  const t: RowTable = new Map();
  for (const id of ids) entryOf(t, id).visible = { id };
  return t;
}

describe('entries', () => {
  it('entryOf makes one empty entry per id and hands the same one back', () => {
    const t: RowTable = new Map();
    const e = entryOf(t, 'a');
    expect(e).toEqual({
      id: 'a',
      visible: null,
      base: null,
      latest: null,
      confirmation: null,
      reverted: false,
      verdict: null,
    });
    expect(Object.keys(e)).toEqual(['id', 'visible', 'base', 'latest', 'confirmation', 'reverted', 'verdict']);
    expect(entryOf(t, 'a')).toBe(e);
    expect([...t.keys()]).toEqual(['a']);
  });

  it('exists while a store, the log or a revert names the row; unused also needs no /rows answer', () => {
    const blank = (): RowEntry => entryOf(new Map(), 'x');
    const cases: [Partial<RowEntry>, boolean, boolean][] = [
      [{}, false, true],
      [{ visible: { id: 'x' } }, true, false],
      [{ base: { id: 'x' } }, true, false],
      [{ latest: { rowVersion: 1 } as RowEntry['latest'] }, true, false],
      [{ reverted: true }, true, false],
      [{ confirmation: { table: 't', id: 'x', row: null, readable: false } }, false, false],
    ];
    for (const [p, ex, un] of cases) {
      const e = Object.assign(blank(), p);
      expect([exists(e), unused(e)]).toEqual([ex, un]);
    }
  });

  it('loadSide puts rows with an id on one side, the last of equal ids winning, and marks each', () => {
    const t: RowTable = new Map();
    const marked: string[] = [];
    loadSide(t, 'base', [{ id: 'b', n: 1 }, { id: 7 }, { n: 2 }, { id: 'b', n: 3 }], (id) => marked.push(id));
    expect(marked).toEqual(['b', '7', 'b']);
    expect(t.get('b')?.base).toEqual({ id: 'b', n: 3 });
    expect(t.get('b')?.visible).toBeNull();
    expect(t.get('7')?.base).toEqual({ id: 7 });
    expect([...t.keys()]).toEqual(['b', '7']);
    loadSide(t, 'visible', [{ id: 'c' }]);
    expect(t.get('c')?.visible).toEqual({ id: 'c' });
  });

  it('clearSide empties one side and marks only the entries that had it', () => {
    const t: RowTable = new Map();
    loadSide(t, 'base', [{ id: 'a' }, { id: 'b' }]);
    loadSide(t, 'visible', [{ id: 'b' }, { id: 'c' }]);
    const marked: string[] = [];
    clearSide(t, 'visible', (id) => marked.push(id));
    expect(marked).toEqual(['b', 'c']);
    expect([...t.values()].map((e) => [e.id, e.visible, e.base])).toEqual([
      ['a', null, { id: 'a' }],
      ['b', null, { id: 'b' }],
      ['c', null, null],
    ]);
    clearSide(t, 'base');
    expect([...t.values()].every((e) => e.base === null)).toBe(true);
  });

  it('own reads a store by own property only', () => {
    const stores = { todos: [{ id: 't' }] };
    expect(own(stores, 'todos')).toBe(stores.todos);
    expect(own(stores, 'toString')).toBeUndefined();
    expect(own(stores, 'users')).toBeUndefined();
  });
});

describe('sortedEntries', () => {
  const ids = (list: RowEntry[]) => list.map((e) => e.id);

  it('a table already in key order comes back as it is', () => {
    expect(ids(sortedEntries(tableOf(['a', 'b', 'c'])))).toEqual(['a', 'b', 'c']);
  });

  it('a few ids out of order are merged in', () => {
    expect(ids(sortedEntries(tableOf(['b', 'd', 'f', 'h', 'j', 'l', 'n', 'p', 'c', 'a'])))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'f',
      'h',
      'j',
      'l',
      'n',
      'p',
    ]);
  });

  it('a few ids out of order, several between the same two: merged in key order', () => {
    const order = ['b', 'd', 'f', 'h', 'j', 'l', 'n', 'p', 'r', 't', 'v', 'x', 'c3', 'c1', 'c2'];
    expect(ids(sortedEntries(tableOf(order)))).toEqual([...order].sort());
  });

  it('many ids out of order are sorted', () => {
    expect(ids(sortedEntries(tableOf(['e', 'd', 'c', 'b', 'a'])))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(sortedEntries(tableOf(['b', 'b2', 'a', 'c'])))).toEqual(['a', 'b', 'b2', 'c']);
  });

  it('an entry without a verdict loses it, and leaves unless a /rows answer holds it', () => {
    const t = tableOf(['a', 'c']);
    const gone = entryOf(t, 'b');
    gone.verdict = verdict('t', 'b');
    const held = entryOf(t, 'd');
    held.verdict = verdict('t', 'd');
    held.confirmation = { table: 't', id: 'd', row: null, readable: true };
    expect(ids(sortedEntries(t))).toEqual(['a', 'c']);
    expect([...t.keys()]).toEqual(['a', 'c', 'd']);
    expect(gone.verdict).toBeNull();
    expect(held.verdict).toBeNull();
  });

  it('inKeyOrder lists what it makes of each entry with a verdict, once each, by id', () => {
    const t = tableOf(['b', 'd', 'f', 'h', 'j', 'a']);
    entryOf(t, 'c');
    const seen: string[] = [];
    const out = inKeyOrder(t, (e) => {
      seen.push(e.id);
      return { id: e.id, made: true };
    });
    expect(out.map((x) => x.id)).toEqual(['a', 'b', 'd', 'f', 'h', 'j']);
    expect(out.every((x) => x.made)).toBe(true);
    expect(seen.sort()).toEqual(['a', 'b', 'd', 'f', 'h', 'j']);
    expect(t.has('c')).toBe(false);
  });
});

describe('orders and tests on verdicts', () => {
  it('byTableId orders by table, then id', () => {
    const list = [verdict('b', '1'), verdict('a', '2'), verdict('a', '1'), verdict('b', '0'), verdict('a', '1')];
    expect(list.sort(byTableId).map((v) => v.key)).toEqual(['a/1', 'a/1', 'a/2', 'b/0', 'b/1']);
    expect(byTableId(verdict('a', '1'), verdict('a', '1'))).toBe(0);
    expect(byTableId(verdict('a', '2'), verdict('a', '1'))).toBe(1);
    expect(byTableId(verdict('a', '1'), verdict('a', '2'))).toBe(-1);
    expect(byTableId(verdict('b', '1'), verdict('a', '2'))).toBe(1);
  });

  it('byRevert: clientID, then mutationID, equal counting as in order', () => {
    const ref = (clientID: string, mutationID: number): RevertRef => ({ key: '', table: null, clientID, mutationID });
    expect(byRevert(ref('a', 9), ref('b', 1))).toBe(true);
    expect(byRevert(ref('b', 1), ref('a', 9))).toBe(false);
    expect(byRevert(ref('a', 1), ref('a', 2))).toBe(true);
    expect(byRevert(ref('a', 2), ref('a', 2))).toBe(true);
    expect(byRevert(ref('a', 3), ref('a', 2))).toBe(false);
  });

  it('isOutboxDependent: optimistic with no mutation named, or unknown because visible differs', () => {
    expect(isOutboxDependent(verdict('t', '1', { state: 'optimistic' }))).toBe(true);
    expect(isOutboxDependent(verdict('t', '1', { state: 'optimistic', mutationKeys: ['c#1'] }))).toBe(false);
    expect(isOutboxDependent(verdict('t', '1', { state: 'unknown', evidence: ['visible differs from base'] }))).toBe(
      true,
    );
    expect(
      isOutboxDependent(verdict('t', '1', { state: 'unknown', evidence: ['no admin API', 'visible differs'] })),
    ).toBe(false);
    expect(isOutboxDependent(verdict('t', '1', { state: 'unknown' }))).toBe(false);
    expect(isOutboxDependent(verdict('t', '1', { state: 'in-sync', evidence: ['visible differs'] }))).toBe(false);
  });

  it('cookieRowVersion: none is 0, an integer or c1 cookie its row version, an opaque one unknown', () => {
    expect(cookieRowVersion(null)).toBe(0);
    expect(cookieRowVersion('17')).toBe(17);
    expect(cookieRowVersion(cookieAt(23))).toBe(23);
    expect(cookieRowVersion('opaque-cookie')).toBeUndefined();
  });
});

describe('createRowOrder', () => {
  const table = (ids: string[]): RowTable => {
    const t: RowTable = new Map();
    for (const id of ids) entryOf(t, id).verdict = verdict('t', id);
    return t;
  };
  const keys = (list: RowVerdict[]) => list.map((v) => v.id);

  it('lists what a whole judge set, as it set it', () => {
    const o = createRowOrder();
    const inOrder = [verdict('t', 'a'), verdict('t', 'b')];
    o.set('t', ['a', 'b'], inOrder);
    expect(o.list('t', table(['a', 'b']))).toBe(inOrder);
  });

  it('after a change, lists the table’s current verdicts in the order, skipping ids without one', () => {
    const o = createRowOrder();
    o.set('t', ['a', 'b', 'c'], []);
    o.touched('t');
    const t = table(['a', 'c']);
    entryOf(t, 'b');
    expect(keys(o.list('t', t))).toEqual(['a', 'c']);
    expect(o.list('t', t)).toBe(o.list('t', t));
  });

  it('merges ids that entered or left, in key order', () => {
    const o = createRowOrder();
    o.set('t', ['b', 'd'], []);
    o.moved('t', ['e', 'a', 'c'], new Set(['d', 'x']));
    o.touched('t');
    expect(keys(o.list('t', table(['a', 'b', 'c', 'd', 'e'])))).toEqual(['a', 'b', 'c', 'e']);
  });

  it('an id added then removed (or removed then added) before the list is asked for cancels out', () => {
    const o = createRowOrder();
    o.set('t', ['b'], []);
    o.moved('t', ['a'], new Set());
    o.moved('t', [], new Set(['a']));
    o.moved('t', [], new Set(['b']));
    o.moved('t', ['b'], new Set());
    o.moved('t', [], new Set());
    o.touched('t');
    expect(keys(o.list('t', table(['a', 'b'])))).toEqual(['b']);
  });

  it('a whole judge that gives no ids has them read off its verdicts when a change needs them', () => {
    const o = createRowOrder();
    const inOrder = [verdict('t', 'b'), verdict('t', 'd')];
    o.set('t', null, inOrder);
    expect(o.list('t', table(['b', 'd']))).toBe(inOrder);
    o.moved('t', ['c', 'a'], new Set(['d']));
    o.touched('t');
    expect(keys(o.list('t', table(['a', 'b', 'c', 'd'])))).toEqual(['a', 'b', 'c']);
    o.set('t', null, [verdict('t', 'x')]);
    o.set('t', ['y'], []);
    o.touched('t');
    expect(keys(o.list('t', table(['x', 'y'])))).toEqual(['y']);
  });

  it('a table never set starts empty; a whole judge drops pending moves; clear forgets everything', () => {
    const o = createRowOrder();
    o.moved('u', ['b', 'a'], new Set());
    expect(keys(o.list('u', table(['a', 'b'])))).toEqual(['a', 'b']);
    o.moved('t', ['z'], new Set());
    o.set('t', ['a'], []);
    o.touched('t');
    expect(keys(o.list('t', table(['a', 'z'])))).toEqual(['a']);
    o.clear();
    expect(o.list('t', table(['a']))).toEqual([]);
  });
});
