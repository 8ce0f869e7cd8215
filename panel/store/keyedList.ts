// A list kept in step across a postMessage boundary at the cost of what changed: the sender walks
// its list once per pass (identity checks, no copies) and sends only the items that are new or
// replaced, the keys that left, and the order only when it is not "the old order, minus what left,
// plus the new keys at the end" (the common case: captured requests append). The receiver applies
// that to its own copy and holds exactly the sender's list, in the sender's order.

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
  return {
    next(list: readonly T[], keyOf: (item: T) => string): KeyedDelta<T> | null {
      const upsert: [string, T][] = [];
      const now: string[] = [];
      const fresh: string[] = [];
      const before = sent.size;
      for (const item of list) {
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
      const same =
        kept.length + fresh.length === now.length &&
        kept.every((k, i) => k === now[i]) &&
        fresh.every((k, i) => k === now[kept.length + i]);
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
    },
  };
}

/** The receiving side: holds the sender's list. */
export function createKeyedList<T>() {
  const items = new Map<string, T>();
  let order: string[] = [];
  let list: T[] = [];
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
      // Only new keys at the end (requests appended): the list grows by them, no walk of the rest.
      if (!delta.order && !left.size && !replaced && list.length + fresh.length === order.length) {
        const grown = list.slice();
        for (const key of fresh) {
          const item = items.get(key);
          if (item !== undefined) grown.push(item);
        }
        list = grown;
        return;
      }
      list = [];
      for (const key of order) {
        const item = items.get(key);
        if (item !== undefined) list.push(item);
      }
    },
    get list(): readonly T[] {
      return list;
    },
  };
}
