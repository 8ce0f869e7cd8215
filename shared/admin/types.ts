// Shapes of the admin API's answers (plasma-protocol.md §7 plus the shipped handler's extras), as
// the panel keeps them. Record types are the verdict engine's own, so the slice plugs straight in.

import type { ChangeRecord, Row, ServerClient, ServerError } from '../verdict/types.ts';

export type { ChangeRecord, ServerClient, ServerError };

export interface AdminInfo {
  adminApiVersion: number;
  schemaVersion: string;
  basePath: string;
  tables: string[];
  maxRowVersion: number;
}

export interface ChangesPage {
  changes: ChangeRecord[];
  maxRowVersion: number;
  hasMore: boolean;
  /** The handler's cursor; may jump past rows a filter skipped. Null when the server did not send it. */
  nextSince: number | null;
  /** Records that failed the guard and were left out (a hostile or newer server). */
  skipped: number;
}

export interface ClientsPage {
  clients: ServerClient[];
  truncated: boolean;
  skipped: number;
}

export interface ErrorsPage {
  errors: ServerError[];
  hasMore: boolean;
  /** False: the app never installed the error tap, so no cause can be read. Null: not said. */
  tapInstalled: boolean | null;
  skipped: number;
}

/** `/rows/<table>/<id>?as=` answer. */
export interface RowAnswer {
  row: Row | null;
  readable: boolean | null;
  reason?: string;
  deleted?: boolean;
  lastValue?: Row | null;
  lastRowVersion: number | null;
}

export type Guarded<T> = { ok: true; value: T } | { ok: false; reason: string };
