// The admin client against the real admin handler on a real D1 (Miniflare), through an injected
// fetch; timers are driven by hand so nothing sleeps.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdminHandler, createErrorTap, ensureAdminTables, recordClientContext } from '../../server/index.ts';
import { createPlasmaTables, startD1, type TestD1 } from '../../server/testing/fixtures.ts';
import { tables } from '../../e2e/reference-app/app/schema.ts';
import { createSecret } from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { startAdminClient, type AdminClientDeps } from './client.ts';
import { applyAdminMessage } from './reducer.ts';
import { createAdminSlice, rowCheckKey, type AdminSlice } from './slice.ts';
import { STORAGE_KEY, type AdminStorage } from './storage.ts';
import { manualTimers } from './testTimers.ts';

const TOKEN = 'test-only-admin-client-secret';
const BASE = 'http://app.test/sync/admin';
let d1: TestD1;
let handler: (r: Request) => Promise<Response>;
let todo = 0;

async function addTodos(n: number) {
  for (let i = 0; i < n; i++) {
    const id = `t${++todo}`;
    await d1.db
      .prepare('INSERT INTO todos (id, owner, title, done, updatedAt) VALUES (?, ?, ?, 0, 1)')
      .bind(id, 'alice', `Todo ${id}`)
      .run();
  }
}

type Mode = 'up' | 'down' | 'cors' | 'html';
function setup(over: Partial<AdminClientDeps> & { maxChanges?: number } = {}) {
  const slice: AdminSlice = createAdminSlice({ maxChanges: over.maxChanges ?? 100 });
  const dispatched: CaptureMessage[] = [];
  const dispatch = (m: CaptureMessage) => (dispatched.push(m), applyAdminMessage(slice, m));
  const paths: string[] = [];
  const state = { mode: 'up' as Mode };
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString();
    if (state.mode === 'down') throw new TypeError('Failed to fetch');
    if (state.mode === 'cors') {
      // As browsers do: a no-cors request may only follow redirects.
      if (init?.mode === 'no-cors' && init.redirect && init.redirect !== 'follow')
        throw new TypeError('no-cors needs redirect: follow');
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    }
    if (state.mode === 'html') return new Response('<!doctype html><title>app</title>', { status: 200 });
    paths.push(url.slice(url.indexOf('/sync/admin') + '/sync/admin'.length));
    return handler(new Request(url, { headers: init?.headers }));
  }) as typeof fetch;
  const timers = manualTimers();
  const client = startAdminClient(slice, dispatch, {
    fetch: fetchFn,
    suggestBaseUrl: () => BASE,
    timers,
    pageLimit: 2,
    extensionOrigin: 'chrome-extension://abc',
    ...over,
  });
  const settle = (credential: string | null, baseUrl = BASE, persist = false) =>
    dispatch({
      type: 'adminSettings',
      baseUrl,
      credential: credential === null ? null : createSecret(credential, baseUrl),
      persist,
    });
  return { slice, client, dispatched, paths, state, timers, settle };
}

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  handler = createAdminHandler({ db: d1.db, basePath: '/sync', schemaVersion: '7', tables, auth: { secret: TOKEN } });
});
afterAll(() => d1.dispose());

describe('startAdminClient over the real handler', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });
  afterEach(() => t.client.dispose());

  it('connects, walks /changes in pages, and never refetches what it holds', async () => {
    await d1.db.prepare('DELETE FROM todos').run();
    await addTodos(5);
    const max = (await d1.db.prepare('SELECT MAX(row_version) AS m FROM _plasma_changes').first<{ m: number }>())!.m;
    t.settle(TOKEN);
    const r = await t.client.connect();
    expect(r.state).toBe('ok');
    expect(r.message).toContain('schema version 7');
    expect(t.slice.info.value?.tables).toContain('todos');
    const held = t.slice.changes.value;
    expect(held.map((c) => c.rowVersion)).toEqual([...held.map((c) => c.rowVersion)].sort((a, b) => a - b));
    expect(held.at(-1)!.rowVersion).toBe(max);
    expect(new Set(held.map((c) => c.rowVersion)).size).toBe(held.length);
    const sinces = t.paths
      .filter((p) => p.startsWith('/changes'))
      .map((p) => Number(new URL(`http://x${p}`).searchParams.get('since')));
    // Each page asks from where the last one ended: no since is asked twice.
    expect(new Set(sinces).size).toBe(sinces.length);
    expect(t.paths[0]).toBe('/info');
    expect(t.paths.indexOf('/clients')).toBeLessThan(t.paths.findIndex((p) => p.startsWith('/changes')));

    t.paths.length = 0;
    await t.client.pollNow();
    expect(t.paths.filter((p) => p.startsWith('/changes'))).toEqual([`/changes?since=${max}&limit=2`]);

    await addTodos(3);
    t.client.refresh();
    expect(t.timers.fire(300)).toBe(1); // the debounce
    await t.client.pollNow();
    expect(t.slice.changes.value.length).toBe(held.length + 3);
    expect(t.slice.changes.value.filter((c) => c.id === `t${todo}`)).toHaveLength(1);
  });

  it('polls on the cadence only after a successful connect', async () => {
    t.settle('wrong');
    expect((await t.client.connect()).state).toBe('unauthorized');
    expect(t.timers.has(2000)).toBe(false);
    t.settle(TOKEN);
    await t.client.connect();
    expect(t.timers.has(2000)).toBe(true);
  });

  it('a wrong credential, then the server going down, keep what was fetched and say why', async () => {
    await addTodos(1);
    t.settle(TOKEN);
    await t.client.connect();
    const held = t.slice.changes.value.length;
    expect(held).toBeGreaterThan(0);

    t.settle('not-the-token');
    const r401 = await t.client.connect();
    expect(r401).toMatchObject({ state: 'unauthorized' });
    expect(r401.message).toMatch(/missing or wrong/);
    expect(t.slice.changes.value.length).toBe(held);

    t.settle(TOKEN);
    await t.client.connect();
    t.state.mode = 'down';
    await t.client.pollNow();
    expect(t.slice.reachability.value.state).toBe('network');
    expect(t.slice.changes.value.length).toBe(held);
    expect(t.slice.server.value.adminAvailable).toBe(true);

    t.state.mode = 'up';
    await t.client.pollNow();
    expect(t.slice.reachability.value.state).toBe('ok');
  });

  it.each([
    ['cors', 'cors', /chrome-extension:\/\/abc.*host access to http:\/\/app\.test/],
    ['down', 'network', /is the server running/],
    ['html', 'not-json', /HTML page/],
  ] as const)('reachability: %s', async (mode, state, message) => {
    t.settle(TOKEN);
    t.state.mode = mode;
    const r = await t.client.connect();
    expect(r.state).toBe(state);
    expect(r.message).toMatch(message);
    if (mode === 'cors') expect(r.grantOrigin).toBe('http://app.test');
  });

  it.each([
    [null, 'unauthorized'],
    [TOKEN, 'not-found', 'http://app.test/wrong/admin'],
  ])('credential %s at %s', async (cred, state, url = BASE) => {
    t.settle(cred, url);
    expect((await t.client.connect()).state).toBe(state);
  });

  it('errors: null without the tap, listed by id once it is installed', async () => {
    t.settle(TOKEN);
    await t.client.connect();
    expect(t.slice.errors.value).toBeNull();
    await ensureAdminTables(d1.db);
    const tap = createErrorTap(d1.db);
    for (let i = 1; i <= 3; i++)
      await tap({
        kind: 'mutation',
        clientGroupID: 'cg-alice',
        clientID: 'c1',
        mutationID: i,
        mutationName: 'createTodo',
        cause: Object.assign(new Error('todos.write'), { name: 'PlasmaAuthorizationError' }),
      });
    await t.client.pollNow();
    expect(t.slice.errors.value?.map((e) => e.mutationID)).toEqual([1, 2, 3]);
    expect(t.slice.errors.value?.[0]?.message).toBe('PlasmaAuthorizationError: todos.write');
    await t.client.pollNow();
    expect(t.slice.errors.value).toHaveLength(3);
  });

  it('checkRow asks /rows with ?as= and lands in rowChecks and server.rows', async () => {
    await ensureAdminTables(d1.db);
    await addTodos(1);
    await recordClientContext(d1.db, 'cg-alice', { sub: 'alice', teams: [] });
    t.settle(TOKEN);
    await t.client.connect();
    await t.client.checkRow('todos', `t${todo}`, 'cg-alice');
    const check = t.slice.rowChecks.value.get(rowCheckKey('todos', `t${todo}`, 'cg-alice'));
    expect(check).toMatchObject({ state: 'done', answer: { readable: true, row: { id: `t${todo}` } } });
    expect(t.slice.server.value.rows).toEqual([
      expect.objectContaining({ table: 'todos', id: `t${todo}`, readable: true }),
    ]);
    await t.client.checkRow('nope', 'x', 'cg-alice');
    expect(t.slice.rowChecks.value.get(rowCheckKey('nope', 'x', 'cg-alice'))).toMatchObject({ state: 'failed' });
  });

  it('a log longer than the buffer: reading starts late, then drops the oldest and says where it starts', async () => {
    t.client.dispose();
    t = setup({ maxChanges: 3 });
    await addTodos(4);
    t.settle(TOKEN);
    await t.client.connect();
    const max = t.slice.maxRowVersion.value!;
    expect(t.slice.changes.value.map((c) => c.rowVersion)).toEqual([max - 2, max - 1, max]);
    expect(t.slice.knownFromRowVersion.value).toBe(max - 2);
    await addTodos(2);
    await t.client.pollNow();
    expect(t.slice.changeLog.value.dropped).toBe(2);
    expect(t.slice.knownFromRowVersion.value).toBe(max);
    expect(t.slice.changes.value.map((c) => c.rowVersion)).toEqual([max, max + 1, max + 2]);
    expect(t.slice.server.value.knownFromRowVersion).toBe(max);
  });

  it('captured traffic triggers a debounced refresh', async () => {
    let notify: (v: unknown) => void = () => {};
    t.client.dispose();
    t = setup({ traffic: { subscribe: (fn) => ((notify = fn), () => {}) } });
    t.settle(TOKEN);
    await t.client.connect();
    notify(1);
    notify(2);
    expect(t.timers.fire(300)).toBe(1);
  });
});

describe('the credential', () => {
  function memoryStorage(): AdminStorage & { data: Record<string, unknown> } {
    const data: Record<string, unknown> = {};
    return {
      data,
      get: (k) => Promise.resolve(k in data ? { [k]: data[k] } : {}),
      set: (items) => {
        Object.assign(data, items);
        return Promise.resolve();
      },
      remove: (k) => {
        Reflect.deleteProperty(data, k);
        return Promise.resolve();
      },
    };
  }

  it('is stored only when remembered, and a remembered one reconnects on start', async () => {
    const storage = memoryStorage();
    const a = setup({ storage });
    a.settle(TOKEN);
    await a.client.connect();
    expect(storage.data).toEqual({});
    a.settle(TOKEN, BASE, true);
    await a.client.connect();
    expect(storage.data[STORAGE_KEY]).toEqual({ baseUrl: BASE, credentials: { 'http://app.test': TOKEN } });
    a.client.dispose();

    const b = setup({ storage });
    await b.client.restored;
    expect(b.slice.settings.value.persist).toBe(true);
    expect(b.slice.reachability.value.state).toBe('ok');
    b.settle(TOKEN, BASE, false);
    await b.client.connect();
    expect(storage.data).toEqual({});
    b.client.dispose();
  });

  it('never shows up when the slice or the messages are serialized', async () => {
    const t = setup();
    t.settle(TOKEN);
    await t.client.connect();
    expect(JSON.stringify(t.slice.settings.value)).not.toContain(TOKEN);
    expect(JSON.stringify(t.dispatched)).not.toContain(TOKEN);
    expect(JSON.stringify(t.slice.server.value)).not.toContain(TOKEN);
    t.client.dispose();
  });
});
