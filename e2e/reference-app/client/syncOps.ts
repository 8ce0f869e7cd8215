// The client's network side: push, pull (looping while hasMore) with the rebase after each page, and
// the background loop start() runs (push after mutate, poll pull every pollMs, pull on `online`).

import type { IDBPDatabase } from 'idb';
import { DEFAULT_RETRY, pullURL, sendWithRetry, toClientError, type Outcome } from './http.ts';
import { parsePullBody } from './pullBody.ts';
import { applyPull, rebuildOptimistic } from './rebase.ts';
import { META, OUTBOX } from './storage.ts';
import type {
  ClientEvent,
  HeaderMap,
  OutboxEntry,
  PlasmaClientError,
  PlasmaClientOptions,
  SyncResult,
} from './types.ts';

/** A safety stop for a server that keeps answering hasMore: true. */
const MAX_PAGES = 1000;

export interface SyncDeps {
  opts: PlasmaClientOptions;
  tables: string[];
  dbp: Promise<IDBPDatabase>;
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  emit: (e: ClientEvent) => void;
  report: (e: PlasmaClientError) => void;
  notify: (tables: Iterable<string>) => Promise<void>;
  clientID: () => string;
  closed: () => boolean;
}

const ok2xx = (o: Outcome): boolean => o.type === 'response' && o.status >= 200 && o.status < 300;
const statusOf = (o: Outcome): number | null => (o.type === 'response' ? o.status : null);

export function createSyncOps(d: SyncDeps) {
  const { opts } = d;
  const base = `${opts.endpoint.replace(/\/+$/, '')}${opts.basePath ?? '/sync'}`;
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  let pushChain: Promise<unknown> = Promise.resolve();
  let pullChain: Promise<unknown> = Promise.resolve();
  let pushQueued = false;
  let pullRunning = false;
  let started = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  const onlineTarget = opts.onlineTarget ?? (globalThis as { window?: EventTarget }).window;

  async function headers(extra: HeaderMap): Promise<HeaderMap> {
    // Called before every attempt so a refreshed token is picked up (plasma-protocol.md §2).
    const auth = (await opts.authHeaders?.()) ?? {};
    return { ...auth, 'x-client': d.clientID(), 'x-group': opts.clientGroupID, ...extra };
  }

  function send(url: string, init: () => Promise<RequestInit>): Promise<Outcome> {
    return sendWithRetry({ url, init, fetch: doFetch, policy, sleep, cancelled: d.closed });
  }

  function fail(phase: 'push' | 'pull', o: Outcome): SyncResult {
    const error = toClientError(phase, o);
    if (!d.closed()) d.report(error);
    return { ok: false, error };
  }

  async function ownOutbox(): Promise<OutboxEntry[]> {
    const id = d.clientID();
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    return (await (await d.dbp).getAll(OUTBOX, range)) as OutboxEntry[];
  }

  async function pushNow(): Promise<SyncResult> {
    pushQueued = false;
    if ((await ownOutbox()).length === 0) return { ok: true };
    const url = `${base}/push`;
    let sent: OutboxEntry[] = [];
    const o = await send(url, async () => {
      sent = await ownOutbox();
      const body = {
        protocolVersion: 1,
        schemaVersion: opts.schemaVersion,
        clientGroupID: opts.clientGroupID,
        clientID: d.clientID(),
        mutations: sent.map((m) => ({ id: m.mutationID, name: m.name, args: m.args, timestamp: m.timestamp })),
      };
      const h = await headers({ 'content-type': 'application/json' });
      return { method: 'POST', headers: h, body: JSON.stringify(body), credentials: opts.credentials };
    });
    d.emit({ kind: 'push', ok: ok2xx(o), status: statusOf(o), url, mutationIDs: sent.map((m) => m.mutationID) });
    return ok2xx(o) ? { ok: true } : fail('push', o);
  }

  async function pullPage(): Promise<SyncResult & { hasMore?: boolean }> {
    const db = await d.dbp;
    const cookie = ((await db.get(META, 'cookie')) as { value?: string | null } | undefined)?.value ?? null;
    const url = pullURL(base, {
      clientGroupID: opts.clientGroupID,
      clientID: d.clientID(),
      schemaVersion: opts.schemaVersion,
      protocolVersion: '1',
      cookie,
    });
    const o = await send(url, async () => ({
      method: 'GET',
      headers: await headers({}),
      credentials: opts.credentials,
    }));
    if (!ok2xx(o) || o.type !== 'response') {
      d.emit({ kind: 'pull', ok: false, status: statusOf(o), url, cookie, patchSize: 0, hasMore: false });
      return fail('pull', o);
    }
    const body = parsePullBody(o.body);
    if (typeof body === 'string') {
      const error: PlasmaClientError = {
        kind: 'pull-http',
        status: o.status,
        url,
        error: `invalid pull body: ${body}`,
      };
      d.report(error);
      return { ok: false, error };
    }
    d.emit({
      kind: 'pull',
      ok: true,
      status: o.status,
      url,
      cookie: body.cookie,
      patchSize: body.patch.length,
      hasMore: body.hasMore,
    });
    const { dropped, rebuilt } = await d.exclusive(async () => {
      const n = await applyPull(db, d.tables, body);
      const r = await rebuildOptimistic(db, d.tables, opts.mutators);
      await d.notify(d.tables); // inside the lock, so subscribers see states in commit order
      return { dropped: n, rebuilt: r };
    });
    d.emit({ kind: 'rebase', dropped, replayed: rebuilt.replayed, skipped: rebuilt.skipped.length });
    for (const e of rebuilt.skipped) d.report(e);
    return { ok: true, hasMore: body.hasMore };
  }

  async function pullNow(): Promise<SyncResult> {
    pullRunning = true;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await pullPage();
        if (!r.ok || !r.hasMore || d.closed()) return r.ok ? { ok: true } : r;
      }
      return { ok: true };
    } finally {
      pullRunning = false;
    }
  }

  function pushOnce(): Promise<SyncResult> {
    const run = pushChain.then(pushNow, pushNow);
    pushChain = run.catch(() => undefined);
    return run;
  }

  function pullOnce(): Promise<SyncResult> {
    const run = pullChain.then(pullNow, pullNow);
    pullChain = run.catch(() => undefined);
    return run;
  }

  const background = (p: Promise<unknown>): void => {
    p.catch((e: unknown) => console.warn('plasma client: background sync failed', e instanceof Error ? e.message : e));
  };

  function schedulePoll(): void {
    clearTimeout(pollTimer);
    if (!started) return;
    pollTimer = setTimeout(() => {
      background((pullRunning ? Promise.resolve() : pullOnce()).finally(schedulePoll));
    }, opts.pollMs ?? 5000);
  }

  const onOnline = (): void => {
    if (!pullRunning) background(pullOnce());
    background(pushOnce());
  };

  /** One queued push covers every mutation made before it starts. */
  function schedulePush(): void {
    if (pushQueued) return;
    pushQueued = true;
    background(pushOnce());
  }

  return {
    pushOnce,
    pullOnce,
    afterMutate: (): void => {
      if (started) schedulePush();
    },
    start: (): void => {
      if (started || d.closed()) return;
      started = true;
      onlineTarget?.addEventListener('online', onOnline);
      background(pullOnce().finally(schedulePoll));
      schedulePush();
    },
    stop: (): void => {
      started = false;
      clearTimeout(pollTimer);
      onlineTarget?.removeEventListener('online', onOnline);
    },
    /** Resolves when no push or pull is running or queued. */
    idle: async (): Promise<void> => {
      await Promise.all([pushChain, pullChain]);
    },
  };
}
