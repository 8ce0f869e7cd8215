// How the slice holds one database's rows so that an incremental read costs what it changed: the
// row arrays of DbData stay (what ClientStoresView and the verdicts read), and beside each one a
// Map from row key to array position, built once after a full read on first use. A put replaces
// in place or appends; a del moves the last row into the hole. Row order is therefore not key
// order after a change (nothing relies on it).

import { dict, type DbData, type DbDelta, type Row, type StoreDelta } from '../../shared/pageReader/index.ts';

const BASE = '_plasma_base_';

/** A row key as text: the key path's value (strings as they are, anything else as JSON). */
export function keyText(row: Row, keyPath: string | null | undefined): string | null {
  if (!keyPath || typeof row !== 'object' || row === null) return null;
  let v: unknown = row;
  for (const p of keyPath.split('.'))
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || Array.isArray(v)) {
    try {
      return JSON.stringify(v);
    } catch {
      return null;
    }
  }
  return null;
}

export function createHolding() {
  /** db -> store -> key -> position. Dropped whenever a full read replaces the database. */
  const indexes = new Map<string, Map<string, Map<string, number>>>();

  function indexOf(data: DbData, store: string, rows: Row[]): Map<string, number> | null {
    const keyPath = data.keyPaths?.[store];
    if (!keyPath) return null;
    let perDb = indexes.get(data.name);
    if (!perDb) {
      perDb = new Map<string, Map<string, number>>();
      indexes.set(data.name, perDb);
    }
    let ix = perDb.get(store);
    if (!ix) {
      ix = new Map();
      for (let i = 0; i < rows.length; i++) {
        const k = keyText(rows[i], keyPath);
        if (k !== null) ix.set(k, i);
      }
      perDb.set(store, ix);
    }
    return ix;
  }

  /** Patches `rows` in place; returns the delta as applied (dels only of rows that were held), or null when unkeyed. */
  function patch(data: DbData, store: string, rows: Row[], d: StoreDelta): StoreDelta | null {
    const ix = indexOf(data, store, rows);
    const keyPath = data.keyPaths?.[store];
    if (!ix) return null;
    const put: Row[] = [];
    for (const r of d.put) {
      const k = keyText(r, keyPath);
      if (k === null) continue;
      const at = ix.get(k);
      if (at === undefined) {
        ix.set(k, rows.length);
        rows.push(r);
      } else rows[at] = r;
      put.push(r);
    }
    const del: string[] = [];
    for (const k of d.del) {
      const at = ix.get(k);
      if (at === undefined) continue;
      const last = rows.pop();
      ix.delete(k);
      if (at < rows.length && last !== undefined) {
        rows[at] = last;
        const lk = keyText(last, keyPath);
        if (lk !== null) ix.set(lk, at);
      }
      del.push(k);
    }
    return { put, del };
  }

  return {
    /** A full read replaced the database: its positions are stale. */
    replaced(db: string) {
      indexes.delete(db);
    },
    /**
     * The database after an incremental read, and the deltas as applied; null when it cannot be
     * patched (a store without a string key path): the reader then asks for a full pass.
     */
    apply(
      data: DbData,
      delta: DbDelta,
    ): { data: DbData; base: Record<string, StoreDelta>; visible: Record<string, StoreDelta> } | null {
      const base = dict<StoreDelta>();
      const visible = dict<StoreDelta>();
      for (const t of Object.keys(delta.base)) if (data.base[t] && !data.keyPaths?.[BASE + t]) return null;
      for (const t of Object.keys(delta.visible)) if (data.visible[t] && !data.keyPaths?.[t]) return null;
      for (const [side, out] of [
        ['base', base],
        ['visible', visible],
      ] as const) {
        for (const [t, change] of Object.entries(delta[side])) {
          const held = data[side][t];
          if (!held) continue;
          const applied = patch(data, side === 'base' ? BASE + t : t, held, change);
          if (!applied) return null;
          out[t] = applied;
        }
      }
      const next: DbData = {
        ...data,
        outbox: delta.outbox,
        meta: delta.meta,
        readAt: delta.readAt,
        consistent: delta.consistent,
      };
      return { data: next, base, visible };
    },
    dispose() {
      indexes.clear();
    },
  };
}

export type Holding = ReturnType<typeof createHolding>;
