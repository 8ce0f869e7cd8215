// The reference app's request router, built once per worker isolate: sync (/sync), the
// admin-only sync (/api/admin-sync), dev sign-in, the admin API (/sync/admin) and static assets.

import { SCHEMA_VERSION, adminTables, mutators, tables } from '../app/schema.ts';
import { createDemoAuth, type DemoAuthOptions } from './auth.ts';
import { createExtraMounts } from './extraMounts.ts';
import { createAdminApi, prepareAdminTables, recordContext, tapErrors } from './adminWiring.ts';
import type { D1Database } from './d1.ts';
import { json } from './d1.ts';
import { ensureAdminDatabase, ensureMainDatabase } from './seed.ts';
import { handleSignIn, handleSignOut } from './signIn.ts';
import { createSyncHandler } from './sync.ts';
import type { MutationErrorEvent, SyncConfig } from './syncTypes.ts';
import { createTokenService, tokenFrom, type TokenEnv, type TokenService } from './tokens.ts';

export interface Env extends TokenEnv {
  DB: D1Database;
  /** The admin-only deployment's database; falls back to DB. */
  ADMIN_DB?: D1Database;
  ASSETS?: { fetch(req: Request): Promise<Response> };
  ADMIN_TOKEN?: string;
  /** Comma-separated origins the admin API answers cross-origin (e.g. chrome-extension://<id>). */
  ADMIN_ALLOWED_ORIGINS?: string;
}

/** The app's own onError: keeps each event in D1 (the isolate may restart; D1 is the truth). */
function recordError(db: D1Database) {
  return async (e: MutationErrorEvent): Promise<void> => {
    const message = e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : String(e.cause);
    await db
      .prepare(
        `INSERT INTO _demo_errors (at, kind, client_group_id, client_id, mutation_id, mutation_name, message)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(Date.now(), e.kind, e.clientGroupID, e.clientID, e.mutationID, e.mutationName, message)
      .run();
  };
}

export interface MountOptions extends Partial<Pick<SyncConfig, 'unauthorizedBody'>> {
  demoAuth?: DemoAuthOptions;
}

export function syncFor(
  db: D1Database,
  basePath: string,
  tableDefs: typeof tables,
  tokens: TokenService,
  extra: MountOptions = {},
) {
  return createSyncHandler({
    db,
    basePath,
    schemaVersion: SCHEMA_VERSION,
    tables: tableDefs,
    mutators,
    auth: createDemoAuth(db, tokens, extra.demoAuth),
    onError: tapErrors(db, recordError(db)),
    onAuthenticated: (clientGroupID, _clientID, ctx) => recordContext(db, clientGroupID, ctx),
    ...(extra.unauthorizedBody ? { unauthorizedBody: extra.unauthorizedBody } : {}),
  });
}

/** 403 for a valid token whose role claim is not admin; undefined lets the sync handler decide. */
async function adminRoleGate(req: Request, tokens: TokenService): Promise<Response | undefined> {
  const token = tokenFrom(req);
  if (!token) return undefined;
  const claims = await tokens.verify(token).catch(() => undefined);
  if (!claims) return undefined;
  const role = typeof claims.role === 'string' ? claims.role : 'member';
  return role === 'admin'
    ? undefined
    : json(403, { error: 'forbidden', requiredRole: 'admin', role, details: { requiredRole: 'admin', role } });
}

export async function createApp(env: Env): Promise<(req: Request) => Promise<Response>> {
  const adminDb = env.ADMIN_DB ?? env.DB;
  await ensureMainDatabase(env.DB);
  await ensureAdminDatabase(adminDb);
  await prepareAdminTables(env.DB);
  if (adminDb !== env.DB) await prepareAdminTables(adminDb);
  const tokens = createTokenService(env);
  const sync = syncFor(env.DB, '/sync', tables, tokens);
  const adminSync = syncFor(adminDb, '/api/admin-sync', adminTables, tokens);
  const extraMounts = createExtraMounts(env.DB, tokens);
  const adminApi = createAdminApi({
    db: env.DB,
    schemaVersion: SCHEMA_VERSION,
    tables,
    secret: env.ADMIN_TOKEN,
    allowedOrigins: (env.ADMIN_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  });

  return async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/.well-known/jwks.json') {
      const jwks = tokens.publicJwks();
      return jwks ? json(200, jwks) : json(404, { error: 'not found' });
    }
    if (path === '/dev/health') return json(200, { ok: true, authMode: tokens.mode });
    if (path === '/dev/sign-in') return handleSignIn(req, tokens);
    if (path === '/dev/sign-out') return handleSignOut(req);
    if (path === '/sync/admin' || path.startsWith('/sync/admin/')) return adminApi(req);
    const synced = (await sync(req)) ?? (await extraMounts(req));
    if (synced) return synced;
    if (path.startsWith('/api/admin-sync/')) {
      const denied = await adminRoleGate(req, tokens);
      if (denied) return denied;
      const admin = await adminSync(req);
      if (admin) return admin;
    }
    return env.ASSETS ? env.ASSETS.fetch(req) : json(404, { error: 'not found' });
  };
}
