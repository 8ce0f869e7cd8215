// The seam to the admin API package (server/ at the repo root): the error tap around the app's
// onError, the hook recording each client group's last auth ctx, and the /sync/admin handler.

import { createAdminHandler, createErrorTap, ensureAdminTables, recordClientContext } from '../../../server/index.ts';
import type { AuthCtx, TableDef } from '../app/schema.ts';
import type { D1Database } from './d1.ts';
import { json } from './d1.ts';
import type { MutationErrorEvent } from './syncTypes.ts';

type OnError = (event: MutationErrorEvent) => void | Promise<void>;

export interface AdminApiOptions {
  db: D1Database;
  schemaVersion: string;
  tables: Record<string, TableDef>;
  /** The bearer secret; without one the admin API stays off (404). */
  secret: string | undefined;
  allowedOrigins: string[];
}

/** Creates the tap's tables; the tap and the ctx recorder only write, they never create. */
export function prepareAdminTables(db: D1Database): Promise<void> {
  return ensureAdminTables(db);
}

export function tapErrors(db: D1Database, onError: OnError): OnError {
  return createErrorTap(db, onError);
}

export function recordContext(db: D1Database, clientGroupID: string, ctx: AuthCtx): Promise<void> {
  return recordClientContext(db, clientGroupID, ctx);
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
  });
}
