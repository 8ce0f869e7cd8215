// The seam to the admin API package (server/ at the repo root): an error tap around the app's
// onError, a hook recording each client group's last auth ctx, and the /sync/admin handler.
// Until that package is wired these are pass-throughs and /sync/admin answers 404.

import type { AuthCtx, TableDef } from '../app/schema.ts';
import type { D1Database } from './d1.ts';
import { json } from './d1.ts';
import type { MutationErrorEvent } from './syncTypes.ts';

type OnError = (event: MutationErrorEvent) => void | Promise<void>;

export interface AdminWiring {
  wired: boolean;
  tapErrors(db: D1Database, onError: OnError): OnError;
  recordClientContext(db: D1Database, clientGroupID: string, ctx: AuthCtx): Promise<void>;
  createHandler(config: {
    db: D1Database;
    basePath: string;
    schemaVersion: string;
    tables: Record<string, TableDef>;
    auth: { secret: string };
  }): (req: Request) => Promise<Response>;
}

export const adminWiring: AdminWiring = {
  wired: false,
  tapErrors: (_db, onError) => onError,
  recordClientContext: async () => {},
  createHandler: () => async () => json(404, { error: 'admin API not installed' }),
};
