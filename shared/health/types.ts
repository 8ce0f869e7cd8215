// Sync health: what the panel knows about each plasma client of the inspected page (outbox, last
// push and pull, last failure, how far its cookie trails the server) and the two findings drawn from
// it. Pure data; shared/health derives it, panel/health only renders it.

import type { Finding } from '../auth/types.ts';

/** One successful or failed sync request, as the health bar shows it. */
export interface SyncAttempt {
  kind: 'push' | 'pull';
  /** When the response finished, unix ms. */
  at: number;
  /** HTTP status; 0 for a request that got no response (network error). */
  status: number;
  requestId: string;
}

/** What the panel knows about one client, independent of the clock. */
export interface ClientFacts {
  clientID: string;
  clientGroupID: string | null;
  /** Where the outbox figures come from; null when neither the page's IndexedDB nor the bridge told. */
  outboxFrom: 'indexeddb' | 'bridge' | null;
  outboxSize: number | null;
  /** The oldest outbox entry's timestamp (unix ms), when the entries carry one. */
  oldestOutboxAt: number | null;
  lastPushOk: SyncAttempt | null;
  lastPullOk: SyncAttempt | null;
  lastFailure: SyncAttempt | null;
  /** Pushes captured since the oldest outbox entry was written, and how many of them failed. */
  pushesSinceOldest: number;
  failedPushesSinceOldest: number;
  /** Ids of the failed pushes since the oldest entry (the stuck finding lists them). */
  failedPushIds: string[];
  pullsOk: number;
  /** The cookie's row version: the newest of the last successful pull, the bridge and the database. */
  cookieRowVersion: number | null;
  /**
   * Rows this client's base stores hold, as table/id keys; null without a read of its database.
   * Only `has` is needed: the lookup is built on its first use, which only the starving check makes
   * (with server rows to compare), so a page read does not cost a walk of every base row.
   */
  baseKeys: { has(key: string): boolean } | null;
}

export interface ServerFacts {
  /** `/info` or the change log's maxRowVersion; null without the admin API. */
  maxRowVersion: number | null;
  /** The change log as far as the panel read it (shared/admin guards it first). */
  changes: readonly {
    rowVersion: number;
    table: string;
    id: string;
    op: 'put' | 'del';
    clientGroupID: string | null;
  }[];
  /** The lowest row version the change log read covers from (null: from the start). */
  knownFromRowVersion: number | null;
  /** `/rows` answers for rows the panel asked about: readable for the tab's client group. */
  readableRows: readonly { table: string; id: string; readable: boolean | null }[];
}

/** "N changes behind": exact when the change log covers the cookie, else the row-version gap. */
export interface Behind {
  count: number;
  exact: boolean;
}

/** One line of the health bar: the facts plus what the clock makes of them. */
export interface ClientHealth extends ClientFacts {
  oldestOutboxAgeMs: number | null;
  behind: Behind | null;
}

export type HealthFindingCode = 'stuck-queue' | 'starving';

/** The auth Finding shape with a health code and the figures behind it. */
export type HealthFinding = Omit<Finding, 'code'> & {
  code: HealthFindingCode;
  clientID: string;
  counts: Record<string, number>;
};

export interface HealthOptions {
  /** How long an outbox entry may wait without a successful push before the queue counts as stuck. */
  stuckAfterMs: number;
  /** When the capture began: a push before it could not have been seen. */
  captureSince: number;
  /** The page's sync loop is paused from the panel (the bridge said so). */
  paused: boolean;
  /** Starving: at least this many of the group's rows are missing from the client... */
  starvingMinMissing: number;
  /** ...and the client holds at most this share of them. */
  starvingMaxShare: number;
}

export const DEFAULT_HEALTH_OPTIONS: Omit<HealthOptions, 'captureSince' | 'paused'> = {
  stuckAfterMs: 30_000,
  starvingMinMissing: 5,
  starvingMaxShare: 0.5,
};
