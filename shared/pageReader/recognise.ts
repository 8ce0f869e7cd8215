// Tells a plasma database from any other by its store names (plasma-protocol.md §4): it has a
// `_plasma_outbox` store; its tables are the names after `_plasma_base_`. Pure; used on what the
// page reader reports, and mirrored by the store selection inside pageScript.ts.

import type { PlasmaLayout } from './types.ts';

export const OUTBOX_STORE = '_plasma_outbox';
export const META_STORE = '_plasma_meta';
export const BASE_PREFIX = '_plasma_base_';

export function recognisePlasmaStores(storeNames: readonly string[]): PlasmaLayout {
  const names = new Set(storeNames);
  const plasma = names.has(OUTBOX_STORE);
  const tables: string[] = [];
  for (const n of names) {
    if (!n.startsWith(BASE_PREFIX) || n.length === BASE_PREFIX.length) continue;
    const t = n.slice(BASE_PREFIX.length);
    // `_plasma_base_x` is only the visible store of a table named `_plasma_base_x` when that
    // table's own base store exists and no visible store `x` does.
    if (!names.has(t) && names.has(BASE_PREFIX + n)) continue;
    tables.push(t);
  }
  tables.sort();
  const read = new Set<string>([OUTBOX_STORE, META_STORE]);
  for (const t of tables) {
    read.add(t);
    read.add(BASE_PREFIX + t);
  }
  return {
    plasma,
    tables: plasma ? tables : [],
    outbox: plasma ? OUTBOX_STORE : null,
    meta: plasma && names.has(META_STORE) ? META_STORE : null,
    others: plasma ? [...names].filter((n) => !read.has(n)).sort() : [...names].sort(),
  };
}

/** Where a store's rows belong in the layout. */
export type StoreRole =
  | { role: 'outbox' }
  | { role: 'meta' }
  | { role: 'base'; table: string }
  | { role: 'visible'; table: string }
  | { role: 'other' };

export function roleOf(layout: PlasmaLayout, store: string): StoreRole {
  if (store === layout.outbox) return { role: 'outbox' };
  if (store === layout.meta) return { role: 'meta' };
  if (layout.tables.includes(store)) return { role: 'visible', table: store };
  if (store.startsWith(BASE_PREFIX) && layout.tables.includes(store.slice(BASE_PREFIX.length))) {
    return { role: 'base', table: store.slice(BASE_PREFIX.length) };
  }
  return { role: 'other' };
}
