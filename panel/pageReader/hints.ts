// What a re-read after captured sync traffic needs to look at: the rows the captured pull patches
// name (table + id), the ids the pushed mutations' args name, and the cookies the pulls answered
// (the cheap check: a page cookie that no captured pull announced means something we did not see
// moved the stores). Hints merge, so a burst of pulls becomes one small read.

import type { SyncEvent } from '../../shared/sync/types.ts';

export interface RefreshHint {
  /** Ids per table, from pull patches. */
  tables: Map<string, Set<string>>;
  /** Ids from mutation args: looked up in every table. */
  any: Set<string>;
  /** Cookies (raw) that captured pulls answered. */
  cookies: Set<string>;
}

/** Bounds: past these a hint is no longer small, and a full pass is cheaper to reason about. */
export const MAX_HINT_KEYS = 5000;

export const emptyHint = (): RefreshHint => ({ tables: new Map(), any: new Set(), cookies: new Set() });

export const hintSize = (h: RefreshHint): number => {
  let n = h.any.size;
  for (const s of h.tables.values()) n += s.size;
  return n;
};

export function mergeHint(into: RefreshHint, h: RefreshHint): RefreshHint {
  for (const [t, ids] of h.tables) {
    let s = into.tables.get(t);
    if (!s) into.tables.set(t, (s = new Set()));
    for (const id of ids) s.add(id);
  }
  for (const id of h.any) into.any.add(id);
  for (const c of h.cookies) into.cookies.add(c);
  return into;
}

/** Ids an args object names: `id`, `ids`, and any `…Id`/`…ID` string (the page applies the same rule). */
export function idsOfArgs(args: unknown, into: Set<string>): void {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return;
  let n = 0;
  for (const [k, v] of Object.entries(args)) {
    if (++n > 50) return;
    if (!(k === 'id' || k === 'ids' || /(Id|ID|_id)s?$/.test(k))) continue;
    if (typeof v === 'string' && v.length <= 512) into.add(v);
    else if (Array.isArray(v))
      for (const x of v.slice(0, 100)) if (typeof x === 'string' && x.length <= 512) into.add(x);
  }
}

/** The hint of some finished pushes and pulls. */
export function hintFromSyncEvents(events: readonly SyncEvent[]): RefreshHint {
  const h = emptyHint();
  for (const e of events) {
    if (e.kind === 'pull') {
      if (e.response.state !== 'ok') continue;
      const r = e.response.value;
      if (r.cookie) h.cookies.add(r.cookie.raw);
      for (const op of r.patch) {
        let s = h.tables.get(op.table);
        if (!s) h.tables.set(op.table, (s = new Set()));
        s.add(op.id);
      }
    } else if (e.request.state === 'ok') {
      for (const m of e.request.value.mutations) idsOfArgs(m.args, h.any);
    }
  }
  return h;
}
