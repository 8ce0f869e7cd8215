// Gathers, per plasma client of the page, what the captured requests, the page's IndexedDB and the
// bridge snapshot say about its sync: the clock-free half of the health bar (health.ts adds ages).
// Clients are named by the clientIDs the captured requests, the outbox entries and the bridge carry.

import { decodeCookie } from '../sync/cookie.ts';
import type { SyncEvent } from '../sync/types.ts';
import type { BridgeSnapshot, DbData } from '../pageReader/types.ts';
import type { ClientFacts, SyncAttempt } from './types.ts';
import { isRecord } from '../guards.ts';
import { createPrefixFold } from '../prefixFold.ts';

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

/** What the captured requests say of one client, folded in capture order. */
interface EventFacts {
  /** The first non-empty clientGroupID its requests named. */
  group: string | null;
  lastPushOk: SyncAttempt | null;
  lastPullOk: SyncAttempt | null;
  lastFailure: SyncAttempt | null;
  pullsOk: number;
  /** The newest row version the cookies of its successful pulls named. */
  cookieRowVersion: number | null;
  /** Its pushes in capture order (the stuck check counts those since the oldest outbox entry). */
  pushes: { at: number; ok: boolean; id: string }[];
}

const noEvents = (group: string | null): EventFacts => ({
  group,
  lastPushOk: null,
  lastPullOk: null,
  lastFailure: null,
  pullsOk: 0,
  cookieRowVersion: null,
  pushes: [],
});

/** One captured request folded into the per-client facts (requests whose body did not parse name no client). */
function foldEvent(clients: Map<string, EventFacts>, e: SyncEvent) {
  if (e.request.state !== 'ok') return;
  // Keyed by the clientID as sent; an empty one names no client (assemble), though an outbox entry could.
  const id = e.request.value.clientID;
  if (typeof id !== 'string') return;
  const group = text(e.request.value.clientGroupID);
  let c = clients.get(id);
  if (!c) {
    c = noEvents(group);
    clients.set(id, c);
  } else if (c.group === null) c.group = group;
  const a = attempt(e);
  const good = ok2xx(e.status);
  if (!good) c.lastFailure = a;
  if (e.kind === 'push') {
    if (good) c.lastPushOk = a;
    c.pushes.push({ at: e.startedAt, ok: good, id: e.id });
  } else if (good) {
    c.lastPullOk = a;
    c.pullsOk++;
    if (e.response.state === 'ok')
      c.cookieRowVersion = maxOf(c.cookieRowVersion, cookieVersion(e.response.value.cookie?.raw ?? null));
  }
}

export function collectClients(src: ClientSources): ClientFacts[] {
  const folded = new Map<string, EventFacts>();
  for (const e of src.events) foldEvent(folded, e);
  return assemble(folded, src);
}

/**
 * collectClients for a panel that asks again after every captured request: the requests are folded
 * once, and a new list that keeps the old one's requests (the same objects) and adds some at its end
 * folds only what changed, from a checkpoint kept every `every` requests at or before the first
 * request that differs (a request replaced when its body arrives, a list cleared or cut). So a
 * captured pull costs the panel what it added, not a walk of every request captured in the session.
 */
export function createClientsCollector(every = 128) {
  const fold = createPrefixFold<SyncEvent, Map<string, EventFacts>>(
    {
      init: () => new Map(),
      add: foldEvent,
      copy: (m) => new Map([...m].map(([id, c]) => [id, { ...c, pushes: c.pushes.slice() }])),
    },
    every,
  );
  return (src: ClientSources): ClientFacts[] => assemble(fold(src.events), src);
}

const NO_EVENTS: EventFacts = noEvents(null);

/** The clients the requests, the bridge snapshot and the outbox entries name, each with its facts. */
function assemble(folded: ReadonlyMap<string, EventFacts>, src: ClientSources): ClientFacts[] {
  const groups = new Map<string, string | null>();
  for (const [id, c] of folded) if (id !== '') groups.set(id, c.group);
  const note = (id: string | null, group: string | null) => {
    if (id === null) return;
    if (!groups.has(id) || (groups.get(id) === null && group !== null)) groups.set(id, group);
  };
  if (src.snapshot) note(src.snapshot.clientID, src.snapshot.clientGroupID);
  for (const db of src.databases) for (const o of db.outbox) note(o.clientID, text(db.meta.clientGroupID));

  const out: ClientFacts[] = [];
  for (const [clientID, group] of groups) out.push(factsOf(clientID, group, folded.get(clientID) ?? NO_EVENTS, src));
  return out.sort((a, b) => a.clientID.localeCompare(b.clientID));
}

function databaseOf(group: string | null, dbs: readonly DbData[]): DbData | null {
  const match = dbs.find((d) => group !== null && d.meta.clientGroupID === group);
  return match ?? (dbs.length === 1 ? (dbs[0] ?? null) : null);
}

function factsOf(clientID: string, clientGroupID: string | null, ev: EventFacts, src: ClientSources): ClientFacts {
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

  let pushesSinceOldest = 0;
  let failedPushesSinceOldest = 0;
  const failedPushIds: string[] = [];
  if (oldestOutboxAt !== null)
    for (const p of ev.pushes) {
      if (p.at < oldestOutboxAt) continue;
      pushesSinceOldest++;
      if (!p.ok) {
        failedPushesSinceOldest++;
        failedPushIds.push(p.id);
      }
    }
  let cookieRowVersion = ev.cookieRowVersion;
  if (snap) cookieRowVersion = maxOf(cookieRowVersion, cookieVersion(snap.cookie));
  if (db) cookieRowVersion = maxOf(cookieRowVersion, cookieVersion(db.meta.cookie));

  return {
    clientID,
    clientGroupID: clientGroupID ?? snap?.clientGroupID ?? text(db?.meta.clientGroupID) ?? null,
    outboxFrom,
    outboxSize,
    oldestOutboxAt,
    lastPushOk: ev.lastPushOk,
    lastPullOk: ev.lastPullOk,
    lastFailure: ev.lastFailure,
    pushesSinceOldest,
    failedPushesSinceOldest,
    failedPushIds,
    pullsOk: ev.pullsOk,
    cookieRowVersion,
    baseKeys: db ? lazyKeys(() => (src.baseKeys ?? baseKeysOf)(db)) : null,
  };
}
