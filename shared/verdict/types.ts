// Inputs and outputs of the verdict engine: the page's IndexedDB, the captured sync traffic and the
// admin API's view of the server, side by side. Plain data, structured-clone safe; no class instances.

import type { SyncEvent } from '../sync/types.ts';

/** A row as stored (IndexedDB keyPath `id`) or as written to `_plasma_changes.value`. */
export type Row = Record<string, unknown>;

/** `_plasma_outbox` record (plasma-protocol.md §4). */
export interface OutboxEntry {
  clientID: string;
  mutationID: number;
  name: string;
  args: unknown;
  timestamp: number | null;
}

/** `_plasma_meta` values; lastMutationIDs is what the client's last pull told it. */
export interface ClientMeta {
  cookie: string | null;
  clientGroupID: string | null;
  schemaVersion: string | null;
  lastMutationIDs: Record<string, number>;
}

/** One client group's database as read from the page (several tabs share it, one clientID each). */
export interface ClientState {
  outbox: OutboxEntry[];
  /** `_plasma_base_<t>`: confirmed server state. */
  base: Record<string, Row[]>;
  /** `<t>`: user-visible, optimistic. */
  visible: Record<string, Row[]>;
  meta: ClientMeta;
  /**
   * When the stores were read (unix ms, the page's clock). A mutation seen being made after this is
   * not yet in the outbox copy, so its absence there proves nothing.
   */
  readAt?: number | null;
}

/** A mutation the client is known to have made, e.g. read from a captured push body. */
export interface KnownMutation {
  clientID: string;
  mutationID: number;
  name: string;
  args: unknown;
  pushedAt: number | null;
  /** HTTP status of the push that carried it; 0 or null when no answer was seen. */
  pushStatus: number | null;
  requestId?: string;
}

/** The devtools bridge's `mutate` event (§6). */
export interface BridgeMutateEvent {
  kind: 'mutate';
  at: number;
  name: string;
  mutationID: number;
  clientID: string;
}

/** One `_plasma_changes` record as the admin API returns it (§7). */
export interface ChangeRecord {
  rowVersion: number;
  table: string;
  id: string;
  op: 'put' | 'del';
  value: unknown;
  createdAt: number;
  clientGroupID: string | null;
  clientID: string | null;
  mutationID: number | null;
}

export interface ServerClient {
  clientGroupID: string;
  clientID: string;
  lastMutationID: number;
  updatedAt: number;
}

export interface ServerError {
  id: number;
  at: number;
  kind: string;
  clientGroupID: string | null;
  clientID: string | null;
  mutationID: number | null;
  mutationName: string | null;
  message: string;
}

/** `/rows/<table>/<id>?as=` answer; readable null means the server could not judge. */
export interface RowConfirmation {
  table: string;
  id: string;
  row: Row | null;
  readable: boolean | null;
  reason?: string;
}

export interface ServerState {
  /** False: no admin API (not mounted, no token, 401/403). Everything below is then ignored. */
  adminAvailable: boolean;
  /**
   * `/changes` records read so far. Fetch `/clients` before `/changes`: then every mutation the
   * watermark covers has its change rows in this list.
   */
  changes: ChangeRecord[];
  /**
   * The log is complete from this row version on (inclusive). Absent, null or <= 1: complete from
   * the start. Set it when the log was compacted or the panel started reading late.
   */
  knownFromRowVersion?: number | null;
  /**
   * When (unix ms, the browser's clock, as captured requests are stamped) the log became complete
   * from knownFromRowVersion on, e.g. when the panel started reading it. A mutation first seen after
   * this cannot have written before the window.
   */
  knownFromAt?: number | null;
  clients: ServerClient[];
  /** `/errors`; null when unavailable (the app did not install the error tap: `tapInstalled: false`). */
  errors: ServerError[] | null;
  rows?: RowConfirmation[];
}

export interface VerdictInput {
  client: ClientState;
  known?: KnownMutation[];
  bridge?: BridgeMutateEvent[];
  events?: SyncEvent[];
  server: ServerState;
}

export type MutationStatus =
  'pending' | 'pushed' | 'applied' | 'applied-no-writes' | 'silently-reverted' | 'rejected' | 'lost' | 'unknown';

export type TimelineStep = 'mutate' | 'outbox' | 'push' | 'ack' | 'server-log' | 'pull' | 'dropped' | 'reverted';

export interface TimelineEntry {
  step: TimelineStep;
  at?: number;
  ok: boolean;
  detail?: string;
}

/** The auth rule a server error names, e.g. `PlasmaAuthorizationError: todos.write`. */
export interface Rule {
  table: string;
  predicate: 'read' | 'write';
}

export interface MutationVerdict {
  /** `clientID#mutationID`. */
  key: string;
  clientID: string;
  mutationID: number;
  name: string;
  args: unknown;
  status: MutationStatus;
  /** One line: why (the server's error message, the HTTP status, what is missing). */
  cause?: string;
  rule?: Rule;
  /** HTTP status of the refusing push (rejected only). */
  httpStatus?: number;
  evidence: string[];
  changeRowVersions: number[];
  timeline: TimelineEntry[];
  /** Captured push requests that carried it, in order. */
  requestIds: string[];
  /** True on a summary sent across the worker boundary: evidence and timeline are asked for when shown. */
  detailsPending?: boolean;
}

export type RowState =
  'in-sync' | 'optimistic' | 'reverted' | 'stale' | 'filtered' | 'deleted-on-server' | 'missing-on-server' | 'unknown';

export interface RowVerdict {
  /** `table/id`. */
  key: string;
  table: string;
  id: string;
  visible: Row | null;
  base: Row | null;
  /** Latest server value: a put's value; null after a del, when the server has no such row, or when unknown. */
  server: Row | null;
  /** False when the server side is not known (no admin API, or a compacted log silent about the row). */
  serverKnown: boolean;
  /** Row version of the latest known server change, if any. */
  serverRowVersion: number | null;
  serverOp: 'put' | 'del' | null;
  state: RowState;
  /** Filtered only: a `/rows?as=` answer said `readable: false`. */
  confirmed?: boolean;
  /** Mutations behind an optimistic or reverted state. */
  mutationKeys: string[];
  evidence: string[];
}

export type FieldChange = 'same' | 'local' | 'remote' | 'both' | 'conflict';

/** One field across the three sides; `has*` tells a missing field or row from an undefined value. */
export interface FieldDiff {
  field: string;
  visible: unknown;
  base: unknown;
  server: unknown;
  hasVisible: boolean;
  hasBase: boolean;
  hasServer: boolean;
  /**
   * local: visible differs from base; remote: server differs from base; both: both differ from base
   * and agree with each other; conflict: all three differ.
   */
  change: FieldChange;
}
