// Incremental-cursor bookkeeping for /changes and /errors: what the next `since` is, which records
// of a page are new, and how the bounded buffer drops its oldest while saying where the log it
// still holds starts. Pure; the panel's reducer calls these.

import type { ChangeRecord, ChangesPage, ErrorsPage, ServerError } from './types.ts';

export const DEFAULT_MAX_CHANGES = 200_000;
export const DEFAULT_MAX_ERRORS = 10_000;

export interface ChangeLog {
  /** In rowVersion order, each rowVersion once. */
  changes: ChangeRecord[];
  /** The next request's `since`: the last rowVersion received, or the server's `nextSince` past it. */
  since: number;
  maxRowVersion: number | null;
  /** The log held is complete from this row version on; null: from the start. (verdict ServerState) */
  knownFromRowVersion: number | null;
  /** Records dropped to keep the buffer bounded. */
  dropped: number;
  /** Records the guard refused, across all pages. */
  skipped: number;
}

export function emptyChangeLog(): ChangeLog {
  return { changes: [], since: 0, maxRowVersion: null, knownFromRowVersion: null, dropped: 0, skipped: 0 };
}

/**
 * Where a fresh log starts. A log longer than the buffer would be walked only to be dropped, so
 * reading begins `bound` row versions before the newest; knownFromRowVersion then says so.
 */
export function startChangeLog(maxRowVersion: number, bound = DEFAULT_MAX_CHANGES): ChangeLog {
  const log = emptyChangeLog();
  if (maxRowVersion > bound) {
    log.since = maxRowVersion - bound;
    log.knownFromRowVersion = log.since + 1;
  }
  return log;
}

/**
 * Adds one page fetched with `requestedSince`. Returns null for a stale page (the cursor moved on
 * since it was requested), so a page is never added twice.
 */
export function mergeChanges(
  log: ChangeLog,
  page: ChangesPage,
  requestedSince: number,
  bound = DEFAULT_MAX_CHANGES,
): ChangeLog | null {
  if (requestedSince !== log.since) return null;
  const fresh = page.changes.filter((c) => c.rowVersion > log.since);
  let since = fresh.at(-1)?.rowVersion ?? log.since;
  // nextSince may skip past rows a filter left out, but never past what the server says exists.
  if (page.nextSince !== null && page.nextSince > since && page.nextSince <= page.maxRowVersion) since = page.nextSince;
  let changes = fresh.length ? log.changes.concat(fresh) : log.changes;
  let { dropped, knownFromRowVersion } = log;
  const over = changes.length - Math.max(1, bound);
  if (over > 0) {
    const lastGone = changes[over - 1]?.rowVersion ?? 0; // over <= changes.length - 1
    changes = changes.slice(over);
    dropped += over;
    knownFromRowVersion = lastGone + 1;
  }
  const maxRowVersion = Math.max(log.maxRowVersion ?? 0, page.maxRowVersion, since);
  return { changes, since, maxRowVersion, knownFromRowVersion, dropped, skipped: log.skipped + page.skipped };
}

/** Whether another page should be fetched right away. */
export function shouldWalkOn(
  before: ChangeLog | ErrorLog,
  after: ChangeLog | ErrorLog | null,
  hasMore: boolean,
): boolean {
  return after !== null && hasMore && after.since > before.since;
}

export interface ErrorLog {
  /** Null: the app did not install the error tap (`tapInstalled: false`), so causes cannot be read. */
  errors: ServerError[] | null;
  /** The last error id received. */
  since: number;
  dropped: number;
  skipped: number;
}

export function emptyErrorLog(): ErrorLog {
  return { errors: [], since: 0, dropped: 0, skipped: 0 };
}

export function mergeErrors(
  log: ErrorLog,
  page: ErrorsPage,
  requestedSince: number,
  bound = DEFAULT_MAX_ERRORS,
): ErrorLog | null {
  if (requestedSince !== log.since) return null;
  if (page.tapInstalled === false) return { ...log, errors: null, skipped: log.skipped + page.skipped };
  const fresh = page.errors.filter((e) => e.id > log.since);
  const since = fresh.at(-1)?.id ?? log.since;
  let errors = fresh.length || log.errors === null ? (log.errors ?? []).concat(fresh) : log.errors;
  let { dropped } = log;
  const over = errors.length - Math.max(1, bound);
  if (over > 0) {
    errors = errors.slice(over);
    dropped += over;
  }
  return { errors, since, dropped, skipped: log.skipped + page.skipped };
}
