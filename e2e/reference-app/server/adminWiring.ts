// The seam to the admin API package (server/ at the repo root): the error tap around the app's
// onError, the hook recording each client group's last auth ctx, the auth tap (auth() wrapped in
// sync.ts, the whole Worker wrapped in worker.ts) and the /sync/admin handler.

import {
  createAdminHandler, createAuthTap, createErrorTap, ensureAdminTables, ensureAuthLogTable, recordAuthCalls, recordClientContext,
  type AuthExpectations,
} from '../../../server/index.ts';
import type { AuthCtx, TableDef } from '../app/schema.ts';
import type { D1Database } from './d1.ts';
import { json } from './d1.ts';
import type { AuthFn, MutationErrorEvent } from './syncTypes.ts';
import { AUDIENCE, ISSUER } from './tokens.ts';

type OnError = (event: MutationErrorEvent) => void | Promise<void>;

export interface AdminApiOptions {
  db: D1Database;
  schemaVersion: string;
  tables: Record<string, TableDef>;
  /** The bearer secret; without one the admin API stays off (404). */
  secret: string | undefined;
  allowedOrigins: string[];
  /** What the app's auth() expects, reported by /info; default: the demo tokens' issuer and audience. */
  authExpectations?: AuthExpectations;
}

/**
 * Creates the taps' tables (the auth log's too, since this app installs the auth tap, so
 * /auth-log says tapInstalled from the start) and the change-log index /rows needs.
 */
export async function prepareAdminTables(db: D1Database): Promise<void> {
  await ensureAdminTables(db);
  await ensureAuthLogTable(db);
}

export function tapErrors(db: D1Database, onError: OnError): OnError {
  return createErrorTap(db, onError);
}

export function recordContext(db: D1Database, clientGroupID: string, ctx: AuthCtx): Promise<void> {
  return recordClientContext(db, clientGroupID, ctx);
}

/** Wraps the app's auth() so the Worker's auth tap sees each decision (called in sync.ts). */
export function tapAuth(auth: AuthFn): AuthFn {
  return recordAuthCalls(auth);
}

type Fetch = (req: Request) => Promise<Response>;

/**
 * Wraps the whole Worker (called once per isolate in worker.ts): every push and pull, of every
 * sync mount, lands in env.DB's auth log, which /sync/admin/auth-log reads.
 */
export function tapWorker(db: D1Database, handler: Fetch): Fetch {
  return createAuthTap(db).handler(handler);
}

export function createAdminApi(opts: AdminApiOptions): (req: Request) => Promise<Response> {
  if (!opts.secret) return async () => json(404, { error: 'admin API disabled' });
  return createAdminHandler({
    db: opts.db,
    basePath: '/sync',
    schemaVersion: opts.schemaVersion,
    tables: opts.tables,
    auth: { secret: opts.secret },
    allowedOrigins: opts.allowedOrigins,
    authExpectations: opts.authExpectations ?? { issuer: ISSUER, audience: AUDIENCE },
  });
}
