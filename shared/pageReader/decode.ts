// Guards what the page reader's eval returns before anything reaches the store. The answer comes
// from a hostile page: it must be a string within a size bound, parse as JSON, and each event must
// have the expected shape with bounded names; anything else is dropped or reported, never thrown.

import { isRecord } from '../guards.ts';
import { isWireStatus, type WireStatus } from './states.ts';

export const READER_LIMITS = {
  /** One eval answer, in characters. */
  maxAnswerChars: 64 * 1024 * 1024,
  maxEvents: 5_000,
  maxRowsPerChunk: 100_000,
  maxName: 512,
  maxMessage: 1_000,
  maxStores: 1_000,
  maxDbs: 200,
};
export type ReaderLimits = typeof READER_LIMITS;

export type ReaderEvent =
  | { k: 'dbs'; supported: boolean; message: string; list: { name: string; version: number }[] }
  | { k: 'status'; db: string; status: WireStatus; message: string }
  | { k: 'db'; db: string; version: number; stores: StoreInfo[]; incremental: boolean }
  | { k: 'chunk'; db: string; store: string; from: number; total: number; rows: unknown[] }
  | { k: 'keyed'; db: string; store: string; found: unknown[]; missing: string[] }
  | { k: 'dbDone'; db: string; consistent: boolean; short: { store: string; count: number }[] };

/** A store as the page announced it: its count, whether its rows follow, its key path if a string. */
export interface StoreInfo {
  name: string;
  count: number;
  read: boolean;
  keyPath: string | null;
  /** False when the page did not count it (an incremental read); `count` is then 0. */
  counted: boolean;
}

export type ReaderAnswer =
  | { ok: true; kind: 'started' }
  | { ok: true; kind: 'gone' }
  | { ok: true; kind: 'poll'; events: ReaderEvent[]; done: boolean; rejected: number }
  | { ok: false; reason: string };

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const name = (x: unknown, l: ReaderLimits): string | null =>
  typeof x === 'string' && x.length > 0 && x.length <= l.maxName ? x : null;
const text = (x: unknown, max: number): string => (typeof x === 'string' ? x.slice(0, max) : '');

export function decodeReaderAnswer(raw: unknown, l: ReaderLimits = READER_LIMITS): ReaderAnswer {
  if (typeof raw !== 'string')
    return { ok: false, reason: `the page answered ${raw === null ? 'null' : typeof raw}, not text` };
  if (raw.length > l.maxAnswerChars)
    return { ok: false, reason: `the page answered ${raw.length} characters, over the ${l.maxAnswerChars} bound` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'the page answered text that is not JSON' };
  }
  if (!isRecord(parsed) || parsed.v !== 1) return { ok: false, reason: 'the page answered an unknown shape' };
  if (typeof parsed.error === 'string')
    return { ok: false, reason: `the page reader failed: ${parsed.error.slice(0, l.maxMessage)}` };
  if (parsed.started === true) return { ok: true, kind: 'started' };
  if (parsed.gone === true) return { ok: true, kind: 'gone' };
  if (!Array.isArray(parsed.events) || typeof parsed.done !== 'boolean')
    return { ok: false, reason: 'the page answered an unknown shape' };
  if (parsed.events.length > l.maxEvents)
    return { ok: false, reason: `the page answered ${parsed.events.length} events, over the bound` };
  const events: ReaderEvent[] = [];
  let rejected = 0;
  for (const e of parsed.events) {
    const ok = decodeEvent(e, l);
    if (ok) events.push(ok);
    else rejected++;
  }
  return { ok: true, kind: 'poll', events, done: parsed.done, rejected };
}

export function decodeEvent(e: unknown, l: ReaderLimits = READER_LIMITS): ReaderEvent | null {
  if (!isRecord(e)) return null;
  switch (e.k) {
    case 'dbs': {
      if (typeof e.supported !== 'boolean' || !Array.isArray(e.list) || e.list.length > l.maxDbs) return null;
      const list: { name: string; version: number }[] = [];
      for (const d of e.list) {
        const n = isRecord(d) ? name(d.name, l) : null;
        if (n === null || !isRecord(d)) return null;
        list.push({ name: n, version: isCount(d.version) ? d.version : 0 });
      }
      return { k: 'dbs', supported: e.supported, message: text(e.message, l.maxMessage), list };
    }
    case 'status': {
      const db = name(e.db, l);
      if (db === null || !isWireStatus(e.status)) return null;
      return { k: 'status', db, status: e.status, message: text(e.message, l.maxMessage) };
    }
    case 'db': {
      const db = name(e.db, l);
      if (db === null || !Array.isArray(e.stores) || e.stores.length > l.maxStores) return null;
      const stores: StoreInfo[] = [];
      for (const s of e.stores) {
        const n = isRecord(s) ? name(s.name, l) : null;
        if (n === null || !isRecord(s) || !isCount(s.count) || typeof s.read !== 'boolean') return null;
        stores.push({
          name: n,
          count: s.count,
          read: s.read,
          keyPath: typeof s.keyPath === 'string' && s.keyPath.length <= l.maxName ? s.keyPath : null,
          counted: s.counted !== false,
        });
      }
      return { k: 'db', db, version: isCount(e.version) ? e.version : 0, stores, incremental: e.incremental === true };
    }
    case 'chunk': {
      const db = name(e.db, l);
      const store = name(e.store, l);
      if (db === null || store === null || !isCount(e.from) || !isCount(e.total) || !Array.isArray(e.rows)) return null;
      if (e.rows.length > l.maxRowsPerChunk || e.from + e.rows.length > e.total) return null;
      if (e.cols === undefined) return { k: 'chunk', db, store, from: e.from, total: e.total, rows: e.rows };
      const rows = unpackRows(e.cols, e.rows, l);
      return rows === null ? null : { k: 'chunk', db, store, from: e.from, total: e.total, rows };
    }
    case 'keyed': {
      const db = name(e.db, l);
      const store = name(e.store, l);
      if (db === null || store === null || !Array.isArray(e.found) || !Array.isArray(e.missing)) return null;
      if (
        e.found.length + e.missing.length > l.maxRowsPerChunk ||
        !e.missing.every((k) => typeof k === 'string' && k.length <= l.maxName)
      )
        return null;
      return { k: 'keyed', db, store, found: e.found, missing: e.missing as string[] };
    }
    case 'dbDone': {
      const db = name(e.db, l);
      if (db === null) return null;
      const short: { store: string; count: number }[] = [];
      if (Array.isArray(e.short)) {
        for (const x of e.short.slice(0, l.maxStores)) {
          const store = isRecord(x) ? name(x.store, l) : null;
          if (store === null || !isRecord(x) || !isCount(x.count)) return null;
          short.push({ store, count: x.count });
        }
      }
      // An older page script sent no flag: it read in one transaction, a snapshot.
      return { k: 'dbDone', db, consistent: e.consistent !== false && short.length === 0, short };
    }
    default:
      return null;
  }
}

/**
 * Rows sent as arrays of values under one key list (`cols`), or `{"r": row}` for a row that did
 * not fit it, back to objects. Null when the shape is wrong (a key list with `__proto__` or over
 * the name bound, a row of another length).
 */
export function unpackRows(cols: unknown, packed: unknown[], l: ReaderLimits = READER_LIMITS): unknown[] | null {
  if (!Array.isArray(cols) || cols.length > l.maxStores) return null;
  const names: string[] = [];
  for (const c of cols) {
    if (typeof c !== 'string' || c.length > l.maxName || c === '__proto__') return null;
    names.push(c);
  }
  const n = names.length;
  const rows: unknown[] = new Array<unknown>(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const p: unknown = packed[i];
    if (Array.isArray(p)) {
      if (p.length !== n) return null;
      const o: Record<string, unknown> = {};
      for (let j = 0; j < n; j++) o[names[j] ?? ''] = p[j];
      rows[i] = o;
    } else if (isRecord(p) && 'r' in p) rows[i] = p.r;
    else return null;
  }
  return rows;
}

/** A row as one line of text for the view: bounded, and safe on rows JSON cannot print. */
export function rowText(row: unknown, max = 300): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(row);
  } catch {
    s = undefined;
  }
  if (typeof s !== 'string') return '[unprintable]';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
