// The row side's key order per table: the sorted ids and verdicts a whole judge made, and the ids
// that entered or left since. The order is only needed for whole lists (a snapshot), never for an
// update, so it is merged when asked for (sorted.ts mergeSorted), not on every change.

import type { RowTable } from './rowIndex.ts';
import { lowerBound, mergeSorted } from './sorted.ts';
import type { RowVerdict } from './types.ts';

export function createRowOrder() {
  const order = new Map<string, string[]>();
  const pending = new Map<string, { added: Set<string>; removed: Set<string> }>();
  /** A table's verdicts in key order, as the last whole judge or list() made them; dropped when one of them changes. */
  const listed = new Map<string, RowVerdict[]>();

  /** Per table, the verdicts a whole judge listed while its ids have not been read off them yet. */
  const whole = new Map<string, RowVerdict[]>();

  function idsOf(t: string): string[] {
    let ids = order.get(t);
    if (ids) return ids;
    ids = whole.get(t)?.map((v) => v.id) ?? [];
    whole.delete(t);
    order.set(t, ids);
    return ids;
  }

  function orderOf(t: string): string[] {
    const cur = idsOf(t);
    const p = pending.get(t);
    if (!p) return cur;
    pending.delete(t);
    const drop: number[] = [];
    for (const id of p.removed) {
      const i = lowerBound(cur, (x) => x < id);
      if (cur[i] === id) drop.push(i);
    }
    const next = mergeSorted(cur, [...p.added].sort(), drop, (a, b) => a < b);
    order.set(t, next);
    return next;
  }

  return {
    /** A whole judge of table `t`: its ids (null: read off the verdicts when needed) and verdicts in key order. */
    set(t: string, ids: string[] | null, inOrder: RowVerdict[]): void {
      if (ids) order.set(t, ids);
      else order.delete(t);
      if (ids) whole.delete(t);
      else whole.set(t, inOrder);
      listed.set(t, inOrder);
      pending.delete(t);
    },
    /** A verdict of table `t` changed: its list is made again when asked for. */
    touched(t: string): void {
      listed.delete(t);
    },
    /** Ids that entered or left table `t`. */
    moved(t: string, added: readonly string[], removed: ReadonlySet<string>): void {
      if (added.length === 0 && removed.size === 0) return;
      let p = pending.get(t);
      if (!p) pending.set(t, (p = { added: new Set<string>(), removed: new Set<string>() }));
      for (const id of removed) if (!p.added.delete(id)) p.removed.add(id);
      for (const id of added) if (!p.removed.delete(id)) p.added.add(id);
    },
    /** Table `t`'s verdicts in key order. */
    list(t: string, table: RowTable): RowVerdict[] {
      let inOrder = listed.get(t);
      if (!inOrder) {
        inOrder = [];
        for (const id of orderOf(t)) {
          const v = table.get(id)?.verdict;
          if (v) inOrder.push(v);
        }
        listed.set(t, inOrder);
      }
      return inOrder;
    },
    clear(): void {
      order.clear();
      whole.clear();
      pending.clear();
      listed.clear();
    },
  };
}
