// The demo app's browser entry, bundled by the reference app launcher as /app.js and served on the
// same origin as the sync endpoint. Runs for the page's lifetime: signs in via /dev/sign-in, runs
// the ?scenario=, syncs through the reference plasma client and exposes window.__demo for tests.

import { demoUsers, mutators, SCHEMA_VERSION, tables } from '../app/schema.ts';
import { attachDevtoolsBridge, createPlasmaClient, type PlasmaClient } from '../client/index.ts';
import { parseDemoConfig } from './config.ts';
import { scenarios, type ClientOverrides, type DemoContext, type SignInOptions } from './scenarios.ts';
import { createDemoUi } from './ui.ts';

interface SignInResult {
  token: string;
  claims: Record<string, unknown>;
}

export interface DemoHandle {
  client: PlasmaClient | null;
  clients: PlasmaClient[];
  ready: Promise<void>;
  scenario: string;
  signIn(opts?: SignInOptions): Promise<SignInResult>;
  mutate(name: string, args: Record<string, unknown>): Promise<number>;
}

declare global {
  interface Window {
    __demo?: DemoHandle;
  }
}

const config = parseDemoConfig(location.search);
const team = demoUsers[config.user]?.teams[0] ?? 'blue';
let token: string | null = null;
const currentAuthHeaders = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

function mainClient(): PlasmaClient {
  if (!demo.client) throw new Error('the sync client has not started yet');
  return demo.client;
}

const ui = createDemoUi(
  document.getElementById('app') ?? document.body,
  { ...config },
  {
    addTodo: (title) =>
      mainClient().mutate('createTodo', { id: crypto.randomUUID(), owner: config.user, title, at: Date.now() }),
    toggleTodo: (id, done) => mainClient().mutate('updateTodo', { id, done, at: Date.now() }),
    editTodo: (id, title) => mainClient().mutate('updateTodo', { id, title, at: Date.now() }),
    addBoardItem: (text) =>
      mainClient().mutate('addBoardItem', { id: crypto.randomUUID(), team, text, author: config.user, at: Date.now() }),
    pushNow: () => mainClient().pushOnce(),
    pullNow: () => mainClient().pullOnce(),
  },
);

async function signIn(opts: SignInOptions = {}): Promise<SignInResult> {
  ui.setSignIn('signing in…', 'signing-in');
  const res = await fetch('/dev/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: config.user, ...opts }),
    credentials: 'same-origin',
  });
  if (!res.ok) {
    ui.setSignIn(`sign-in failed (${res.status})`, 'failed');
    throw new Error(`sign-in failed with ${res.status}`);
  }
  const result = (await res.json()) as SignInResult;
  token = opts.mode === 'cookie' ? null : result.token; // a cookie session sends no header
  const role = typeof result.claims.role === 'string' ? result.claims.role : 'member';
  ui.setSignIn(
    `signed in as ${opts.userId ?? config.user} (${role}${opts.mode === 'cookie' ? ', cookie session' : ''})`,
    'signed-in',
  );
  return result;
}

function createClient(over: ClientOverrides = {}): PlasmaClient {
  const { label = 'main', ...options } = over;
  const client = createPlasmaClient({
    endpoint: location.origin,
    dbName: config.dbName,
    clientGroupID: config.clientGroupID,
    schemaVersion: SCHEMA_VERSION,
    tables,
    mutators,
    authHeaders: currentAuthHeaders,
    pollMs: config.pollMs,
    retry: { attempts: 5, baseMs: 100, maxMs: 2000 }, // small, so scenarios settle in seconds
    onError: (e) => ui.addError(label, e),
    ...options,
  });
  demo.clients.push(client);
  if (label !== 'main') return client;
  demo.client = client;
  client.subscribe('todos', ui.setTodos);
  client.subscribe('board_items', ui.setBoard);
  const refresh = (): void => {
    client.snapshot().then(
      (s) => ui.setOutbox(s.outbox.length),
      () => undefined,
    );
  };
  client.observe((e) => {
    if (e.kind === 'push' || e.kind === 'pull') ui.setSync(`${e.kind} ${e.status ?? 'network error'}`);
    if (e.kind === 'mutate' || e.kind === 'rebase' || e.kind === 'push') refresh();
  });
  attachDevtoolsBridge(client, { window });
  return client;
}

const ctx: DemoContext = { user: config.user, dbName: config.dbName, signIn, createClient, currentAuthHeaders };

const demo: DemoHandle = {
  client: null,
  clients: [],
  scenario: config.scenario,
  ready: Promise.resolve(),
  signIn,
  mutate: (name, args) => mainClient().mutate(name, args),
};
window.__demo = demo;

demo.ready = scenarios[config.scenario](ctx).then(
  () => {
    document.body.dataset.state = 'ready';
  },
  (e: unknown) => {
    ui.logLocal(`scenario ${config.scenario} failed: ${e instanceof Error ? e.message : String(e)}`);
    document.body.dataset.state = 'failed';
  },
);
