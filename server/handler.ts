// The admin API request handler an app mounts in its Worker (or any Request/Response server).
// Per request: CORS, method, bearer auth, then one read-only route over the app's D1 database.
// The only POSTs are the opt-in dry-run routes, which run app hooks on a read-only view of the DB.

import type { AuthExpectations } from '../shared/admin/authLog.ts';
import { createAuthenticator, type AdminAuthConfig } from './auth.ts';
import { corsHeaders, isAllowedOrigin, preflightHeaders } from './cors.ts';
import type { D1Like } from './d1.ts';
import type { DryRunHooks } from './dryRun.ts';
import { normaliseExpectations } from './expectations.ts';
import { badRequest, json } from './http.ts';
import { authLogRoute } from './routes/authLog.ts';
import { changesRoute } from './routes/changes.ts';
import { clientsRoute } from './routes/clients.ts';
import { dryRunReplayRoute, dryRunReadRoute } from './routes/dryRun.ts';
import { errorsRoute } from './routes/errors.ts';
import { infoRoute } from './routes/info.ts';
import { rowsRoute, type AdminTables } from './routes/rows.ts';

export interface AdminConfig<Db extends D1Like = D1Like> {
  db: Db;
  /** The sync handler's base path; the admin API lives under `${basePath}/admin/`. Default `/sync`. */
  basePath?: string;
  schemaVersion: string;
  tables: AdminTables;
  auth: AdminAuthConfig;
  /** Origins allowed to read responses cross-origin (e.g. `chrome-extension://<id>`). Never `*`. */
  allowedOrigins?: string[];
  /** What the app's own auth() expects of tokens; `/info` reports it under `auth`. */
  authExpectations?: AuthExpectations;
  /**
   * Enables POST /dry-run/replay and /dry-run/read: the app's mutators and read predicates run for
   * another identity, never committed. Off (404 "dry run not enabled") unless given. See dryRun.ts.
   */
  dryRun?: DryRunHooks<Db>;
}

// Not `/dry-run/push`: the auth tap (and other path-suffix classifiers) would take it for a sync push.
const DRY_RUN_ROUTES = new Set(['/dry-run/replay', '/dry-run/read']);

export function normaliseBasePath(basePath: string | undefined): string {
  const raw = basePath ?? '/sync';
  const trimmed = raw.replace(/\/+$/, '');
  if (trimmed !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) throw new Error(`admin: bad basePath ${raw}`);
  return trimmed;
}

const UNAUTHORIZED = () => json(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });

async function route<Db extends D1Like>(
  config: AdminConfig<Db>,
  info: Parameters<typeof infoRoute>[1],
  sub: string,
  params: URLSearchParams,
): Promise<Response> {
  const { db } = config;
  switch (sub) {
    case '/info':
      return infoRoute(db, info);
    case '/changes':
      return changesRoute(db, params);
    case '/clients':
      return clientsRoute(db, params);
    case '/errors':
      return errorsRoute(db, params);
    case '/auth-log':
      return authLogRoute(db, params);
  }
  const parts = sub.startsWith('/rows/') ? sub.slice('/rows/'.length).split('/') : [];
  if (parts.length !== 2) return json(404, { error: 'not found' });
  let table: string, id: string;
  try {
    [table, id] = parts.map((p) => decodeURIComponent(p)) as [string, string];
  } catch {
    return badRequest('malformed percent-encoding in path');
  }
  return rowsRoute(db, config.tables, table, id, params);
}

export function createAdminHandler<Db extends D1Like>(config: AdminConfig<Db>): (req: Request) => Promise<Response> {
  const basePath = normaliseBasePath(config.basePath);
  const prefix = `${basePath}/admin/`;
  const allowed = config.allowedOrigins ?? [];
  if (allowed.includes('*')) throw new Error('admin: allowedOrigins may not contain "*"');
  const authenticate = createAuthenticator(config.auth);
  const auth = config.authExpectations ? normaliseExpectations(config.authExpectations) : undefined;
  const info = {
    schemaVersion: config.schemaVersion,
    basePath,
    tables: Object.keys(config.tables),
    ...(auth ? { auth } : {}),
    // Tells the panel the dry-run routes answer, so it offers "Replay as…" only where they do.
    ...(config.dryRun ? { dryRun: true } : {}),
  };

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (!url.pathname.startsWith(prefix)) return json(404, { error: 'not found' });
    const origin = req.headers.get('origin');
    if (req.method === 'OPTIONS') {
      // Preflights carry no credentials; answer them only for origins on the list.
      if (!isAllowedOrigin(origin, allowed)) return json(403, { error: 'origin not allowed' });
      return new Response(null, {
        status: 204,
        headers: preflightHeaders(origin, allowed, { post: config.dryRun !== undefined }),
      });
    }
    const sub = url.pathname.slice(prefix.length - 1);
    const dryRun = DRY_RUN_ROUTES.has(sub);
    if (dryRun ? req.method !== 'POST' : req.method !== 'GET') {
      return json(405, { error: 'method not allowed' }, { allow: dryRun ? 'POST, OPTIONS' : 'GET, OPTIONS' });
    }

    const outcome = await authenticate(req);
    if (outcome === 'unauthorized') return UNAUTHORIZED();
    if (outcome === 'forbidden') return json(403, { error: 'forbidden' });
    if (outcome === 'unavailable') return json(503, { error: 'auth unavailable' });
    try {
      if (dryRun) {
        if (!config.dryRun) return json(404, { error: 'dry run not enabled' });
        return sub === '/dry-run/replay'
          ? await dryRunReplayRoute(config.db, config.dryRun, req)
          : await dryRunReadRoute(config.db, config.dryRun, Object.keys(config.tables), req);
      }
      return await route(config, info, sub, url.searchParams);
    } catch (err) {
      // D1's text can name tables, columns and values: it goes to the server log, not to the caller.
      console.error(`plasma admin: ${url.pathname} failed`, err);
      return json(500, { error: 'internal error' });
    }
  }

  return async (req) => {
    const res = await handle(req);
    for (const [k, v] of Object.entries(corsHeaders(req.headers.get('origin'), allowed))) res.headers.set(k, v);
    return res;
  };
}
