// Scenarios shaped unlike the first ones, so the panel is judged on apps it was not written
// against: other base paths and error bodies, time that runs out or runs differently on the
// server, a user switch with work still queued, and the token race with an empty bearer.

import type { PlasmaClient } from '../client/index.ts';
import type { ClientOverrides, DemoContext } from './scenarios.ts';

const HOUR = 3600;

function createTodo(ctx: DemoContext, client: PlasmaClient, title: string): Promise<number> {
  return client.mutate('createTodo', { id: crypto.randomUUID(), owner: ctx.user, title, at: Date.now() });
}

/** A second client of this page on another mount: its own database and client group. */
function mountClient(ctx: DemoContext, label: string, basePath: string, over: ClientOverrides = {}): PlasmaClient {
  return ctx.createClient({
    label,
    basePath,
    dbName: `${ctx.dbName}-${label}`,
    clientGroupID: `cg-${ctx.user}-${label}`,
    ...over,
  });
}

/** The page's own client, signed in with a bearer and syncing: the healthy part of each scenario. */
async function healthyMain(ctx: DemoContext): Promise<void> {
  await ctx.signIn({ ttlSeconds: HOUR });
  const main = ctx.createClient();
  await main.pullOnce();
  main.start();
}

/** Resolves when `client` reports an HTTP failure with `status` (after its retries). */
function failureOf(client: PlasmaClient, status: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = client.observe((e) => {
      if (
        e.kind === 'error' &&
        (e.error.kind === 'pull-http' || e.error.kind === 'push-http') &&
        e.error.status === status
      ) {
        stop();
        resolve();
      }
    });
  });
}

export const authScenarios = {
  /** /api/v2/plasma: cookie sessions only; its 401 body points at a sign-in page. Syncs before signing in. */
  async 'cookie-mount'(ctx: DemoContext): Promise<void> {
    await healthyMain(ctx);
    const v2 = mountClient(ctx, 'v2', '/api/v2/plasma', { authHeaders: () => ({}), credentials: 'same-origin' });
    await v2.pullOnce(); // 401 { message, login: { url } } after its retries
    const res = await fetch('/api/v2/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: ctx.user, mode: 'cookie' }),
    });
    if (!res.ok) throw new Error(`v2 sign-in failed with ${res.status}`);
    await v2.pullOnce(); // the browser now sends the mount's cookie
    v2.start();
  },

  /** /api/reports-sync answers 403 in JSON:API's shape, naming a scope the token lacks. */
  async 'forbidden-scope'(ctx: DemoContext): Promise<void> {
    await healthyMain(ctx);
    const reports = mountClient(ctx, 'reports', '/api/reports-sync');
    await reports.pullOnce();
  },

  /** A short-lived token: accepted for a few seconds, then every request is refused. */
  async 'expires-mid-session'(ctx: DemoContext): Promise<void> {
    await ctx.signIn({ ttlSeconds: 3 });
    const client = ctx.createClient();
    const refused = failureOf(client, 401);
    await createTodo(ctx, client, `Todo from ${ctx.user}`);
    await client.pushOnce();
    await client.pullOnce();
    client.start();
    await refused;
  },

  /** /api/skewed-sync runs 5 min ahead: a token with 2 min left has expired there. */
  async 'server-clock-ahead'(ctx: DemoContext): Promise<void> {
    await ctx.signIn({ ttlSeconds: 120 });
    const main = ctx.createClient();
    await main.pullOnce();
    main.start();
    const skewed = mountClient(ctx, 'skewed', '/api/skewed-sync');
    await skewed.pullOnce();
  },

  /** Alice queues work offline, then Bob signs in in the same tab and the same client group. */
  async 'identity-switch'(ctx: DemoContext): Promise<void> {
    await ctx.signIn({ ttlSeconds: HOUR });
    const client = ctx.createClient();
    await client.pullOnce(); // the client group is now alice's
    client.stop();
    await createTodo(ctx, client, 'queued by alice 1');
    await createTodo(ctx, client, 'queued by alice 2');
    await ctx.signIn({ ttlSeconds: HOUR, userId: 'bob' });
    await client.pushOnce(); // alice's outbox, pushed with bob's token
  },

  /** The token race with an empty bearer: `Bearer ${token}` read once, before the token existed. */
  async 'token-race-empty-bearer'(ctx: DemoContext): Promise<void> {
    const tokenAtBoot = ctx.currentAuthHeaders().authorization?.replace(/^Bearer /, '') ?? '';
    const signingIn = ctx.signIn({ ttlSeconds: HOUR });
    const client = ctx.createClient({ authHeaders: () => ({ authorization: `Bearer ${tokenAtBoot}` }) });
    client.start();
    await createTodo(ctx, client, `Todo from ${ctx.user}`);
    await signingIn;
    await client.idle();
  },
} satisfies Record<string, (ctx: DemoContext) => Promise<void>>;
