// A fold over a list that the panel hands over again after every change, mostly grown at its end:
// captured requests, ledger entries. Folding the whole list each time costs a walk of the session
// per captured request; this keeps the state and folds only from the first item that is not the
// same object as before (an item replaced, say when its body arrived, or the list cut or cleared),
// resuming from a copy of the state kept every `every` items at or before it.

/** For each list asked about, the last list it was compared with and how many items they share. */
const shared = new WeakMap<readonly unknown[], { prev: readonly unknown[]; n: number }>();

/**
 * How many items at the front of `next` are the same objects, in the same places, as in `prev`.
 * Every fold, the keyed sender and the verdict deltas ask this of the same two lists after each
 * captured request: the walk is made once per pair and remembered for the others.
 */
export function unchangedPrefix(prev: readonly unknown[], next: readonly unknown[]): number {
  const known = shared.get(next);
  if (known?.prev === prev) return known.n;
  const limit = Math.min(prev.length, next.length);
  let n = 0;
  while (n < limit && next[n] === prev[n]) n++;
  shared.set(next, { prev, n });
  return n;
}

export interface FoldSpec<T, S> {
  init(): S;
  /** Folds one item into the state (in place). */
  add(state: S, item: T, index: number): void;
  /** A copy the next `add` cannot change. */
  copy(state: S): S;
}

/**
 * The returned function gives the state for a list: the same object while the list is the same
 * (read it, do not change it), rebuilt from a checkpoint when an item before the end changed.
 */
export function createPrefixFold<T, S>(spec: FoldSpec<T, S>, every = 128): (items: readonly T[]) => S {
  let prev: readonly T[] = [];
  let state = spec.init();
  const checkpoints: { at: number; state: S }[] = [];
  return (items) => {
    if (items === prev) return state;
    const d = unchangedPrefix(prev, items);
    let from = prev.length;
    if (d < prev.length) {
      while (checkpoints.length > 0 && (checkpoints[checkpoints.length - 1]?.at ?? 0) > d) checkpoints.pop();
      const cp = checkpoints[checkpoints.length - 1];
      state = cp ? spec.copy(cp.state) : spec.init();
      from = cp?.at ?? 0;
    }
    for (let i = from; i < items.length; i++) {
      spec.add(state, items[i] as T, i);
      if ((i + 1) % every === 0) checkpoints.push({ at: i + 1, state: spec.copy(state) });
    }
    prev = items;
    return state;
  };
}
