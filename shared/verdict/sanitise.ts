// The engine's guard: page data (IndexedDB as the page left it) and admin API answers are untrusted,
// so every public entry point first turns its input into well-formed VerdictInput, dropping records
// it cannot read instead of throwing. Rows themselves are kept by reference (they are only compared).

import type {
  BridgeMutateEvent,
  ChangeRecord,
  ClientState,
  KnownMutation,
  OutboxEntry,
  Row,
  RowConfirmation,
  ServerClient,
  ServerError,
  ServerState,
  VerdictInput,
} from './types.ts';
import type { SyncEvent } from '../sync/types.ts';
import { isRecord } from './util.ts';

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

const strOrNull = (x: unknown): boolean => x === null || typeof x === 'string';

/** Already well-formed (the admin guards let it through): kept as is, no copy per record. */
function isCleanChange(c: Record<string, unknown>): c is Record<string, unknown> & ChangeRecord {
  return (
    typeof c.rowVersion === 'number' &&
    Number.isFinite(c.rowVersion) &&
    typeof c.table === 'string' &&
    typeof c.id === 'string' &&
    (c.op === 'put' || c.op === 'del') &&
    c.value !== undefined &&
    typeof c.createdAt === 'number' &&
    Number.isFinite(c.createdAt) &&
    strOrNull(c.clientGroupID) &&
    strOrNull(c.clientID) &&
    (c.mutationID === null || (typeof c.mutationID === 'number' && Number.isSafeInteger(c.mutationID)))
  );
}

const change = (c: Record<string, unknown>): ChangeRecord | null => {
  if (isCleanChange(c)) return c;
  const rowVersion = num(c.rowVersion);
  const table = str(c.table);
  const id = idOf(c.id);
  if (rowVersion === null || table === null || id === null || (c.op !== 'put' && c.op !== 'del')) return null;
  return {
    rowVersion,
    table,
    id,
    op: c.op,
    value: c.value ?? null,
    createdAt: num(c.createdAt) ?? 0,
    clientGroupID: str(c.clientGroupID),
    clientID: str(c.clientID),
    mutationID: int(c.mutationID),
  };
};

const serverClient = (c: Record<string, unknown>): ServerClient | null => {
  const clientGroupID = str(c.clientGroupID);
  const clientID = str(c.clientID);
  const lastMutationID = num(c.lastMutationID);
  if (clientGroupID === null || clientID === null || lastMutationID === null) return null;
  return { clientGroupID, clientID, lastMutationID, updatedAt: num(c.updatedAt) ?? 0 };
};

const serverError = (e: Record<string, unknown>): ServerError | null => {
  const id = num(e.id);
  if (id === null) return null;
  return {
    id,
    at: num(e.at) ?? 0,
    kind: str(e.kind) ?? 'unknown',
    clientGroupID: str(e.clientGroupID),
    clientID: str(e.clientID),
    mutationID: int(e.mutationID),
    mutationName: str(e.mutationName),
    message: str(e.message) ?? '',
  };
};

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

function server(x: unknown): ServerState {
  const s = isRecord(x) ? x : {};
  return {
    adminAvailable: s.adminAvailable === true,
    changes: list(s.changes, change),
    knownFromRowVersion: num(s.knownFromRowVersion),
    knownFromAt: num(s.knownFromAt),
    clients: list(s.clients, serverClient),
    errors: Array.isArray(s.errors) ? list(s.errors, serverError) : null,
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
const syncEvent = (e: Record<string, unknown>): SyncEvent | null =>
  (e.kind === 'push' || e.kind === 'pull') && isRecord(e.request) && isRecord(e.response) && typeof e.id === 'string'
    ? (e as unknown as SyncEvent)
    : null;

export function sanitise(input: unknown): VerdictInput {
  const i = isRecord(input) ? input : {};
  return {
    client: client(i.client),
    known: list(i.known, known),
    bridge: list(i.bridge, bridge),
    events: list(i.events, syncEvent),
    server: server(i.server),
  };
}
