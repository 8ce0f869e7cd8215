// A list kept in step across a postMessage boundary at the cost of what changed: the sender looks
// only past the front its list shares with the last one (identity checks, no copies) and sends the
// items that are new or replaced, the keys that left, and the order only when it is not "the old
// order, minus what left, plus the new keys at the end" (the common case: captured requests
// append). The receiver applies that to its own copy and holds exactly the sender's list, in the
// sender's order, patching a replaced item in place.

import { unchangedPrefix } from '../../shared/prefixFold.ts';

export interface KeyedDelta<T> {
  upsert?: [string, T][];
  remove?: string[];
  /** The whole order, sent only when it is not the default one. */
  order?: string[];
}

/** The sending side: `next` returns what changed since the last call, or null. */
export function createKeyedSender<T extends object>() {
  const sent = new Map<string, T>();
  let order: string[] = [];
  /** The list of the last call: its items up to the first one that differs need no look. */
  let prev: readonly T[] = [];
  return {
    next(list: readonly T[], keyOf: (item: T) => string): KeyedDelta<T> | null {
      // The items before the first that is not the same object as last time were sent as they are,
      // in the same places: their keys are the old order's first `d` (captured requests append).
      const d = unchangedPrefix(prev, list);
      prev = list;
      const upsert: [string, T][] = [];
      const now: string[] = order.slice(0, d);
      const fresh: string[] = [];
      const before = sent.size;
      for (let i = d; i < list.length; i++) {
        const item = list[i] as T;
        const key = keyOf(item);
        now.push(key);
        const held = sent.get(key);
        if (held === item) continue;
        if (held === undefined) fresh.push(key);
        upsert.push([key, item]);
        sent.set(key, item);
      }
      const remove: string[] = [];
      // Every key held before was seen again: nothing left, and no set of keys is needed.
      if (now.length - fresh.length !== before) {
        const present = new Set(now);
        for (const key of sent.keys()) if (!present.has(key)) remove.push(key);
        for (const key of remove) sent.delete(key);
      }
      const left = new Set(remove);
      const kept = left.size ? order.filter((k) => !left.has(k)) : order;
      // With nothing left, kept and now share their first d keys.
      let same = kept.length + fresh.length === now.length;
      for (let i = left.size ? 0 : d; same && i < kept.length; i++) same = kept[i] === now[i];
      for (let i = 0; same && i < fresh.length; i++) same = fresh[i] === now[kept.length + i];
      order = now;
      if (upsert.length === 0 && remove.length === 0 && same) return null;
      return {
        ...(upsert.length ? { upsert } : {}),
        ...(remove.length ? { remove } : {}),
        ...(same ? {} : { order: now }),
      };
    },
    clear() {
      sent.clear();
      order = [];
      prev = [];
    },
  };
}

/** The receiving side: holds the sender's list. */
export function createKeyedList<T>() {
  const items = new Map<string, T>();
  let order: string[] = [];
  let list: T[] = [];
  /** Where each key's item is in `list`. */
  const where = new Map<string, number>();
  return {
    apply(delta: KeyedDelta<T>): void {
      const fresh: string[] = [];
      for (const [key, item] of delta.upsert ?? []) {
        if (!items.has(key)) fresh.push(key);
        items.set(key, item);
      }
      const left = new Set(delta.remove ?? []);
      for (const key of left) items.delete(key);
      const replaced = (delta.upsert?.length ?? 0) > fresh.length;
      if (delta.order) order = delta.order;
      else order = (left.size ? order.filter((k) => !left.has(k)) : order).concat(fresh);
      // New keys at the end (requests appended), some items replaced in place (a body arrived):
      // the list is copied and patched where they are, no walk of the rest.
      if (!delta.order && !left.size && list.length + fresh.length === order.length) {
        const grown = list.slice();
        let patched = true;
        if (replaced)
          for (const [key, item] of delta.upsert ?? []) {
            const at = where.get(key);
            if (at !== undefined) grown[at] = item;
            else if (!fresh.includes(key)) patched = false;
          }
        if (patched) {
          for (const key of fresh) {
            const item = items.get(key);
            if (item === undefined) continue;
            where.set(key, grown.length);
            grown.push(item);
          }
          list = grown;
          return;
        }
      }
      list = [];
      where.clear();
      for (const key of order) {
        const item = items.get(key);
        if (item === undefined) continue;
        where.set(key, list.length);
        list.push(item);
      }
    },
    get list(): readonly T[] {
      return list;
    },
  };
}
