// Helpers over the row side's tables (rowIndex.ts RowTable): filling a side from a store's rows,
// emptying it, and listing the entries that have a verdict in key order without sorting them all.

import type { RevertRef, RowEntry, RowTable } from './rowIndex.ts';
import { mergeSorted } from './sorted.ts';
import type { Row, RowVerdict } from './types.ts';
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
    if (ascending && last !== null && id <= last) ascending = false;
    last = id;
    if (ascending) {
      while (at < made.length && (made[at]?.id ?? id) < id) at++;
      const e = made[at];
      if (e?.id === id) {
        e[second] = row;
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
  const extra: T[] = [];
  let last: string | null = null;
  // forEach, not for-of: no iterator result per entry.
  table.forEach((e) => {
    if (!exists(e)) {
      e.verdict = null;
      if (e.confirmation === null) table.delete(e.id);
      return;
    }
    if (last === null || e.id > last) {
      run.push(each(e));
      last = e.id;
    } else extra.push(each(e));
  });
  if (extra.length === 0) return run;
  if (extra.length > run.length >> 2) return run.concat(extra).sort(byId);
  return mergeSorted(run, extra.sort(byId), [], (a, b) => a.id < b.id);
}
