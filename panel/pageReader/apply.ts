// The page reader's share of the one reducer: applyMessage() hands every message here first and
// stops if it returns true. Messages of an older read are ignored, so a slow read that a newer one
// replaced cannot overwrite fresher data.

import { batch } from '@preact/signals';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { decodeBridgeMessage, dict, type DbData, type DbStatus } from '../../shared/pageReader/index.ts';
import { MAX_BRIDGE_EVENTS, type PageReaderSlice } from './slice.ts';

/** A copy of a prototype-free record with one key set (value) or removed (null). */
function withKey<T>(rec: Record<string, T>, key: string, value: T | null): Record<string, T> {
  const next = dict<T>();
  for (const [k, v] of Object.entries(rec)) if (k !== key) next[k] = v;
  if (value !== null) next[key] = value;
  return next;
}
function only<T>(rec: Record<string, T>, keep: Set<string>): Record<string, T> {
  const next = dict<T>();
  for (const [k, v] of Object.entries(rec)) if (keep.has(k)) next[k] = v;
  return next;
}
const has = (rec: object, key: string) => Object.prototype.hasOwnProperty.call(rec, key);

const setStatus = (slice: PageReaderSlice, db: string, s: DbStatus | null) => {
  slice.status.value = withKey(slice.status.value, db, s);
};

function setData(slice: PageReaderSlice, data: DbData) {
  slice.data.value = withKey(slice.data.value, data.name, data);
  // Unchanged status: no write, so nothing that shows it re-renders per pull.
  if (slice.status.value[data.name]?.kind !== 'ok') setStatus(slice, data.name, { kind: 'ok' });
}

export function applyPageReaderMessage(slice: PageReaderSlice, msg: CaptureMessage): boolean {
  switch (msg.type) {
    case 'pageReadStarted':
      batch(() => {
        slice.readId.value = msg.readId;
        // An incremental read after each pull does not flash "Reading…".
        if (!msg.incremental || slice.overall.value.kind !== 'done') slice.overall.value = { kind: 'reading' };
      });
      return true;
    case 'pageReadDatabases':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        const names = new Set(msg.names);
        // Written only when they change: an incremental read after every pull lists the same names.
        const prev = slice.listed.value;
        if (prev.length !== msg.names.length || prev.some((n, i) => n !== msg.names[i])) slice.listed.value = msg.names;
        if (Object.keys(slice.data.value).some((n) => !names.has(n))) {
          for (const n of Object.keys(slice.data.value)) if (!names.has(n)) slice.holding.replaced(n);
          slice.data.value = only(slice.data.value, names);
        }
        if (Object.keys(slice.status.value).some((n) => !names.has(n)))
          slice.status.value = only(slice.status.value, names);
        if (!msg.supported) slice.overall.value = { kind: 'unsupported', message: msg.message };
      });
      return true;
    case 'pageReadDbStatus':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        setStatus(slice, msg.db, msg.status);
        if ((msg.status === null || msg.status.kind === 'missing') && has(slice.data.value, msg.db)) {
          slice.holding.replaced(msg.db);
          slice.data.value = withKey(slice.data.value, msg.db, null);
        }
      });
      return true;
    case 'pageReadDbData':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        const d = msg.data;
        slice.holding.replaced(d.name);
        setData(slice, d);
        slice.record({
          dbName: d.name,
          full: true,
          base: dict(),
          visible: dict(),
          outbox: d.outbox,
          meta: d.meta,
          consistent: d.consistent !== false,
        });
      });
      return true;
    case 'pageReadDbDelta': {
      if (msg.readId !== slice.readId.value) return true;
      const t0 = performance.now();
      const held = has(slice.data.value, msg.delta.name) ? slice.data.value[msg.delta.name] : undefined;
      // Nothing to patch (the reader asks for a full pass then): drop it rather than guess.
      const applied = held ? slice.holding.apply(held, msg.delta) : null;
      if (!applied) return true;
      slice.applyStats.changes++;
      slice.applyStats.ms += performance.now() - t0;
      batch(() => {
        setData(slice, applied.data);
        slice.record({
          dbName: msg.delta.name,
          full: false,
          base: applied.base,
          visible: applied.visible,
          outbox: msg.delta.outbox,
          meta: msg.delta.meta,
          consistent: msg.delta.consistent,
        });
      });
      return true;
    }
    case 'pageReadFinished':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        slice.lastReadAt.value = msg.at;
        if (msg.error !== null) slice.overall.value = { kind: 'error', message: msg.error };
        else if (slice.overall.value.kind === 'reading' || slice.overall.value.kind === 'done')
          slice.overall.value = { kind: 'done', at: msg.at };
        // A read that stopped leaves no database saying "reading 1 of 16 rows" forever.
        if (msg.error !== null) {
          for (const [db, s] of Object.entries(slice.status.value)) {
            if (s.kind === 'reading' || s.kind === 'progress')
              setStatus(slice, db, { kind: 'error', message: `not read: ${msg.error}` });
          }
        }
      });
      return true;
    case 'pageBridgeMessage':
      applyBridge(slice, msg.message, msg.approxChars);
      return true;
    case 'pageBridgeReset':
      batch(() => {
        slice.bridge.connected.value = false;
        slice.bridge.hello.value = null;
        slice.bridge.lastSnapshot.value = null;
      });
      return true;
    case 'pageBridgeDropped':
      slice.bridge.dropped.value += msg.count;
      return true;
    default:
      return false;
  }
}

function applyBridge(slice: PageReaderSlice, raw: unknown, approxChars: number | undefined) {
  const b = slice.bridge;
  const u = decodeBridgeMessage(raw, approxChars);
  batch(() => {
    if (!u) {
      b.rejected.value++;
      return;
    }
    if (u.type === 'versionMismatch') {
      b.versionMismatch.value = u.v;
      return;
    }
    b.connected.value = true;
    b.versionMismatch.value = null;
    if (u.type === 'hello') b.hello.value = u.hello;
    else if (u.type === 'snapshot') b.lastSnapshot.value = u.snapshot;
    else if (u.type === 'event') {
      const next = b.events.value.concat(u.event);
      b.events.value = next.length > MAX_BRIDGE_EVENTS ? next.slice(next.length - MAX_BRIDGE_EVENTS) : next;
    }
  });
}
