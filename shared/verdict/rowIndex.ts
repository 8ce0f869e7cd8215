// The indexes a row verdict reads: per table, the client's rows, the server's latest change and
// /rows answers by id, and which pending or reverted mutations name which row ids. The engine
// (engineRows.ts) keeps them up to date; nested by table so no `table/id` key is built to look up.

import { decodeCookie } from '../sync/index.ts';
import type { ChangeRecord, Row, RowConfirmation } from './types.ts';

export interface TableIndex {
  visible: Map<string, Row>;
  base: Map<string, Row>;
  latest: Map<string, ChangeRecord>;
  confirmations: Map<string, RowConfirmation>;
  /** Ids named only by a reverted mutation (a create that never reached any store). */
  reverted: Set<string>;
}

export interface RowIndex {
  tables: Map<string, TableIndex>;
  /** Row id -> outbox mutation keys whose args name it. */
  pendingById: Map<string, string[]>;
  /** Row id -> silently reverted mutations whose args name it (table from the rule, when known). */
  revertedById: Map<string, { key: string; table: string | null }[]>;
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
