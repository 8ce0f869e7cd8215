// The state a row verdict reads: per table, one entry per id holding everything known of that row
// (the client's visible and base values, the server's latest change, a /rows answer, whether a
// revert names it) and its verdict, plus which pending or reverted mutations name which row ids.
// The engine (engineRows.ts) keeps them up to date; one Map per table, so a row costs one lookup.

import { decodeCookie } from '../sync/index.ts';
import type { ChangeRecord, Row, RowConfirmation, RowVerdict } from './types.ts';

export interface RowEntry {
  id: string;
  visible: Row | null;
  base: Row | null;
  latest: ChangeRecord | null;
  confirmation: RowConfirmation | null;
  /** Named by a reverted mutation whose rule names this table (a create that never reached any store). */
  reverted: boolean;
  verdict: RowVerdict | null;
}

/** A table's entries by row id. */
export type RowTable = Map<string, RowEntry>;

/** A silently reverted mutation that names a row (table from the rule, when known). */
export interface RevertRef {
  key: string;
  table: string | null;
  clientID: string;
  mutationID: number;
}

export interface RowIndex {
  /** Row id -> outbox mutation keys whose args name it. */
  pendingById: Map<string, string[]>;
  /** Row id -> silently reverted mutations whose args name it, by clientID then mutationID. */
  revertedById: Map<string, RevertRef[]>;
  outboxSize: number;
  cookieRowVersion: number | undefined;
  adminAvailable: boolean;
  /** Admin API up and the log complete from the start: a row with no change record is absent. */
  serverKnown: boolean;
  knownFrom: number;
}

/** The client's cookie as a row version: null cookie = nothing synced (0); opaque = unknown. */
export function cookieRowVersion(raw: string | null): number | undefined {
  const c = decodeCookie(raw);
  if (c === null) return 0;
  return c.format === 'opaque' ? undefined : (c.rowVersion ?? undefined);
}
