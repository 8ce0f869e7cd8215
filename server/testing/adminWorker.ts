// Test-only Worker that mounts the admin API the way an app does: bundled by workerd.test.ts with
// esbuild and run inside real workerd by Miniflare. Lives only as long as that test's Miniflare.

import { createAdminHandler, createErrorTap, ensureAdminTables, recordClientContext, type D1Like } from '../index.ts';

interface Env {
  DB: D1Like;
  ADMIN_SECRET: string;
  ADMIN_JWT_SECRET: string;
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
const tables = { todos: { auth: { read: (ctx: Ctx, row: { owner?: string }) => row.owner === ctx.userId } } };

class PlasmaAuthorizationError extends Error {
  override name = 'PlasmaAuthorizationError';
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname.startsWith('/sync/admin/')) {
      return createAdminHandler({ db: env.DB, schemaVersion: '3', tables, auth: { secret: env.ADMIN_SECRET } })(req);
    }
    if (url.pathname.startsWith('/api/plasma/admin/')) {
      return createAdminHandler({
        db: env.DB, basePath: '/api/plasma', schemaVersion: '3', tables,
        auth: { jwt: { secret: env.ADMIN_JWT_SECRET, requiredClaim: { name: 'role', value: 'admin' } } },
      })(req);
    }
    // Stands in for the app's sync handler: what its auth() and onError would call.
    if (url.pathname === '/sync/simulate') {
      await ensureAdminTables(env.DB);
      await recordClientContext(env.DB, 'g-alice', { userId: 'alice' });
      const seen: string[] = [];
      const onError = createErrorTap<SyncErrorEvent>(env.DB, (e) => { seen.push(e.mutationName); });
      await onError({
        kind: 'mutation-error', clientGroupID: 'g-alice', clientID: 'c1', mutationID: 4, mutationName: 'updateTodo',
        cause: new PlasmaAuthorizationError('todos.write'),
      });
      return Response.json({ nextCalledWith: seen });
    }
    return new Response('not found', { status: 404 });
  },
};
