// The engine's guard. Page data (IndexedDB as the page left it, bridge events) arrives here as the
// page left it, so the client side is read field by field, dropping what it cannot read instead of
// throwing. Admin API records were validated where they arrived (shared/admin/guards.ts); sanitise
// takes them typed and only filters them with those same definitions (isChangeRecord, ...), so a
// record means one thing everywhere. Rows and well-formed records are kept by reference.

import type {
  BridgeMutateEvent,
  ChangeRecord,
  ClientState,
  KnownMutation,
  OutboxEntry,
  Row,
  RowConfirmation,
  ServerState,
  VerdictInput,
} from './types.ts';
import type { SyncEvent } from '../sync/types.ts';
import { isServerClient, isServerError } from '../admin/guards.ts';
import { changeCheck } from './quickChange.ts';
import { isArray, isRecord } from '../guards.ts';

const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
const int = (x: unknown): number | null => (typeof x === 'number' && Number.isSafeInteger(x) ? x : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const idOf = (x: unknown): string | null =>
  typeof x === 'string' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : null;

function list<T>(x: unknown, read: (item: Record<string, unknown>) => T | null): T[] {
  if (!Array.isArray(x)) return [];
  const out: T[] = [];
  for (const item of x) {
    if (!isRecord(item)) continue;
    const v = read(item);
    if (v !== null) out.push(v);
  }
  return out;
}

function stores(x: unknown): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  if (!isRecord(x)) return out;
  for (const [table, rows] of Object.entries(x)) {
    // A store whose rows are all records (as IndexedDB hands them) is kept, not copied: no second
    // array of every row, and the same store handed again is recognised as unchanged.
    if (Array.isArray(rows))
      Object.defineProperty(out, table, {
        value: rows.every(isRecord) ? rows : rows.filter(isRecord),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

function numbers(x: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(x)) return out;
  for (const [k, v] of Object.entries(x)) {
    const n = num(v);
    if (n !== null) Object.defineProperty(out, k, { value: n, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const outboxEntry = (e: Record<string, unknown>): OutboxEntry | null => {
  const clientID = str(e.clientID);
  const mutationID = int(e.mutationID);
  if (clientID === null || mutationID === null) return null;
  return { clientID, mutationID, name: str(e.name) ?? '(unknown)', args: e.args, timestamp: num(e.timestamp) };
};

function client(x: unknown): ClientState {
  const c = isRecord(x) ? x : {};
  const meta = isRecord(c.meta) ? c.meta : {};
  const cookie = typeof meta.cookie === 'number' ? String(meta.cookie) : str(meta.cookie);
  return {
    outbox: list(c.outbox, outboxEntry),
    base: stores(c.base),
    visible: stores(c.visible),
    meta: {
      cookie,
      clientGroupID: str(meta.clientGroupID),
      schemaVersion: str(meta.schemaVersion),
      lastMutationIDs: numbers(meta.lastMutationIDs),
    },
    readAt: num(c.readAt),
  };
}

/** Admin records are typed and already validated: kept as they are (a copy of the list when all pass). */
function checked<T>(x: readonly T[] | null | undefined, ok: (item: unknown) => item is T): T[] {
  const items: unknown = x; // a cast caller may hand anything
  if (!isArray(items)) return [];
  return items.every(ok) ? [...items] : items.filter(ok);
}

/**
 * The change log, the one long list: the same array when every record passes, not a copy. The
 * engine never writes to it; it copies it into its own list by row version as it starts. Each
 * record gets isChangeRecord's answer, most of them by a quicker read (quickChange.ts).
 */
function checkedChanges(x: ChangeRecord[] | null | undefined): ChangeRecord[] {
  if (!Array.isArray(x)) return [];
  const wellFormed = changeCheck();
  return x.every(wellFormed) ? x : x.filter(wellFormed);
}

const confirmation = (r: Record<string, unknown>): RowConfirmation | null => {
  const table = str(r.table);
  const id = idOf(r.id);
  if (table === null || id === null) return null;
  const readable = typeof r.readable === 'boolean' ? r.readable : null;
  return {
    table,
    id,
    row: isRecord(r.row) ? r.row : null,
    readable,
    ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
  };
};

function server(x: Partial<ServerState> | undefined): ServerState {
  const s: Record<string, unknown> = isRecord(x) ? x : {};
  return {
    adminAvailable: s.adminAvailable === true,
    changes: checkedChanges(x?.changes),
    knownFromRowVersion: num(s.knownFromRowVersion),
    knownFromAt: num(s.knownFromAt),
    clients: checked(x?.clients, isServerClient),
    errors: Array.isArray(s.errors) ? checked(x?.errors, isServerError) : null,
    rows: list(s.rows, confirmation),
  };
}

const known = (k: Record<string, unknown>): KnownMutation | null => {
  const entry = outboxEntry(k);
  if (!entry) return null;
  const requestId = str(k.requestId);
  return {
    clientID: entry.clientID,
    mutationID: entry.mutationID,
    name: entry.name,
    args: entry.args,
    pushedAt: num(k.pushedAt),
    pushStatus: int(k.pushStatus),
    ...(requestId !== null ? { requestId } : {}),
  };
};

const bridge = (b: Record<string, unknown>): BridgeMutateEvent | null => {
  const clientID = str(b.clientID);
  const mutationID = int(b.mutationID);
  if (b.kind !== 'mutate' || clientID === null || mutationID === null) return null;
  return { kind: 'mutate', at: num(b.at) ?? 0, name: str(b.name) ?? '(unknown)', mutationID, clientID };
};

/** SyncEvents come from shared/sync's parser, which already guarantees their inner shape. */
const isSyncEvent = (e: unknown): e is SyncEvent =>
  isRecord(e) &&
  (e.kind === 'push' || e.kind === 'pull') &&
  isRecord(e.request) &&
  isRecord(e.response) &&
  typeof e.id === 'string';

/**
 * What sanitise() takes: a VerdictInput, whole or in part (the engine's deltas). `client` may be the
 * page reader's raw database copy; the other lists are typed but still come from the page.
 */
export interface SanitiseInput {
  client?: ClientState | object | null;
  known?: readonly KnownMutation[];
  bridge?: readonly BridgeMutateEvent[];
  events?: readonly SyncEvent[];
  server?: Partial<ServerState>;
}

export function sanitise(input: SanitiseInput): VerdictInput {
  // Typed, but a caller that cast hostile data (the property tests do) still gets verdicts, not a throw.
  const i: SanitiseInput = isRecord(input) ? input : {};
  return {
    client: client(i.client),
    known: list(i.known, known),
    bridge: list(i.bridge, bridge),
    events: checked(i.events, isSyncEvent),
    server: server(isRecord(i.server) ? i.server : undefined),
  };
}
