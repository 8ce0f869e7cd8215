// The admin API client of one panel page: connects (GET /info), then polls /clients, /changes and
// /errors every couple of seconds while the panel is visible and right after captured sync traffic.
// Lives until dispose(); every result goes through dispatch() into the store.

import {
  okReachability,
  parseChanges,
  parseClients,
  parseErrors,
  parseInfo,
  parseRowAnswer,
  shouldWalkOn,
  type Guarded,
  type Reachability,
} from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { adminGet, type Got, type HttpDeps } from './http.ts';
import { retryDelay, retryable } from './retry.ts';
import { rowCheckKey, type AdminSlice } from './slice.ts';
import { pollAuthLog } from './authLog.ts';
import { loadCredential, loadSettings, saveSettings, type AdminStorage } from './storage.ts';

export interface AdminClientDeps {
  fetch: typeof fetch;
  storage?: AdminStorage;
  suggestBaseUrl: () => string | null;
  /** `chrome-extension://<id>`, named in the CORS advice. */
  extensionOrigin?: string;
  /** chrome.permissions.request for `origin/*`; absent where it cannot be asked. */
  requestHostAccess?: (origin: string) => Promise<boolean>;
  /** Something that changes on each captured push/pull (e.g. the store's plasmaRows signal). */
  traffic?: { subscribe(fn: (value: unknown) => void): () => void };
  isVisible?: () => boolean;
  intervalMs?: number;
  debounceMs?: number;
  timeoutMs?: number;
  /** While connecting, after this long without an answer the line says the API is slow. */
  slowAfterMs?: number;
  /** First delay before a failed connect is tried again; it doubles up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  pageLimit?: number;
  /** Most pages one round walks, so /errors is not starved by a long log; the next round goes on. */
  maxPagesPerRound?: number;
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
  now?: () => number;
}

export type AdminClient = ReturnType<typeof startAdminClient>;

export function startAdminClient(slice: AdminSlice, dispatch: (msg: CaptureMessage) => void, deps: AdminClientDeps) {
  const timers = deps.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const http: HttpDeps = { fetch: deps.fetch, timeoutMs: deps.timeoutMs ?? 10_000, timers };
  if (deps.extensionOrigin) http.extensionOrigin = deps.extensionOrigin;
  const now = deps.now ?? Date.now;
  const visible = deps.isVisible ?? (() => typeof document === 'undefined' || document.visibilityState !== 'hidden');
  const limit = deps.pageLimit ?? 1000;
  const maxPages = deps.maxPagesPerRound ?? 250;
  let generation = 0;
  let active = false; // a connect succeeded: poll on the cadence
  let disposed = false;
  let pollTimer: unknown = null;
  let debounceTimer: unknown = null;
  let retryTimer: unknown = null;
  let retries = 0;
  let running: Promise<void> | null = null;
  let again = false;

  const current = () => slice.settings.value;
  const get = <T>(path: string, guard: (x: unknown) => Guarded<T>): Promise<Got<T>> =>
    adminGet(http, current().baseUrl, path, current().credential, guard);
  const reach = (reachability: Reachability) => dispatch({ type: 'adminReachability', reachability });

  /** One round: /clients before /changes (every change a watermark covers is then in the log), then /errors. */
  async function round(gen: number): Promise<void> {
    const stale = () => disposed || gen !== generation;
    const clients = await get('/clients', parseClients);
    if (stale()) return;
    if (!clients.ok) {
      fail(clients.reach);
      return;
    }
    dispatch({ type: 'adminClients', page: clients.value });

    for (let pages = 0; pages < maxPages; pages++) {
      const before = slice.changeLog.value;
      const got = await get(`/changes?since=${before.since}&limit=${limit}`, (x) => parseChanges(x, limit));
      if (stale()) return;
      if (!got.ok) {
        fail(got.reach);
        return;
      }
      dispatch({ type: 'adminChanges', page: got.value, since: before.since });
      if (!shouldWalkOn(before, slice.changeLog.value, got.value.hasMore)) break;
    }

    for (let pages = 0; pages < maxPages; pages++) {
      const before = slice.errorLog.value;
      const got = await get(`/errors?since=${before.since}&limit=${limit}`, (x) => parseErrors(x, limit));
      if (stale()) return;
      if (!got.ok) {
        fail(got.reach);
        return;
      }
      dispatch({ type: 'adminErrors', page: got.value, since: before.since });
      if (!shouldWalkOn(before, slice.errorLog.value, got.value.hasMore)) break;
    }
    // Never fails the round: an app without the auth tap or an older handler is still reachable.
    await pollAuthLog({ state: slice.authLog, baseUrl: current().baseUrl, get, dispatch, stale, limit, maxPages });
    if (stale()) return;
    const info = slice.info.value;
    if (info) reach(okReachability({ ...info, maxRowVersion: slice.maxRowVersion.value ?? info.maxRowVersion }));
    dispatch({ type: 'adminPolled', at: now() });
  }

  /** A failed poll keeps what was fetched and only says why. */
  function fail(r: Reachability) {
    reach(r);
    dispatch({ type: 'adminPolled', at: now() });
  }

  function poll(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const gen = generation;
    running = round(gen).finally(() => {
      running = null;
      if (again && !disposed && gen === generation) {
        again = false;
        void poll();
      }
    });
    return running;
  }

  async function pollThenSchedule() {
    if (visible()) await poll();
    schedule();
  }

  function schedule() {
    if (pollTimer !== null) timers.clear(pollTimer);
    pollTimer = null;
    if (!active || disposed) return;
    pollTimer = timers.set(() => {
      pollTimer = null;
      void pollThenSchedule();
    }, deps.intervalMs ?? 2000);
  }

  function cancelRetry() {
    if (retryTimer !== null) timers.clear(retryTimer);
    retryTimer = null;
  }

  /** A connect the user asked for: starts the backoff over. */
  function connect(): Promise<Reachability> {
    retries = 0;
    return attempt();
  }

  async function attempt(): Promise<Reachability> {
    const gen = ++generation;
    active = false;
    cancelRetry();
    schedule();
    if (deps.storage) {
      // A credential remembered for this very origin (and only that one) fills an empty field.
      const s0 = current();
      if (s0.baseUrl && !s0.credential && s0.persist) {
        const remembered = await loadCredential(deps.storage, s0.baseUrl);
        if (disposed || gen !== generation) return slice.reachability.value;
        if (remembered) dispatch({ type: 'adminSettings', baseUrl: s0.baseUrl, credential: remembered, persist: true });
      }
      await saveSettings(deps.storage, current());
    }
    const s = current();
    if (!s.baseUrl) {
      const r: Reachability = {
        state: 'idle',
        message: 'Enter the admin API base URL (usually the sync endpoint + /admin).',
      };
      reach(r);
      return r;
    }
    reach({ state: 'connecting', message: `Connecting to ${s.baseUrl}…` });
    // Said as soon as it shows, well before the deadline: a hanging API is slow, not down.
    const slowAfter = deps.slowAfterMs ?? 3000;
    const slowTimer = timers.set(() => {
      if (!disposed && gen === generation && slice.reachability.value.state === 'connecting') {
        reach({
          state: 'connecting',
          message: `Connecting to ${s.baseUrl}… the admin API is slow to answer (no answer after ${slowAfter / 1000} s; giving up at ${http.timeoutMs / 1000} s).`,
        });
      }
    }, slowAfter);
    const info = await get('/info', parseInfo);
    timers.clear(slowTimer);
    if (disposed || gen !== generation) return slice.reachability.value;
    if (!info.ok) {
      reach(retryLater(info.reach, gen));
      return slice.reachability.value;
    }
    retries = 0;
    dispatch({ type: 'adminInfo', info: info.value });
    reach(okReachability(info.value));
    active = true;
    await poll();
    schedule();
    return slice.reachability.value;
  }

  /** A failure that may pass by itself (down, slow, 5xx) is tried again later, each wait twice the last. */
  function retryLater(r: Reachability, gen: number): Reachability {
    if (!retryable(r.state) || disposed) return r;
    const delay = retryDelay(retries++, deps.retryBaseMs ?? 1000, deps.retryMaxMs ?? 60_000);
    retryTimer = timers.set(() => {
      retryTimer = null;
      if (!disposed && gen === generation) void attempt();
    }, delay);
    return { ...r, message: `${r.message} Trying again in ${Math.round(delay / 1000)} s.`, retryInMs: delay };
  }

  function refresh(): void {
    if (!active || disposed) return;
    if (debounceTimer !== null) timers.clear(debounceTimer);
    debounceTimer = timers.set(() => {
      debounceTimer = null;
      void poll();
    }, deps.debounceMs ?? 300);
  }

  async function checkRow(table: string, id: string, clientGroupID: string): Promise<void> {
    const key = rowCheckKey(table, id, clientGroupID);
    const base = { table, id, clientGroupID };
    dispatch({ type: 'adminRowCheck', key, check: { ...base, state: 'pending' } });
    const path = `/rows/${encodeURIComponent(table)}/${encodeURIComponent(id)}?as=${encodeURIComponent(clientGroupID)}`;
    const got = await get(path, parseRowAnswer);
    if (disposed) return;
    if (got.ok)
      dispatch({ type: 'adminRowCheck', key, check: { ...base, state: 'done', answer: got.value, at: now() } });
    else dispatch({ type: 'adminRowCheck', key, check: { ...base, state: 'failed', reason: got.reach.message } });
  }

  /** Asks for host access to `origin` (a click handler calls this), then reconnects if granted. */
  async function grantAccess(origin: string): Promise<boolean> {
    if (!deps.requestHostAccess) return false;
    let granted: boolean;
    try {
      granted = await deps.requestHostAccess(origin);
    } catch (e) {
      reach({
        state: 'cors',
        message: `Host access to ${origin} could not be requested: ${e instanceof Error ? e.message : String(e)}`,
      });
      return false;
    }
    if (granted) await connect();
    return granted;
  }

  const unsubscribe = deps.traffic?.subscribe(() => refresh());

  // Settings remembered on this machine (opt-in) reconnect on their own.
  const restored = deps.storage
    ? loadSettings(deps.storage).then(async (saved) => {
        if (!saved || disposed || current().baseUrl) return;
        dispatch({ type: 'adminSettings', ...saved });
        if (saved.credential) await connect();
      })
    : Promise.resolve();

  return {
    connect,
    refresh,
    checkRow,
    grantAccess,
    /** Poll now (tests, the Refresh button); resolves when the round is done. */
    pollNow: () => (active ? poll() : Promise.resolve()),
    suggestBaseUrl: deps.suggestBaseUrl,
    canRequestHostAccess: () => deps.requestHostAccess !== undefined,
    /** False where no storage was given (chrome.storage needs the "storage" permission). */
    canPersist: () => deps.storage !== undefined,
    restored,
    dispose() {
      disposed = true;
      active = false;
      generation++;
      if (pollTimer !== null) timers.clear(pollTimer);
      if (debounceTimer !== null) timers.clear(debounceTimer);
      cancelRetry();
      unsubscribe?.();
    },
  };
}
