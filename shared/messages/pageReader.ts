// Messages of the page reader (the page's IndexedDB, and the plasma-devtools bridge) into the
// panel store. Part of the one protocol: shared/protocol.ts merges this map into CaptureMap.
// Payloads here have passed shared/pageReader's guards, except `pageBridgeMessage`, which the
// reducer guards itself so that any relay (eval polling or a content-script port) may send it.

import type { DbData, DbDelta, DbStatus } from '../pageReader/types.ts';

export interface PageReaderMap {
  /** A read of the page's IndexedDB began; readId orders reads, stale ones are ignored. */
  pageReadStarted: { readId: number; at: number; incremental?: boolean };
  /** The databases the page listed; `supported: false` carries why it could not list them. */
  pageReadDatabases: { readId: number; names: string[]; supported: boolean; message: string };
  pageReadDbStatus: { readId: number; db: string; status: DbStatus | null };
  pageReadDbData: { readId: number; data: DbData };
  /** An incremental read of one database: the rows it re-read by key, outbox, meta and counts. */
  pageReadDbDelta: { readId: number; delta: DbDelta };
  pageReadFinished: { readId: number; at: number; error: string | null };
  /** A raw bridge message from the page (untrusted; `approxChars` as measured by the relay). */
  pageBridgeMessage: { message: unknown; approxChars?: number };
  /** The page's bridge listener was (re)installed in a new document (first look, navigation). */
  pageBridgeReset: { at: number };
  /** The page's bridge buffer dropped messages (over the size bound, or full). */
  pageBridgeDropped: { count: number };
}
