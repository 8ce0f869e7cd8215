// Gathers, per plasma client of the page, what the captured requests, the page's IndexedDB and the
// bridge snapshot say about its sync: the clock-free half of the health bar (health.ts adds ages).
// Clients are named by the clientIDs the captured requests, the outbox entries and the bridge carry.

import { decodeCookie } from '../sync/cookie.ts';
import type { SyncEvent } from '../sync/types.ts';
import type { BridgeSnapshot, DbData } from '../pageReader/types.ts';
import type { ClientFacts, SyncAttempt } from './types.ts';
import { isRecord } from '../guards.ts';

export interface ClientSources {
  /** Captured sync events, in start order. */
  events: readonly SyncEvent[];
  databases: readonly DbData[];
  snapshot: BridgeSnapshot | null;
  /**
   * The base-store keys of a database; the panel passes a cache keyed by the DbData object, so a
   * large store is indexed once per read of the page, not once per captured request.
   */
  baseKeys?: (db: DbData) => ReadonlySet<string>;
}

const ok2xx = (status: number) => status >= 200 && status < 300;
const text = (x: unknown): string | null => (typeof x === 'string' && x.length > 0 ? x : null);

export const rowKey = (table: string, id: string) => `${table}/${id}`;

function attempt(e: SyncEvent): SyncAttempt {
  return { kind: e.kind, at: e.startedAt + Math.max(0, e.durationMs), status: e.status, requestId: e.id };
}

/** The row version a cookie names, or null (opaque, absent). */
export function cookieVersion(raw: unknown): number | null {
  const c = decodeCookie(raw);
  return c && c.format !== 'opaque' ? c.rowVersion : null;
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Table/id keys of the rows a database's base stores hold (the confirmed server state). */
/** A key lookup that builds its set on the first `has`. */
function lazyKeys(build: () => ReadonlySet<string>): { has(key: string): boolean } {
  let keys: ReadonlySet<string> | null = null;
  return { has: (key) => (keys ??= build()).has(key) };
}

export function baseKeysOf(db: DbData): Set<string> {
  const keys = new Set<string>();
  for (const [table, rows] of Object.entries(db.base)) {
    for (const r of rows) {
      const id = isRecord(r) ? r.id : undefined;
      if (typeof id === 'string' || typeof id === 'number') keys.add(rowKey(table, String(id)));
    }
  }
  return keys;
}

/** Outbox timestamps from the bridge's bounded JSON text of each entry. */
function bridgeOldest(snapshot: BridgeSnapshot): number | null {
  let oldest: number | null = null;
  for (const t of snapshot.outboxText) {
    try {
      const e: unknown = JSON.parse(t);
      const ts = isRecord(e) ? e.timestamp : undefined;
      if (typeof ts === 'number' && Number.isFinite(ts)) oldest = oldest === null ? ts : Math.min(oldest, ts);
    } catch {
      // Clipped or odd text carries no timestamp.
    }
  }
  return oldest;
}

export function collectClients(src: ClientSources): ClientFacts[] {
  const groups = new Map<string, string | null>();
  const note = (id: string | null, group: string | null) => {
    if (id === null) return;
    if (!groups.has(id) || (groups.get(id) === null && group !== null)) groups.set(id, group);
  };
  for (const e of src.events)
    if (e.request.state === 'ok') note(text(e.request.value.clientID), text(e.request.value.clientGroupID));
  if (src.snapshot) note(src.snapshot.clientID, src.snapshot.clientGroupID);
  for (const db of src.databases) for (const o of db.outbox) note(o.clientID, text(db.meta.clientGroupID));

  const out: ClientFacts[] = [];
  for (const [clientID, group] of groups) out.push(factsOf(clientID, group, src));
  return out.sort((a, b) => a.clientID.localeCompare(b.clientID));
}

function databaseOf(group: string | null, dbs: readonly DbData[]): DbData | null {
  const match = dbs.find((d) => group !== null && d.meta.clientGroupID === group);
  return match ?? (dbs.length === 1 ? (dbs[0] ?? null) : null);
}

function factsOf(clientID: string, clientGroupID: string | null, src: ClientSources): ClientFacts {
  const db = databaseOf(clientGroupID, src.databases);
  const snap = src.snapshot?.clientID === clientID ? src.snapshot : null;
  let outboxFrom: ClientFacts['outboxFrom'] = null;
  let outboxSize: number | null = null;
  let oldestOutboxAt: number | null = null;
  if (db) {
    outboxFrom = 'indexeddb';
    const mine = db.outbox.filter((o) => o.clientID === clientID);
    outboxSize = mine.length;
    for (const o of mine)
      if (o.timestamp !== null)
        oldestOutboxAt = oldestOutboxAt === null ? o.timestamp : Math.min(oldestOutboxAt, o.timestamp);
  } else if (snap) {
    outboxFrom = 'bridge';
    outboxSize = snap.outboxCount;
    oldestOutboxAt = bridgeOldest(snap);
  }

  let lastPushOk: SyncAttempt | null = null;
  let lastPullOk: SyncAttempt | null = null;
  let lastFailure: SyncAttempt | null = null;
  let pushesSinceOldest = 0;
  let failedPushesSinceOldest = 0;
  const failedPushIds: string[] = [];
  let pullsOk = 0;
  let cookieRowVersion: number | null = null;
  for (const e of src.events) {
    if (e.request.state !== 'ok' || e.request.value.clientID !== clientID) continue;
    const a = attempt(e);
    const good = ok2xx(e.status);
    if (!good) lastFailure = a;
    if (e.kind === 'push') {
      if (good) lastPushOk = a;
      if (oldestOutboxAt !== null && e.startedAt >= oldestOutboxAt) {
        pushesSinceOldest++;
        if (!good) {
          failedPushesSinceOldest++;
          failedPushIds.push(e.id);
        }
      }
    } else if (good) {
      lastPullOk = a;
      pullsOk++;
      if (e.response.state === 'ok')
        cookieRowVersion = maxOf(cookieRowVersion, cookieVersion(e.response.value.cookie?.raw ?? null));
    }
  }
  if (snap) cookieRowVersion = maxOf(cookieRowVersion, cookieVersion(snap.cookie));
  if (db) cookieRowVersion = maxOf(cookieRowVersion, cookieVersion(db.meta.cookie));

  return {
    clientID,
    clientGroupID: clientGroupID ?? snap?.clientGroupID ?? text(db?.meta.clientGroupID) ?? null,
    outboxFrom,
    outboxSize,
    oldestOutboxAt,
    lastPushOk,
    lastPullOk,
    lastFailure,
    pushesSinceOldest,
    failedPushesSinceOldest,
    failedPushIds,
    pullsOk,
    cookieRowVersion,
    baseKeys: db ? lazyKeys(() => (src.baseKeys ?? baseKeysOf)(db)) : null,
  };
}
