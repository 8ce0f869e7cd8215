// Chunk bookkeeping for one read: chunks of a store must arrive in order, without gaps or
// overlap, and add up to the count the page announced (or to the shorter count the page reports
// for a store that shrank while it was read, which makes the result inconsistent); a database is
// complete when every store it said it would read is. Rows are appended in place (no copy per
// chunk), so 100k rows cost O(n). An incremental read's keyed answers become a DbDelta.

import { META_STORE, recognisePlasmaStores, roleOf } from './recognise.ts';
import type { ReaderEvent } from './decode.ts';
import type { DbData, DbDelta, OutboxEntry, Row, StoreDelta } from './types.ts';

interface StoreAcc {
  count: number;
  read: boolean;
  rows: Row[];
  keyPath: string | null;
  keyed: StoreDelta | null;
  counted: boolean;
}
interface DbAcc {
  version: number;
  stores: Map<string, StoreAcc>;
  total: number;
  done: number;
  incremental: boolean;
}

/** A prototype-free record: a store or table named `__proto__` stays a key. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export type AssemblyStep =
  | { kind: 'progress'; db: string; done: number; total: number }
  | { kind: 'complete'; db: string; data: DbData }
  | { kind: 'delta'; db: string; delta: DbDelta }
  | { kind: 'fault'; db: string; message: string }
  | { kind: 'none' };

export function createChunkAssembler(now: () => number = Date.now) {
  const dbs = new Map<string, DbAcc>();

  function take(e: Extract<ReaderEvent, { k: 'db' | 'chunk' | 'keyed' | 'dbDone' }>): AssemblyStep {
    if (e.k === 'db') {
      const stores = new Map<string, StoreAcc>();
      let total = 0;
      for (const s of e.stores) {
        stores.set(s.name, {
          count: s.count,
          read: s.read,
          rows: [],
          keyPath: s.keyPath,
          keyed: null,
          counted: s.counted,
        });
        if (s.read) total += s.count;
      }
      dbs.set(e.db, { version: e.version, stores, total, done: 0, incremental: e.incremental });
      return { kind: 'progress', db: e.db, done: 0, total };
    }
    const acc = dbs.get(e.db);
    if (!acc) return { kind: 'fault', db: e.db, message: `rows of ${e.db} arrived before its store list` };
    if (e.k === 'chunk') {
      const s = acc.stores.get(e.store);
      if (!s || !s.read) return fault(e.db, `rows of a store it did not announce (${e.store})`);
      if (e.total !== s.count) return fault(e.db, `${e.store}: ${e.total} rows announced as ${s.count}`);
      if (e.from !== s.rows.length)
        return fault(e.db, `${e.store}: a chunk at row ${e.from} after ${s.rows.length} rows`);
      for (const r of e.rows) s.rows.push(r);
      acc.done += e.rows.length;
      return { kind: 'progress', db: e.db, done: acc.done, total: acc.total };
    }
    if (e.k === 'keyed') {
      const s = acc.stores.get(e.store);
      if (!acc.incremental || !s) return fault(e.db, `keyed rows of a store it did not announce (${e.store})`);
      s.keyed ??= { put: [], del: [] };
      for (const r of e.found) s.keyed.put.push(r);
      for (const k of e.missing) s.keyed.del.push(k);
      return { kind: 'none' };
    }
    const shortOf = new Map(e.short.map((x) => [x.store, x.count]));
    for (const [n, s] of acc.stores) {
      const expected = shortOf.get(n) ?? s.count;
      if (s.read && s.rows.length !== expected) return fault(e.db, `${n}: ${s.rows.length} of ${s.count} rows arrived`);
    }
    dbs.delete(e.db);
    if (acc.incremental) return { kind: 'delta', db: e.db, delta: toDelta(e.db, acc, e.consistent, now()) };
    const data = toDbData(e.db, acc, now());
    data.consistent = e.consistent;
    return { kind: 'complete', db: e.db, data };
  }

  function fault(db: string, message: string): AssemblyStep {
    dbs.delete(db);
    return { kind: 'fault', db, message: `the page sent inconsistent chunks: ${message}` };
  }

  return { take, pending: () => [...dbs.keys()], dispose: () => dbs.clear() };
}

function toDbData(name: string, acc: DbAcc, readAt: number): DbData {
  const layout = recognisePlasmaStores([...acc.stores.keys()]);
  const data: DbData = {
    name,
    version: acc.version,
    tables: layout.tables,
    outbox: [],
    base: dict(),
    visible: dict(),
    meta: dict(),
    others: [],
    readAt,
    keyPaths: dict(),
  };
  const keyPaths = dict<string | null>();
  data.keyPaths = keyPaths;
  for (const [store, s] of acc.stores) keyPaths[store] = s.keyPath;
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

function toDelta(name: string, acc: DbAcc, consistent: boolean, readAt: number): DbDelta {
  const layout = recognisePlasmaStores([...acc.stores.keys()]);
  const d: DbDelta = {
    name,
    version: acc.version,
    base: dict(),
    visible: dict(),
    outbox: [],
    meta: dict(),
    counts: dict(),
    keyPaths: dict(),
    consistent,
    readAt,
  };
  for (const [store, s] of acc.stores) {
    if (s.counted) d.counts[store] = s.count;
    d.keyPaths[store] = s.keyPath;
    const role = roleOf(layout, store);
    if (role.role === 'outbox') d.outbox = s.rows.map(outboxEntry);
    else if (role.role === 'meta') d.meta = metaOf(s.rows);
    else if ((role.role === 'base' || role.role === 'visible') && s.keyed) d[role.role][role.table] = s.keyed;
  }
  return d;
}

const str = (x: unknown): string | null => (typeof x === 'string' ? x.slice(0, 512) : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function outboxEntry(row: Row): OutboxEntry {
  const r = typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
  return {
    clientID: str(r.clientID),
    mutationID: num(r.mutationID),
    name: str(r.name),
    args: r.args,
    timestamp: num(r.timestamp),
  };
}

/** `_plasma_meta` records are `{ key, value }` (ours); anything else is left out. */
export function metaOf(rows: readonly Row[]): Record<string, unknown> {
  const meta = dict<unknown>();
  for (const r of rows) {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
    const { key, value } = r as { key?: unknown; value?: unknown };
    if (typeof key === 'string' && key.length <= 512) meta[key] = value;
  }
  return meta;
}

export { META_STORE };
