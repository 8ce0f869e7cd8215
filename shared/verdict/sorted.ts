// Sorted-array and nested-map helpers for the incremental engine: keyed state that a delta updates
// in place (binary search, one splice) instead of rebuilding from whole lists.

/** Index of the first element for which `before(element)` is false (elements before it sort lower). */
export function lowerBound<T>(list: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when no number is below the one before it. */
export function ascending(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1] ?? 0) > (list[i] ?? 0)) return false;
  return true;
}

/** Inserts `value` into a sorted, duplicate-free list; false when it was there. */
export function insertSorted<T extends string | number>(list: T[], value: T): boolean {
  const i = lowerBound(list, (x) => x < value);
  if (list[i] === value) return false;
  list.splice(i, 0, value);
  return true;
}

export function removeSorted<T extends string | number>(list: T[], value: T): boolean {
  const i = lowerBound(list, (x) => x < value);
  if (list[i] !== value) return false;
  list.splice(i, 1);
  return true;
}

/** table → set of ids. */
export function markPair(map: Map<string, Set<string>>, a: string, b: string): void {
  let set = map.get(a);
  if (!set) map.set(a, (set = new Set<string>()));
  set.add(b);
}

/**
 * A sorted list with `added` inserted (none of them already in it) and the indexes in `drop`
 * removed: one binary search per change, then one native copy, so a few changes to a long list cost
 * no comparison per element of it.
 */
export function mergeSorted<T>(
  list: readonly T[],
  added: readonly T[],
  drop: Iterable<number>,
  less: (a: T, b: T) => boolean,
): T[] {
  const cuts: { at: number; value: T; insert: boolean }[] = [];
  for (const v of added) cuts.push({ at: lowerBound(list, (x) => less(x, v)), value: v, insert: true });
  for (const i of drop) {
    const value = list[i];
    if (value !== undefined) cuts.push({ at: i, value, insert: false });
  }
  if (cuts.length === 0) return list.slice();
  // By position; at one position the inserts (in their own order) go before the removal.
  cuts.sort(
    (a, b) =>
      a.at - b.at || (a.insert === b.insert ? (a.insert && less(a.value, b.value) ? -1 : 0) : a.insert ? -1 : 1),
  );
  const parts: T[][] = [];
  let prev = 0;
  for (const c of cuts) {
    if (c.at > prev) parts.push(list.slice(prev, c.at));
    if (c.insert) {
      parts.push([c.value]);
      prev = Math.max(prev, c.at);
    } else prev = c.at + 1;
  }
  parts.push(list.slice(prev));
  return ([] as T[]).concat(...parts);
}
