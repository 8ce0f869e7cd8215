// Chunk bookkeeping for one read: chunks of a store must arrive in order, without gaps or
// overlap, and add up to the count the page announced; a database is complete when every store
// it said it would read is. Rows are appended in place (no copy per chunk), so 100k rows cost O(n).

import { META_STORE, recognisePlasmaStores, roleOf } from './recognise.ts';
import type { ReaderEvent } from './decode.ts';
import type { DbData, OutboxEntry, Row } from './types.ts';

interface StoreAcc {
  count: number;
  read: boolean;
  rows: Row[];
}
interface DbAcc {
  version: number;
  stores: Map<string, StoreAcc>;
  total: number;
  done: number;
}

export type AssemblyStep =
  | { kind: 'progress'; db: string; done: number; total: number }
  | { kind: 'complete'; db: string; data: DbData }
  | { kind: 'fault'; db: string; message: string }
  | { kind: 'none' };

export function createChunkAssembler(now: () => number = Date.now) {
  const dbs = new Map<string, DbAcc>();

  function take(e: Extract<ReaderEvent, { k: 'db' | 'chunk' | 'dbDone' }>): AssemblyStep {
    if (e.k === 'db') {
      const stores = new Map<string, StoreAcc>();
      let total = 0;
      for (const s of e.stores) {
        stores.set(s.name, { count: s.count, read: s.read, rows: [] });
        if (s.read) total += s.count;
      }
      dbs.set(e.db, { version: e.version, stores, total, done: 0 });
      return { kind: 'progress', db: e.db, done: 0, total };
    }
    const acc = dbs.get(e.db);
    if (!acc) return { kind: 'fault', db: e.db, message: `rows of ${e.db} arrived before its store list` };
    if (e.k === 'chunk') {
      const s = acc.stores.get(e.store);
      if (!s || !s.read) return fault(e.db, `rows of a store it did not announce (${e.store})`);
      if (e.total !== s.count) return fault(e.db, `${e.store}: ${e.total} rows announced as ${s.count}`);
      if (e.from !== s.rows.length) return fault(e.db, `${e.store}: a chunk at row ${e.from} after ${s.rows.length} rows`);
      for (const r of e.rows) s.rows.push(r);
      acc.done += e.rows.length;
      return { kind: 'progress', db: e.db, done: acc.done, total: acc.total };
    }
    for (const [n, s] of acc.stores) {
      if (s.read && s.rows.length !== s.count) return fault(e.db, `${n}: ${s.rows.length} of ${s.count} rows arrived`);
    }
    dbs.delete(e.db);
    return { kind: 'complete', db: e.db, data: toDbData(e.db, acc, now()) };
  }

  function fault(db: string, message: string): AssemblyStep {
    dbs.delete(db);
    return { kind: 'fault', db, message: `the page sent inconsistent chunks: ${message}` };
  }

  return { take, pending: () => [...dbs.keys()], dispose: () => dbs.clear() };
}

function toDbData(name: string, acc: DbAcc, readAt: number): DbData {
  const layout = recognisePlasmaStores([...acc.stores.keys()]);
  const data: DbData = { name, version: acc.version, tables: layout.tables, outbox: [], base: {}, visible: {}, meta: {}, others: [], readAt };
  for (const t of layout.tables) {
    data.base[t] = [];
    data.visible[t] = [];
  }
  for (const [store, s] of acc.stores) {
    const role = roleOf(layout, store);
    if (role.role === 'outbox') data.outbox = s.rows.map(outboxEntry);
    else if (role.role === 'meta') data.meta = metaOf(s.rows);
    else if (role.role === 'base') data.base[role.table] = s.rows;
    else if (role.role === 'visible') data.visible[role.table] = s.rows;
    else data.others.push({ name: store, count: s.count });
  }
  return data;
}

const str = (x: unknown): string | null => (typeof x === 'string' ? x.slice(0, 512) : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function outboxEntry(row: Row): OutboxEntry {
  const r = typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
  return { clientID: str(r.clientID), mutationID: num(r.mutationID), name: str(r.name), args: r.args, timestamp: num(r.timestamp) };
}

/** `_plasma_meta` records are `{ key, value }` (ours); anything else is left out. */
export function metaOf(rows: readonly Row[]): Record<string, unknown> {
  const meta: Record<string, unknown> = Object.create(null);
  for (const r of rows) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
    const { key, value } = r as { key?: unknown; value?: unknown };
    if (typeof key === 'string' && key.length <= 512) meta[key] = value;
  }
  return meta;
}

export { META_STORE };
