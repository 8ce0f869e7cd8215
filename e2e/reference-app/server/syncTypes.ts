// Types shared by the reference sync handler's modules: its configuration, the auth() contract
// and the onError event (plasma-protocol.md §2, §5).

import type { AuthCtx, Mutator, TableDef } from '../app/schema.ts';
import type { D1Database } from './d1.ts';

export type AuthResult =
  { ok: true; clientGroupID: string; clientID: string; ctx: AuthCtx } | { ok: false; reason: string };

/** The IDs the request body (push) or query (pull) names, for auth() to fall back on. */
export interface ClientHint {
  clientGroupID?: string;
  clientID?: string;
}

export type AuthFn = (req: Request, hint: ClientHint) => Promise<AuthResult>;

export interface MutationErrorEvent {
  kind: 'mutation-error';
  clientGroupID: string;
  clientID: string;
  mutationID: number;
  mutationName: string;
  cause: unknown;
}

export interface SyncConfig {
  db: D1Database;
  /** Where push and pull are mounted, e.g. `/sync`. */
  basePath: string;
  schemaVersion: string;
  tables: Record<string, TableDef>;
  mutators: Record<string, Mutator>;
  auth: AuthFn;
  onError?: (event: MutationErrorEvent) => void | Promise<void>;
  /** Called after every successful auth, before the request is served. */
  onAuthenticated?: (clientGroupID: string, clientID: string, ctx: AuthCtx) => void | Promise<void>;
  /** The 401 body for a refused auth(); default `{ error: "unauthorized" }` (never the reason). */
  unauthorizedBody?: () => unknown;
  maxMutationsPerPush?: number;
  maxPayloadBytes?: number;
  defaultPullLimit?: number;
}

export const DEFAULT_MAX_MUTATIONS = 200;
export const DEFAULT_MAX_PAYLOAD = 1_048_576;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 1000;
export const PROTOCOL_VERSION = 1;
