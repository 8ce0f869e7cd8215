// What the incremental verdict engine takes and gives. A delta names only what arrived or left since
// the last one; plain data, so it crosses a worker boundary by structured clone at the cost of its size.

import type { SyncEvent } from '../sync/types.ts';
import type { VerdictFinding } from './findings.ts';
import type {
  BridgeMutateEvent,
  ChangeRecord,
  ClientMeta,
  ClientState,
  KnownMutation,
  MutationVerdict,
  OutboxEntry,
  Row,
  RowConfirmation,
  RowVerdict,
  ServerClient,
  ServerError,
} from './types.ts';

/** Rows one read found (put) or found absent (del) in one store of one table. */
export interface RowsDelta {
  put: Row[];
  del: string[];
}

/** An incremental page read: the rows it re-read by key, and the small stores whole. */
export interface ClientChange {
  base: Record<string, RowsDelta>;
  visible: Record<string, RowsDelta>;
  outbox: OutboxEntry[];
  meta: ClientMeta;
  readAt: number | null;
}

/**
 * The same as it arrives from the page (shared/pageReader DbChange's fields): unchecked, so the
 * engine guards it before use.
 */
export interface RawClientChange {
  base: Record<string, { put: readonly unknown[]; del: readonly string[] }>;
  visible: Record<string, { put: readonly unknown[]; del: readonly string[] }>;
  outbox: readonly unknown[];
  meta: unknown;
  readAt: number | null;
}

export interface ServerDelta {
  adminAvailable?: boolean;
  /** Records not sent before (any order; kept by row version). */
  changes?: ChangeRecord[];
  /** Records below this row version left the panel's bounded buffer. */
  changesFrom?: number;
  knownFromRowVersion?: number | null;
  knownFromAt?: number | null;
  /** `/clients`, whole (it is small). */
  clients?: ServerClient[];
  /** New `/errors` records; null: the error tap is not installed. */
  errors?: ServerError[] | null;
  /** Records below this id left the buffer. */
  errorsFrom?: number;
  /** `/rows?as=` answers, whole (bounded). */
  rows?: RowConfirmation[];
}

export interface VerdictDelta {
  /**
   * The whole database (first read, a full pass, a gap in the reader's changes), as ClientState or
   * the page reader's DbData (both are checked); null: the page has none.
   */
  client?: ClientState | object | null;
  /** An incremental read of the same database. */
  clientChange?: ClientChange | RawClientChange;
  /** Captured sync events, new or updated (same id), and ids that left the capture buffer. */
  events?: SyncEvent[];
  removeEvents?: string[];
  /** Bridge `mutate` events and known mutations, whole lists (both small). */
  bridge?: BridgeMutateEvent[];
  known?: KnownMutation[];
  server?: ServerDelta;
}

/** What one update changed: re-judged verdicts, keys that are gone, and the findings (always whole). */
export interface VerdictChanges {
  /** True when everything was judged again: replace instead of merging. */
  full: boolean;
  mutations: MutationVerdict[];
  removedMutations: string[];
  rows: RowVerdict[];
  removedRows: string[];
  findings: VerdictFinding[];
}

/** What a judge answers: every mutation and row verdict, and the findings they raise. */
export interface Verdicts {
  mutations: MutationVerdict[];
  rows: RowVerdict[];
  findings: VerdictFinding[];
}
