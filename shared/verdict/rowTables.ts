// Helpers over the row side's tables (rowIndex.ts RowTable): filling a side from a store's rows,
// emptying it, and listing the entries that have a verdict in key order without sorting them all.

import type { RevertRef, RowEntry, RowIndex, RowTable } from './rowIndex.ts';
import { judgeRow } from './rows.ts';
import type { ChangeRecord, Row, RowVerdict } from './types.ts';
import { rowId } from './util.ts';

export type Side = 'visible' | 'base';
export const SIDES: readonly Side[] = ['visible', 'base'];

/** The client's stores, by table. */
export interface Stores {
  base: Record<string, Row[]>;
  visible: Record<string, Row[]>;
}

/** A store's rows by own property only: a table named `toString` must not reach Object.prototype. */
export const own = (stores: Record<string, Row[]>, t: string): Row[] | undefined =>
  Object.hasOwn(stores, t) ? stores[t] : undefined;

export const isOutboxDependent = (v: RowVerdict) =>
  (v.state === 'optimistic' && v.mutationKeys.length === 0) ||
  (v.state === 'unknown' && v.evidence[0]?.startsWith('visible differs') === true);

/** Verdicts by table, then id. */
export const byTableId = (a: RowVerdict, b: RowVerdict): number =>
  a.table < b.table ? -1 : a.table > b.table ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export const byRevert = (a: RevertRef, b: RevertRef): boolean =>
  a.clientID < b.clientID || (a.clientID === b.clientID && a.mutationID <= b.mutationID);

/** A row has a verdict while a store, the log or a revert names it; a /rows answer alone does not. */
export const exists = (e: RowEntry): boolean =>
  e.visible !== null || e.base !== null || e.latest !== null || e.reverted;

/** An entry nothing refers to any more: it may leave its table. */
export const unused = (e: RowEntry): boolean => !exists(e) && e.confirmation === null;

/** One shape for every entry: all fields set here, in this order. */
const newEntry = (id: string): RowEntry => ({
  id,
  visible: null,
  base: null,
  latest: null,
  confirmation: null,
  reverted: false,
  verdict: null,
});

export function entryOf(table: RowTable, id: string): RowEntry {
  let e = table.get(id);
  if (!e) table.set(id, (e = newEntry(id)));
  return e;
}

/** Puts a store's rows into one side of the table (the last of equal ids wins, as a Map would). */
export function loadSide(table: RowTable, side: Side, rows: readonly Row[], mark?: (id: string) => void): void {
  for (const row of rows) {
    const id = rowId(row);
    if (id === null) continue;
    entryOf(table, id)[side] = row;
    mark?.(id);
  }
}

/**
 * Table `t` from the client's stores: a new one from both at once; an existing one side by side,
 * only where the array is not the one it was filled from (`prev`), marking with `moved` when given.
 */
export function loadTable(
  table: RowTable,
  t: string,
  fresh: boolean,
  next: Stores,
  prev: Stores,
  moved?: (id: string) => void,
): void {
  if (fresh && !moved) {
    loadBoth(table, 'visible', own(next.visible, t) ?? [], 'base', own(next.base, t) ?? []);
    return;
  }
  for (const side of SIDES) {
    const list = own(next[side], t);
    // The same arrays handed in again (a rebuild) are not re-read; a new database (new arrays) is.
    if (!fresh && list === own(prev[side], t)) continue;
    if (!fresh) clearSide(table, side, moved);
    loadSide(table, side, list ?? [], moved);
  }
}

/**
 * loadSide for a new table, both stores at once. IndexedDB hands each store's rows in key order,
 * so while the ids ascend the second store walks beside the entries the first one made and finds
 * its row's entry there, without a lookup; an id out of order, or not among them, is looked up.
 * `table` must be empty: while the first store's ids ascend, each is new and is set without a lookup.
 */
export function loadBoth(table: RowTable, first: Side, rows: readonly Row[], second: Side, next: readonly Row[]): void {
  const made: RowEntry[] = [];
  let last: string | null = null;
  let ascending = true;
  // Index loops and forEach over the long lists: no iterator result per row.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const id = row ? rowId(row) : null;
    if (row === undefined || id === null) continue;
    if (ascending && (last === null || id > last)) {
      // Above every id so far in a table that was empty: new, so no lookup first.
      const e = newEntry(id);
      table.set(id, e);
      e[first] = row;
      made.push(e);
    } else {
      ascending = false;
      entryOf(table, id)[first] = row;
    }
    last = id;
  }
  let at = 0;
  last = null;
  for (let i = 0; i < next.length; i++) {
    const row = next[i];
    const id = row ? rowId(row) : null;
    if (row === undefined || id === null) continue;
    // Most rows are in both stores: the next entry made is this row's, found by one comparison
    // (made ascends, so ids that match it in turn ascend too).
    const here = ascending ? made[at] : undefined;
    if (here !== undefined && here.id === id) {
      here[second] = row;
      at++;
      last = id;
      continue;
    }
    if (ascending && last !== null && id <= last) ascending = false;
    last = id;
    if (ascending) {
      while (at < made.length && (made[at]?.id ?? id) < id) at++;
      const e = made[at];
      if (e?.id === id) {
        e[second] = row;
        at++;
        continue;
      }
    }
    entryOf(table, id)[second] = row;
  }
}

/** Empties one side of the table; the entries stay until they are judged (or listed) again. */
export function clearSide(table: RowTable, side: Side, mark?: (id: string) => void): void {
  for (const e of table.values()) {
    if (e[side] === null) continue;
    e[side] = null;
    mark?.(e.id);
  }
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The entries that have a verdict, by id; unused ones leave the table on the way. */
export const sortedEntries = (table: RowTable): RowEntry[] => inKeyOrder(table, (e) => e);

/**
 * `each(e)` of every entry that has a verdict, listed by id (a whole judge lists its verdicts so,
 * with no list of the entries first); unused entries leave the table on the way. The table holds
 * a store's rows in the order IndexedDB gave them (key order) followed by the few ids only the log
 * or a revert names, so the ascending run is taken as it is and only the others are sorted and
 * merged in.
 */
export function inKeyOrder<T extends { id: string }>(table: RowTable, each: (e: RowEntry) => T): T[] {
  const run: T[] = [];
  let extra: T[] | null = null;
  let last: string | null = null;
  // for-of over the values: an optimised loop takes them without a call per entry.
  for (const e of table.values()) {
    if (!exists(e)) {
      drop(table, e);
      continue;
    }
    if (last === null || e.id > last) {
      run.push(each(e));
      last = e.id;
    } else (extra ??= []).push(each(e));
  }
  return extra === null ? run : mergeRun(run, extra);
}

/**
 * inKeyOrder of every entry's verdict judged anew (and set on the entry): a whole judge of table
 * `t`. The verdicts that can raise a finding go into `interesting`, those the outbox's emptiness
 * decides into `outboxDependent`.
 */
export function judgeInKeyOrder(
  t: string,
  table: RowTable,
  idx: RowIndex,
  interesting: Map<string, RowVerdict>,
  outboxDependent: Set<RowVerdict>,
): RowVerdict[] {
  const run: RowVerdict[] = [];
  let extra: RowVerdict[] | null = null;
  let last: string | null = null;
  // The same walk as inKeyOrder's, with the judge in the loop instead of a callback per entry.
  for (const e of table.values()) {
    if (!exists(e)) {
      drop(table, e);
      continue;
    }
    const v = judgeRow(t, e.id, e, idx);
    e.verdict = v;
    if (v.state !== 'in-sync') {
      if (v.state === 'reverted' || v.state === 'filtered') interesting.set(v.key, v);
      if (isOutboxDependent(v)) outboxDependent.add(v);
    }
    if (last === null || e.id > last) {
      run.push(v);
      last = e.id;
    } else (extra ??= []).push(v);
  }
  return extra === null ? run : mergeRun(run, extra);
}

/** Each row's latest change in the log (the highest row version, the first of equal ones) on its entry. */
export function takeLatest(tables: ReadonlyMap<string, RowTable>, list: readonly ChangeRecord[]): void {
  // The log runs in long stretches of one table: its Map is looked up when the name changes.
  let name: string | null = null;
  let table: RowTable | undefined;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!c) continue;
    if (c.table !== name) {
      name = c.table;
      table = tables.get(name);
    }
    if (!table) continue;
    const e = entryOf(table, c.id);
    if (e.latest === null || c.rowVersion > e.latest.rowVersion) e.latest = c;
  }
}

/** An entry with no verdict any more: it leaves the table unless a /rows answer still names it. */
function drop(table: RowTable, e: RowEntry): void {
  e.verdict = null;
  if (e.confirmation === null) table.delete(e.id);
}

/** The ascending run with the others (any order) sorted and merged in. */
function mergeRun<T extends { id: string }>(run: T[], extra: T[]): T[] {
  if (extra.length > run.length >> 2) return run.concat(extra).sort(byId);
  extra.sort(byId);
  // Both ascending: one pass, each element compared once.
  const out: T[] = [];
  let i = 0;
  for (const x of extra) {
    while (i < run.length && (run[i] as T).id < x.id) out.push(run[i++] as T);
    out.push(x);
  }
  while (i < run.length) out.push(run[i++] as T);
  return out;
}
