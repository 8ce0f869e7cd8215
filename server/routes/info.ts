// GET {basePath}/admin/info: what the panel needs to talk to this deployment (protocol §7).

import type { AuthExpectations } from '../../shared/admin/authLog.ts';
import type { D1Like } from '../d1.ts';
import { json } from '../http.ts';
import { maxRowVersion } from './changes.ts';

export const ADMIN_API_VERSION = 1;

export async function infoRoute(
  db: D1Like,
  info: { schemaVersion: string; basePath: string; tables: string[]; auth?: AuthExpectations; dryRun?: boolean },
): Promise<Response> {
  return json(200, {
    adminApiVersion: ADMIN_API_VERSION,
    schemaVersion: info.schemaVersion,
    basePath: info.basePath,
    tables: info.tables,
    maxRowVersion: await maxRowVersion(db),
    // Only when the app declared them: their absence means "not declared", not "anything goes".
    ...(info.auth ? { auth: info.auth } : {}),
    ...(info.dryRun ? { dryRun: true } : {}),
  });
}
