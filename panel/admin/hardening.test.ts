// The admin client against a scripted server (no D1): the credential stays with its origin and
// never follows a redirect, a slow API is named slow, failed connects retry with backoff, and a
// page larger than the limit asked is refused. Timers are driven by hand; nothing sleeps.

import { describe, expect, it, vi } from 'vitest';
import { createSecret } from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { startAdminClient, type AdminClientDeps } from './client.ts';
import { adminGet } from './http.ts';
import { applyAdminMessage } from './reducer.ts';
import { createAdminSlice } from './slice.ts';
import { STORAGE_KEY, type AdminStorage } from './storage.ts';
import { manualTimers } from './testTimers.ts';

const A = 'https://app.example/sync/admin';
const B = 'https://elsewhere.example/sync/admin';
const TOKEN = 'the-admin-token-of-app-example';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const change = (rowVersion: number) => ({
  rowVersion,
  table: 't',
  id: `r${rowVersion}`,
  op: 'put',
  value: {},
  createdAt: 1,
  clientGroupID: null,
  clientID: null,
  mutationID: null,
});

type Mode = 'up' | 'down' | 'hang' | 'flood';
function scripted() {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const state = { mode: 'up' as Mode };
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString();
    calls.push({ url, init });
    if (state.mode === 'down') throw new TypeError('Failed to fetch');
    if (state.mode === 'hang') {
      // Never answers; honours the abort like a real fetch (with a plain AbortError).
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }
    const path = new URL(url).pathname.replace(/^.*\/admin/, '');
    if (path === '/info')
      return json({ adminApiVersion: 1, schemaVersion: '1', basePath: '/sync', tables: ['t'], maxRowVersion: 5 });
    if (path === '/clients') return json({ clients: [] });
    if (path === '/errors') return json({ errors: [], hasMore: false, tapInstalled: true });
    if (path === '/changes') {
      const limit = Number(new URL(url).searchParams.get('limit'));
      const n = state.mode === 'flood' ? limit * 50 : 1;
      return json({ changes: Array.from({ length: n }, (_, i) => change(i + 1)), maxRowVersion: n, hasMore: false });
    }
    return new Response('{}', { status: 404 });
  }) as typeof fetch;
  return { calls, state, fetchFn };
}

function setup(over: Partial<AdminClientDeps> = {}) {
  const slice = createAdminSlice();
  const dispatch = (m: CaptureMessage) => applyAdminMessage(slice, m);
  const server = scripted();
  const timers = manualTimers();
  const client = startAdminClient(slice, dispatch, {
    fetch: server.fetchFn,
    suggestBaseUrl: () => null,
    timers,
    pageLimit: 10,
    timeoutMs: 10_000,
    ...over,
  });
  return { slice, client, server, timers, dispatch };
}

const authOf = (c: { init: RequestInit | undefined }) =>
  (c.init?.headers as Record<string, string> | undefined)?.authorization;

describe('the credential stays with the origin it was entered for', () => {
  it('moving the base URL to another origin drops it: nothing is sent there', async () => {
    const t = setup();
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    await t.client.connect();
    expect(t.server.calls.filter((c) => c.url.startsWith(A)).every((c) => authOf(c) === `Bearer ${TOKEN}`)).toBe(true);

    // What "use <suggestion>" then Connect did: the held credential offered with another origin.
    t.dispatch({ type: 'adminSettings', baseUrl: B, credential: t.slice.settings.value.credential, persist: false });
    expect(t.slice.settings.value.credential).toBeNull();
    t.server.calls.length = 0;
    await t.client.connect();
    expect(t.server.calls.length).toBeGreaterThan(0);
    for (const c of t.server.calls) expect(authOf(c)).toBeUndefined();
    t.client.dispose();
  });

  it('same origin, another path: kept', () => {
    const t = setup();
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    t.dispatch({
      type: 'adminSettings',
      baseUrl: 'https://app.example/api/plasma/admin',
      credential: t.slice.settings.value.credential,
      persist: false,
    });
    expect(t.slice.settings.value.credential?.origin).toBe('https://app.example');
    t.client.dispose();
  });

  it('every credentialed request refuses redirects', async () => {
    const t = setup();
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    await t.client.connect();
    const credentialed = t.server.calls.filter((c) => authOf(c));
    expect(credentialed.length).toBeGreaterThan(3);
    for (const c of credentialed) expect(c.init?.redirect).toBe('error');
    t.client.dispose();
  });

  it('a redirect is named as such (a manual-redirect probe sees an opaqueredirect)', async () => {
    const t = setup({
      fetch: async (_u: RequestInfo | URL, init?: RequestInit) => {
        // As browsers do: a no-cors request may only follow redirects.
        if (init?.mode === 'no-cors')
          return init.redirect && init.redirect !== 'follow'
            ? Promise.reject(new TypeError('bad mode'))
            : ({ type: 'opaque' } as Response);
        if (init?.redirect === 'manual') return { type: 'opaqueredirect' } as Response;
        throw new TypeError('Failed to fetch');
      },
    });
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    expect((await t.client.connect()).state).toBe('redirected');
    t.client.dispose();
  });

  it('remembered credentials are stored per origin and read back only for their own origin', async () => {
    const data: Record<string, unknown> = {};
    const storage: AdminStorage = {
      get: (k) => Promise.resolve(k in data ? { [k]: data[k] } : {}),
      set: (i) => {
        Object.assign(data, i);
        return Promise.resolve();
      },
      remove: (k) => {
        Reflect.deleteProperty(data, k);
        return Promise.resolve();
      },
    };
    const t = setup({ storage });
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: true });
    await t.client.connect();
    t.dispatch({ type: 'adminSettings', baseUrl: B, credential: createSecret('token-of-b', B), persist: true });
    await t.client.connect();
    expect(data[STORAGE_KEY]).toEqual({
      baseUrl: B,
      credentials: { 'https://app.example': TOKEN, 'https://elsewhere.example': 'token-of-b' },
    });

    // Back to A with an empty field: A's own credential, not B's.
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: t.slice.settings.value.credential, persist: true });
    expect(t.slice.settings.value.credential).toBeNull();
    t.server.calls.length = 0;
    await t.client.connect();
    expect(authOf(t.server.calls.at(-1)!)).toBe(`Bearer ${TOKEN}`);
    t.client.dispose();

    const again = setup({ storage });
    await again.client.restored;
    expect(again.slice.settings.value).toMatchObject({ baseUrl: A, persist: true });
    expect(again.slice.settings.value.credential?.reveal()).toBe(TOKEN);
    again.client.dispose();
  });

  it('an older single-credential record is bound to its own base URL', async () => {
    const data: Record<string, unknown> = { [STORAGE_KEY]: { baseUrl: A, credential: TOKEN } };
    const storage: AdminStorage = {
      get: (k) => Promise.resolve(k in data ? { [k]: data[k] } : {}),
      set: (i) => {
        Object.assign(data, i);
        return Promise.resolve();
      },
      remove: (k) => {
        Reflect.deleteProperty(data, k);
        return Promise.resolve();
      },
    };
    const t = setup({ storage });
    await t.client.restored;
    expect(t.slice.settings.value.credential?.origin).toBe('https://app.example');
    t.client.dispose();
  });
});

describe('faults of the admin API', () => {
  it('a slow API is named slow when the deadline passes, without a second wait for a probe', async () => {
    const t = setup();
    t.server.state.mode = 'hang';
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    const done = t.client.connect();
    await vi.waitFor(() => expect(t.timers.delays()).toContain(10_000));
    expect(t.slice.reachability.value.state).toBe('connecting');
    t.timers.fire(3000);
    expect(t.slice.reachability.value.state).toBe('connecting');
    expect(t.slice.reachability.value.message).toMatch(/slow to answer \(no answer after 3 s; giving up at 10 s\)/);
    t.timers.fire(10_000);
    const r = await done;
    expect(r.state).toBe('slow');
    expect(r.message).toMatch(/is slow: no answer within 10 s/);
    expect(r.message).not.toMatch(/is the server running/);
    expect(t.server.calls).toHaveLength(1);
    t.client.dispose();
  });

  it('a failed connect retries with backoff (1 s, 2 s, 4 s) and polls once the server is back', async () => {
    const t = setup();
    t.server.state.mode = 'down';
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    const first = await t.client.connect();
    expect(first.state).toBe('network');
    expect(first.message).toMatch(/Trying again in 1 s\./);
    expect(t.timers.delays()).toEqual([1000]);

    t.timers.fire(1000);
    await vi.waitFor(() => expect(t.timers.delays()).toEqual([2000]));
    expect(t.slice.reachability.value.message).toMatch(/Trying again in 2 s\./);
    t.timers.fire(2000);
    await vi.waitFor(() => expect(t.timers.delays()).toEqual([4000]));

    t.server.state.mode = 'up';
    t.timers.fire(4000);
    await vi.waitFor(() => expect(t.slice.reachability.value.state).toBe('ok'));
    await vi.waitFor(() => expect(t.timers.delays()).toEqual([2000])); // the poll cadence, no retry left
    expect(t.slice.changes.value).toHaveLength(1);
    t.client.dispose();
  });

  it('a failure that needs the user (401) is not retried', async () => {
    const t = setup({ fetch: () => Promise.resolve(new Response('{"error":"unauthorized"}', { status: 401 })) });
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret('wrong', A), persist: false });
    expect((await t.client.connect()).state).toBe('unauthorized');
    expect(t.timers.delays()).toEqual([]);
    t.client.dispose();
  });

  it('a /changes page with more records than the asked limit is refused, not held', async () => {
    const t = setup();
    t.dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret(TOKEN, A), persist: false });
    t.server.state.mode = 'flood';
    await t.client.connect();
    expect(t.slice.reachability.value.state).toBe('bad-shape');
    expect(t.slice.reachability.value.message).toMatch(/\/changes sent 500 records for limit=10: the page was refused/);
    expect(t.slice.changes.value).toHaveLength(0);
    t.client.dispose();
  });

  it('an answer over the size cap is refused before it is parsed', async () => {
    // A cap of 100 characters stands for the client's 64 MB.
    const got = await adminGet(
      {
        fetch: () => Promise.resolve(new Response('[' + '1,'.repeat(1000) + '1]', { status: 200 })),
        timeoutMs: 1000,
        timers: manualTimers(),
        maxBodyChars: 100,
      },
      A,
      '/info',
      null,
      () => ({ ok: true, value: 1 }),
    );
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.reach.state).toBe('bad-shape');
      expect(got.reach.message).toMatch(/too large/);
    }
  });
});
