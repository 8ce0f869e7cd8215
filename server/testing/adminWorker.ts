// Test-only Worker that mounts the admin API and the taps the way an app does: bundled by
// workerd.test.ts with esbuild and run inside real workerd by Miniflare. Handlers are built once
// per isolate (the mounting pattern server/README.md documents), never per request.

import { decodeJwt } from 'jose';
import {
  createAdminHandler,
  createErrorTap,
  ensureAdminTables,
  recordClientContext,
  tapAuth,
  type D1Like,
} from '../index.ts';

interface Env {
  DB: D1Like;
  ADMIN_SECRET: string;
  ADMIN_JWT_SECRET: string;
  /** A JWKS served by the test process, for the once-per-isolate key-set cache check. */
  JWKS_URL: string;
}

type Ctx = { userId: string };
/** The shape of the sync server's onError event (plasma-protocol.md §2). */
interface SyncErrorEvent {
  kind: string;
  clientGroupID: string;
  clientID: string;
  mutationID: number;
  mutationName: string;
  cause: unknown;
}
type AuthResult = { ok: true; clientGroupID: string; clientID: string; ctx: Ctx } | { ok: false; reason: string };
const tables = { todos: { auth: { read: (ctx: Ctx, row: { owner?: string }) => row.owner === ctx.userId } } };

class PlasmaAuthorizationError extends Error {
  override name = 'PlasmaAuthorizationError';
}

/** The app's auth(): a bearer JWT whose sub is not revoked (signature checks are the app's business). */
function appAuth(req: Request): Promise<AuthResult> {
  // A throw (a token that is not a JWT) rejects, as it would from an async auth().
  return Promise.resolve(req).then(decide);
}

function decide(req: Request): AuthResult {
  const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
  if (!token) return { ok: false, reason: 'no credentials' };
  const sub = decodeJwt(token).sub;
  if (sub === undefined || sub === 'mallory') return { ok: false, reason: `user ${sub ?? '?'} is revoked` };
  const url = new URL(req.url);
  return {
    ok: true,
    clientGroupID: url.searchParams.get('clientGroupID') ?? '',
    clientID: url.searchParams.get('clientID') ?? '',
    ctx: { userId: sub },
  };
}

/** Stands in for plasma's createSyncHandler, with an app-level role gate that answers 403. */
function createSyncHandler(cfg: { auth: (req: Request) => Promise<AuthResult> }) {
  return async (req: Request): Promise<Response | undefined> => {
    const path = new URL(req.url).pathname;
    if (path !== '/sync/pull' && path !== '/admin-sync/pull') return undefined;
    const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
    if (path === '/admin-sync/pull' && token && decodeJwt(token).role !== 'admin') {
      return Response.json({ error: 'forbidden', requiredRole: 'admin' }, { status: 403 });
    }
    const result = await cfg.auth(req);
    return result.ok
      ? Response.json({ cookie: null, patch: [], lastMutationIDs: {} })
      : Response.json({ error: 'unauthorized' }, { status: 401 });
  };
}

function createApp(env: Env) {
  const jwt = {
    secret: env.ADMIN_JWT_SECRET,
    issuer: 'https://issuer.test',
    audience: 'plasma-admin',
    requiredClaim: { name: 'role', value: 'admin' },
  };
  return {
    admin: createAdminHandler({
      db: env.DB,
      schemaVersion: '3',
      tables,
      auth: { secret: env.ADMIN_SECRET },
      authExpectations: {
        issuer: 'https://issuer.test',
        audience: 'plasma-sync',
        algorithms: ['HS256'],
        requiredRoles: ['member'],
      },
    }),
    customAdmin: createAdminHandler({ db: env.DB, basePath: '/api/plasma', schemaVersion: '3', tables, auth: { jwt } }),
    jwksAdmin: createAdminHandler({
      db: env.DB,
      basePath: '/jwks',
      schemaVersion: '3',
      tables,
      auth: {
        jwt: {
          jwksUrl: env.JWKS_URL,
          issuer: 'https://issuer.test',
          audience: 'plasma-admin',
          requiredClaim: jwt.requiredClaim,
        },
      },
    }),
    sync: tapAuth(env.DB, createSyncHandler, { maxEntries: 50 })({ auth: appAuth }),
  };
}

export default (() => {
  let app: ReturnType<typeof createApp> | undefined;
  return {
    async fetch(req: Request, env: Env): Promise<Response> {
      app ??= createApp(env);
      const url = new URL(req.url);
      if (url.pathname.startsWith('/sync/admin/')) return app.admin(req);
      if (url.pathname.startsWith('/api/plasma/admin/')) return app.customAdmin(req);
      if (url.pathname.startsWith('/jwks/admin/')) return app.jwksAdmin(req);
      // Stands in for the app's sync handler: what its auth() and onError would call.
      if (url.pathname === '/sync/simulate') {
        await ensureAdminTables(env.DB);
        await recordClientContext(env.DB, 'g-alice', { userId: 'alice' });
        const seen: string[] = [];
        const onError = createErrorTap<SyncErrorEvent>(env.DB, (e) => {
          seen.push(e.mutationName);
        });
        await onError({
          kind: 'mutation-error',
          clientGroupID: 'g-alice',
          clientID: 'c1',
          mutationID: 4,
          mutationName: 'updateTodo',
          cause: new PlasmaAuthorizationError('todos.write'),
        });
        return Response.json({ nextCalledWith: seen });
      }
      return (await app.sync(req)) ?? new Response('not found', { status: 404 });
    },
  };
})();
