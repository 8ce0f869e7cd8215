// Shapes the page reader hands the panel store once they have passed the guards in decode.ts and
// bridge.ts. Everything here came from the inspected page, so strings are bounded and values are
// plain JSON (rendered as text, never as HTML).

/** A row as read from a store: plain JSON, shape not trusted beyond that. */
export type Row = unknown;

export type DbStatus =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'ok' }
  | { kind: 'missing'; message: string }
  | { kind: 'blocked'; message: string }
  | { kind: 'upgrading'; message: string }
  | { kind: 'error'; message: string };

/**
 * One plasma database as the panel holds it: a full read in short transactions, then patched by
 * incremental reads (READING.md). Its row arrays are patched in place; a new DbData object is
 * made per change, so a signal of it notifies. Readers never mutate it.
 */
export interface DbData {
  name: string;
  version: number;
  tables: string[];
  outbox: OutboxEntry[];
  base: Record<string, Row[]>;
  visible: Record<string, Row[]>;
  meta: Record<string, unknown>;
  /** Stores that are not read (blobs, app stores), with their row counts. */
  others: { name: string; count: number }[];
  readAt: number;
  /** Key path per store when it is a string (`id` for plasma's tables); rows are indexed by it. */
  keyPaths?: Record<string, string | null>;
  /** False when writes seen during the read may have left a mixed state. */
  consistent?: boolean;
}

/** What one incremental read of one database found (the reader turns it into a DbChange). */
export interface DbDelta {
  name: string;
  version: number;
  base: Record<string, StoreDelta>;
  visible: Record<string, StoreDelta>;
  outbox: OutboxEntry[];
  meta: Record<string, unknown>;
  /** Row count of every store the page counted at the read, for the cheap check against what the panel holds. */
  counts: Record<string, number>;
  keyPaths: Record<string, string | null>;
  consistent: boolean;
  readAt: number;
}

/** plasma-protocol.md §4 outbox record; fields are checked one by one and may be missing. */
export interface OutboxEntry {
  clientID: string | null;
  mutationID: number | null;
  name: string | null;
  args: unknown;
  timestamp: number | null;
}

/** Classification of a database's store names (recognise.ts). */
export interface PlasmaLayout {
  plasma: boolean;
  tables: string[];
  outbox: string | null;
  meta: string | null;
  /** Stores not read in full: blobs, the app's own stores. */
  others: string[];
}

export interface BridgeHello {
  dbName: string | null;
  schemaVersion: string | null;
  clientGroupID: string | null;
  clientID: string | null;
  tables: string[];
}

export interface BridgeSnapshot {
  clientID: string | null;
  clientGroupID: string | null;
  cookie: string | null;
  schemaVersion: string | null;
  outboxCount: number;
  /** The first outbox entries, as bounded JSON text. */
  outboxText: string[];
  lastMutationIDs: Record<string, number>;
  errors: string[];
}

export interface BridgeEvent {
  kind: string;
  at: number | null;
  /** The rest of the event, as bounded JSON text. */
  detail: string;
}

/** Rows one read found (put) or found absent (del, keys as strings) in one store of one table. */
export interface StoreDelta {
  put: Row[];
  del: string[];
}

/**
 * What one completed read of one database changed, in completion order (`seq` increases by one per
 * change the panel records). A full read replaces everything held for the database; an
 * incremental one lists only the rows it re-read by key. The outbox and `_plasma_meta` are small
 * and always re-read whole. A consumer that sees a gap in `seq` starts again from the slice's
 * whole `DbData`.
 */
export interface DbChange {
  seq: number;
  dbName: string;
  full: boolean;
  /** Incremental reads only: per user table. Empty on a full read. */
  base: Record<string, StoreDelta>;
  visible: Record<string, StoreDelta>;
  outbox: OutboxEntry[];
  meta: Record<string, unknown>;
  /** False when writes seen during the read may have left a mixed state: judge nothing from it yet. */
  consistent: boolean;
}
