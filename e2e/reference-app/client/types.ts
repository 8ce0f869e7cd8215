// Types of the reference plasma client: its options, the errors it reports through onError, and the
// events the devtools bridge listens to. Plain data only, so every value is structured-clone safe.

import type { Mutator, MutatorTx, Row, TableDef } from '../app/schema.ts';

export type { Mutator, MutatorTx, Row, TableDef };

export type HeaderMap = Record<string, string>;
export type SyncPhase = 'push' | 'pull';

/** What `onError` receives (plasma-protocol.md §5 client kinds). Never carries a credential. */
export type PlasmaClientError =
  | { kind: 'push-http' | 'pull-http'; status: number; url: string; error?: string }
  | { kind: 'network'; phase: SyncPhase; url: string; message: string }
  | { kind: 'schema-mismatch'; phase: SyncPhase; expected: string | null; status: number; url: string }
  | { kind: 'rebase-replay'; clientID: string; mutationID: number; name: string; message: string };

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

/** Key/value storage holding the per-tab clientID; sessionStorage in a browser. */
export interface IdStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface PlasmaClientOptions {
  /** Base URL of the sync server, e.g. `location.origin`. */
  endpoint: string;
  basePath?: string;
  dbName: string;
  clientGroupID: string;
  schemaVersion: string;
  tables: Record<string, TableDef>;
  mutators: Record<string, Mutator>;
  authHeaders?: () => HeaderMap | Promise<HeaderMap>;
  pollMs?: number;
  onError?: (e: PlasmaClientError) => void;
  fetch?: typeof fetch;
  credentials?: RequestCredentials;
  retry?: Partial<RetryPolicy>;
  /** Waits between retry attempts; tests inject an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** Holds the clientID; defaults to sessionStorage (one clientID per tab). */
  storage?: IdStorage;
  /** IndexedDB factory; defaults to the global `indexedDB`. */
  indexedDB?: IDBFactory;
  /** Event target for `online`; defaults to the global window when there is one. */
  onlineTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

export interface OutboxEntry {
  clientID: string;
  mutationID: number;
  name: string;
  args: unknown;
  timestamp: number;
}

export interface ClientSnapshot {
  clientID: string;
  clientGroupID: string;
  cookie: string | null;
  schemaVersion: string;
  outbox: OutboxEntry[];
  lastMutationIDs: Record<string, number>;
  errors: PlasmaClientError[];
}

/** What happened, for observers such as the devtools bridge. */
export type ClientEvent =
  | { kind: 'mutate'; name: string; mutationID: number; clientID: string }
  | { kind: 'push'; ok: boolean; status: number | null; url: string; mutationIDs: number[] }
  | {
      kind: 'pull';
      ok: boolean;
      status: number | null;
      url: string;
      cookie: string | null;
      patchSize: number;
      hasMore: boolean;
    }
  | { kind: 'rebase'; dropped: number; replayed: number; skipped: number }
  | { kind: 'error'; error: PlasmaClientError };

export type SyncResult = { ok: true } | { ok: false; error: PlasmaClientError };
