// The demo's scenarios (?scenario=): each one produces one kind of plasma auth outcome on purpose,
// then runs a first sync round. main.ts marks the page ready when the returned promise settles.

import { adminTables } from '../app/schema.ts';
import type { PlasmaClient, PlasmaClientOptions } from '../client/index.ts';
import { authScenarios } from './authScenarios.ts';
import type { ScenarioName } from './config.ts';
import { urlOf } from '../app/text.ts';

export interface SignInOptions {
  role?: string;
  ttlSeconds?: number;
  notBeforeSeconds?: number;
  audience?: string;
  mode?: 'bearer' | 'cookie';
  /** Sign in as another user than the page's ?user= (an identity switch). */
  userId?: string;
}

export interface ClientOverrides extends Partial<PlasmaClientOptions> {
  /** Names the client in the error log; "main" is the page's own client (bridge, lists). */
  label?: string;
}

export interface DemoContext {
  user: string;
  dbName: string;
  signIn(opts?: SignInOptions): Promise<unknown>;
  createClient(over?: ClientOverrides): PlasmaClient;
  /** The bearer header for the token held right now ({} when signed out). */
  currentAuthHeaders(): Record<string, string>;
}

const HOUR = 3600;

function createTodo(ctx: DemoContext, client: PlasmaClient, title: string): Promise<number> {
  return client.mutate('createTodo', { id: crypto.randomUUID(), owner: ctx.user, title, at: Date.now() });
}

/** Sign in (or not), create one todo, push, pull, then keep syncing in the background. */
async function todoRound(ctx: DemoContext, signIn: SignInOptions | null, over: ClientOverrides = {}): Promise<void> {
  if (signIn) await ctx.signIn(signIn);
  const client = ctx.createClient(over);
  await createTodo(ctx, client, `Todo from ${ctx.user}`);
  await client.pushOnce();
  await client.pullOnce();
  client.start();
}

export const scenarios: Record<ScenarioName, (ctx: DemoContext) => Promise<void>> = {
  healthy: (ctx) => todoRound(ctx, { ttlSeconds: HOUR }),
  'no-credentials': (ctx) => todoRound(ctx, null, { authHeaders: () => ({}) }),
  'expired-token': (ctx) => todoRound(ctx, { ttlSeconds: -60 }),
  'wrong-audience': (ctx) => todoRound(ctx, { ttlSeconds: HOUR, audience: 'some-other-api' }),
  'schema-mismatch': (ctx) => todoRound(ctx, { ttlSeconds: HOUR }, { schemaVersion: '2' }),
  'cookie-session': (ctx) =>
    todoRound(ctx, { ttlSeconds: HOUR, mode: 'cookie' }, { authHeaders: () => ({}), credentials: 'include' }),

  async 'token-race'(ctx) {
    // The bug on purpose: authHeaders closes over the headers read before sign-in finished.
    const captured = ctx.currentAuthHeaders();
    const signingIn = ctx.signIn({ ttlSeconds: HOUR });
    const client = ctx.createClient({ authHeaders: () => captured });
    client.start();
    await createTodo(ctx, client, `Todo from ${ctx.user}`);
    await signingIn;
    await client.idle();
  },

  async 'stale-role'(ctx) {
    await ctx.signIn({ ttlSeconds: HOUR, role: 'member' });
    const client = ctx.createClient();
    await client.pullOnce();
    client.start();
    const admin = ctx.createClient({
      label: 'admin',
      basePath: '/api/admin-sync',
      dbName: `${ctx.dbName}-admin`,
      tables: adminTables,
    });
    await admin.mutate('addAuditNote', {
      id: crypto.randomUUID(),
      text: 'checked the board',
      author: ctx.user,
      at: Date.now(),
    });
    await admin.pushOnce();
    await admin.pullOnce();
    admin.start();
  },

  async 'silent-revert'(ctx) {
    await ctx.signIn({ ttlSeconds: HOUR });
    const client = ctx.createClient();
    await client.pullOnce(); // brings todo-bob-1 into the base store
    await client.mutate('updateTodo', { id: 'todo-bob-1', title: 'edited by alice', at: Date.now() });
    await client.pushOnce(); // 200: the server rolls it back (todos.write) and advances last_mutation_id
    await client.pullOnce(); // drops the outbox entry; the row reverts
    client.start();
  },

  async 'filtered-read'(ctx) {
    await ctx.signIn({ ttlSeconds: HOUR });
    const client = ctx.createClient();
    await client.pullOnce(); // red-team rows are filtered by board_items.read and never arrive
    client.start();
  },

  async 'too-many-mutations'(ctx) {
    await ctx.signIn({ ttlSeconds: HOUR });
    const client = ctx.createClient();
    client.stop(); // keep sync off so all 250 go out in one push
    for (let i = 0; i < 250; i++) await client.mutate('touch', {});
    await client.pushOnce(); // 413: more than maxMutationsPerPush (200)
  },

  async 'stuck-queue'(ctx) {
    await ctx.signIn({ ttlSeconds: HOUR });
    // The bug on purpose: every push waits on something that never settles (as a token refresh
    // that hangs would), so no push goes out while the pull loop keeps running.
    const never = new Promise<Response>(() => undefined);
    const client = ctx.createClient({
      fetch: (input, init) => (urlOf(input).includes('/push') ? never : fetch(input, init)),
    });
    await client.pullOnce();
    await createTodo(ctx, client, `Todo from ${ctx.user}`);
    client.start();
  },

  async starving(ctx) {
    await ctx.signIn({ ttlSeconds: HOUR });
    // The bug on purpose: something between the network and the client (a caching service worker,
    // a proxy) hands every pull back with its patch emptied, while the cookie still advances.
    const client = ctx.createClient({
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (!urlOf(input).includes('/pull') || !res.ok) return res;
        const body: unknown = await res
          .clone()
          .json()
          .catch(() => null);
        if (typeof body !== 'object' || body === null) return res;
        return new Response(JSON.stringify({ ...body, patch: [] }), { status: res.status, headers: res.headers });
      },
    });
    for (let i = 1; i <= 8; i++) await createTodo(ctx, client, `Todo ${i} from ${ctx.user}`);
    await client.pushOnce();
    await client.pullOnce(); // the outbox entries drop; the todos never reach the base store
    client.start();
  },

  ...authScenarios,
};
