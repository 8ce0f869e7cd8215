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

/** clientID → mutationID → values: one lookup per level, no key string built. */
export type Nested<V> = Map<string, Map<number, V[]>>;

export function nestedAdd<V>(map: Nested<V>, a: string, b: number, value: V): void {
  let inner = map.get(a);
  if (!inner) map.set(a, (inner = new Map()));
  const list = inner.get(b);
  if (list) list.push(value);
  else inner.set(b, [value]);
}

export function nestedRemove<V>(map: Nested<V>, a: string, b: number, value: V): void {
  const inner = map.get(a);
  const list = inner?.get(b);
  if (!inner || !list) return;
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) inner.delete(b);
  if (inner.size === 0) map.delete(a);
}

export const nestedGet = <V>(map: Nested<V>, a: string, b: number): readonly V[] | undefined => map.get(a)?.get(b);

/** table → set of ids. */
export function markPair(map: Map<string, Set<string>>, a: string, b: string): void {
  let set = map.get(a);
  if (!set) map.set(a, (set = new Set()));
  set.add(b);
}
