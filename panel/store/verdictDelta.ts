// Turns the panel's signals (the page reader's databases and change records, the captured sync
// events, the admin API's ServerState) into engine deltas: what arrived since the last call, never
// the whole store again. Runs on the main thread, so each step costs what changed (an identity
// check, a binary search, a walk of the new records), plus one pass over the captured events.
// The page reader sets a read's `data` and its `changes` record in one batch; a record names what
// the read changed, and a gap in `seq` means starting again from the whole `data`.

import type { DbChange, DbData } from '../../shared/pageReader/index.ts';
import { unchangedPrefix } from '../../shared/prefixFold.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type {
  BridgeMutateEvent,
  ChangeRecord,
  ServerError,
  ServerState,
  VerdictDelta,
} from '../../shared/verdict/index.ts';

export interface DeltaSources {
  /** The database the verdicts are about; null when the page has none. */
  db: DbData | null;
  /** The reader's change records (last 64, `seq` +1 each); absent when the reader keeps none. */
  dbChanges: readonly DbChange[] | undefined;
  /** The client group the captured traffic names, for judging without a database. */
  group: string | null;
  events: readonly SyncEvent[];
  bridge: readonly BridgeMutateEvent[];
  server: ServerState;
}

const lastOf = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/** Index of the first record whose key is above `after` (records sorted by that key). */
function after<T>(list: readonly T[], key: (x: T) => number, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid];
    if (item !== undefined && key(item) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the engine reads of a captured event: everything but the headers and the credential (the
 * engine judges mutations and rows, not auth), so the bearer token never crosses to the verdict
 * worker and a pull's answer is cloned without them.
 */
export function forVerdicts(ev: SyncEvent): SyncEvent {
  return { ...ev, credential: { kind: ev.credential.kind }, requestHeaders: [], responseHeaders: [] };
}

export function createDeltaTracker() {
  let db: DbData | null | undefined;
  let group: string | null = null;
  let seq = -1;
  /** Incremental reads that writes overlapped, since the last consistent one: sent with the next. */
  let unsettled: DbChange[] = [];
  const sent = new Map<string, SyncEvent>();
  let events: readonly SyncEvent[] | null = null;
  let bridge: readonly BridgeMutateEvent[] | null = null;
  let server: ServerState | null = null;
  let changes: readonly ChangeRecord[] = [];
  let errors: readonly ServerError[] | null = [];

  function pageDeltas(s: DeltaSources, out: VerdictDelta[]): void {
    if (s.db === null) {
      if (db !== null || group !== s.group) {
        // No database: judge on what was captured and what the server says, for the group seen.
        out.push({
          client: {
            outbox: [],
            base: {},
            visible: {},
            meta: { cookie: null, clientGroupID: s.group, schemaVersion: null, lastMutationIDs: {} },
            readAt: null,
          },
        });
      }
      db = null;
      group = s.group;
      return;
    }
    const fresh = s.dbChanges ? s.dbChanges.filter((c) => c.seq > seq) : [];
    const before = seq;
    seq = lastOf(fresh)?.seq ?? seq;
    const same = db?.name === s.db.name;
    // A gap in seq (more reads than the reader keeps, or the first call) means starting from `data`.
    const gap = before < 0 || fresh.some((c, i) => c.seq !== before + 1 + i);
    // The reader records every completed read: `data` moving with no new record is the same read.
    if (same && s.dbChanges && s.dbChanges.length > 0 && fresh.length === 0) {
      db = s.db;
      return;
    }
    if (!same || !s.dbChanges || fresh.length === 0 || gap) {
      if (db !== s.db || gap) out.push({ client: s.db });
      db = s.db;
      unsettled = [];
      if (!same && s.dbChanges) seq = lastOf(s.dbChanges)?.seq ?? -1;
      return;
    }
    // Contiguous records of this database: each incremental read becomes one delta.
    for (const c of fresh) {
      if (c.dbName !== s.db.name) continue;
      if (!c.consistent) {
        // Writes during the read may have left a mixed state: wait for a consistent one.
        unsettled.push(c);
        continue;
      }
      if (c.full || unsettled.some((u) => u.full)) {
        out.push({ client: s.db });
        unsettled = [];
        continue;
      }
      // The rows the mixed reads re-read go with this read's outbox and meta (the caller posts the
      // deltas of one call as one batch, judged once), instead of the whole database again.
      for (const u of unsettled)
        out.push({
          clientChange: { base: u.base, visible: u.visible, outbox: c.outbox, meta: c.meta, readAt: s.db.readAt },
        });
      unsettled = [];
      out.push({
        clientChange: { base: c.base, visible: c.visible, outbox: c.outbox, meta: c.meta, readAt: s.db.readAt },
      });
    }
    db = s.db;
  }

  function eventDelta(s: DeltaSources, d: VerdictDelta): void {
    if (s.events === events) return;
    const prev = events ?? [];
    events = s.events;
    // The events before the first that is not the same object as last time were sent as they are
    // (captured requests append): only the rest is looked at, and only they can have left.
    const from = unchangedPrefix(prev, s.events);
    const upsert: SyncEvent[] = [];
    const seen = new Set<string>();
    for (let i = from; i < s.events.length; i++) {
      const ev = s.events[i] as SyncEvent;
      seen.add(ev.id);
      if (sent.get(ev.id) !== ev) {
        sent.set(ev.id, ev);
        upsert.push(forVerdicts(ev));
      }
    }
    const removed: string[] = [];
    if (from + seen.size !== sent.size)
      for (let i = from; i < prev.length; i++) {
        const id = (prev[i] as SyncEvent).id;
        if (!seen.has(id) && sent.has(id)) removed.push(id);
      }
    for (const id of removed) sent.delete(id);
    if (upsert.length > 0) d.events = upsert;
    if (removed.length > 0) d.removeEvents = removed;
  }

  function serverDelta(s: DeltaSources, d: VerdictDelta): void {
    const next = s.server;
    if (next === server) return;
    const prev = server;
    server = next;
    const sd: NonNullable<VerdictDelta['server']> = {};
    if (prev?.adminAvailable !== next.adminAvailable) sd.adminAvailable = next.adminAvailable;
    if (prev?.knownFromRowVersion !== next.knownFromRowVersion)
      sd.knownFromRowVersion = next.knownFromRowVersion ?? null;
    if (prev?.knownFromAt !== next.knownFromAt) sd.knownFromAt = next.knownFromAt ?? null;
    if (next.changes !== changes) {
      const from = next.changes[0]?.rowVersion;
      if (from !== undefined && from !== changes[0]?.rowVersion) sd.changesFrom = from;
      const top = lastOf(changes)?.rowVersion ?? -Infinity;
      const i = after(next.changes, (c) => c.rowVersion, top);
      if (next.changes.length === 0 && changes.length > 0) sd.changesFrom = Number.MAX_SAFE_INTEGER;
      if (i < next.changes.length) sd.changes = next.changes.slice(i);
      changes = next.changes;
    }
    if (next.errors !== errors) {
      if (next.errors === null) sd.errors = null;
      else {
        const list = next.errors;
        const from = list[0]?.id;
        if (errors !== null && from !== undefined && from !== errors[0]?.id) sd.errorsFrom = from;
        const top = errors === null ? -Infinity : (lastOf(errors)?.id ?? -Infinity);
        sd.errors = list.slice(after(list, (e) => e.id, top));
      }
      errors = next.errors;
    }
    if (prev?.clients !== next.clients) sd.clients = next.clients;
    if (prev?.rows !== next.rows) sd.rows = next.rows ?? [];
    if (Object.keys(sd).length > 0) d.server = sd;
  }

  return {
    /** The deltas since the last call, in order (empty when nothing changed). */
    next(s: DeltaSources): VerdictDelta[] {
      const out: VerdictDelta[] = [];
      pageDeltas(s, out);
      const d: VerdictDelta = {};
      eventDelta(s, d);
      if (s.bridge !== bridge) {
        bridge = s.bridge;
        d.bridge = [...s.bridge];
      }
      serverDelta(s, d);
      if (Object.keys(d).length > 0) out.push(d);
      return out;
    },
  };
}
