// Test helpers: a fake page (fake-indexeddb behind a window-like object) and a driver that runs
// the page script the way the panel does, from its source text, until the read is done.

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { decodeReaderAnswer, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { pageExpression, type PageCmd } from './pageScript.ts';

export function fakePage(overrides: Record<string, unknown> = {}) {
  const listeners = new Set<(ev: { source: unknown; data: unknown }) => void>();
  const posted: unknown[] = [];
  const g: Record<string, unknown> = {
    indexedDB: new IDBFactory(),
    IDBKeyRange,
    JSON,
    setTimeout,
    clearTimeout,
    addEventListener: (_t: string, l: (ev: { source: unknown; data: unknown }) => void) => listeners.add(l),
    postMessage: (data: unknown) => {
      posted.push(data);
      for (const l of listeners) l({ source: g, data });
    },
    ...overrides,
  };
  /** A message from elsewhere (another frame) or from the page itself. */
  const deliver = (data: unknown, source: unknown = g) => listeners.forEach((l) => l({ source, data }));
  return { g, posted, deliver, idb: g.indexedDB as IDBFactory };
}

/** Runs one command exactly as the panel sends it: as source text evaluated against `window`. */
export function run(g: unknown, cmd: PageCmd): unknown {
  return evalSource(pageExpression(cmd), g);
}

/** An eval expression run against a fake window, as inspectedWindow.eval runs it in the page. */
export function evalSource(expr: string, g: unknown): unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the page script travels as source text; this runs it as the page does
  const f = new Function('window', `return ${expr}`) as (w: unknown) => unknown;
  return f(g);
}

const tick = () => new Promise((r) => setTimeout(r, 0));

export async function readAll(g: unknown, opts: { chunkRows?: number; budget?: number; openTimeoutMs?: number } = {}) {
  const key = `k${Math.random().toString(36).slice(2)}`;
  const start = decodeReaderAnswer(
    run(g, { op: 'read', key, chunkRows: opts.chunkRows ?? 3, openTimeoutMs: opts.openTimeoutMs ?? 500 }),
  );
  if (!start.ok || start.kind !== 'started') throw new Error(`did not start: ${JSON.stringify(start)}`);
  const events: ReaderEvent[] = [];
  let polls = 0;
  for (;;) {
    const a = decodeReaderAnswer(run(g, { op: 'poll', key, budget: opts.budget ?? 1e6 }));
    polls++;
    if (!a.ok || a.kind !== 'poll') throw new Error(`bad poll: ${JSON.stringify(a)}`);
    events.push(...a.events);
    if (a.done) return { events, polls, parkedAfter: Object.prototype.hasOwnProperty.call(g, key) };
    await tick();
  }
}

export function openWith(
  idb: IDBFactory,
  name: string,
  stores: { name: string; keyPath?: string | string[] | null }[],
  version = 1,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(name, version);
    req.onupgradeneeded = () => {
      for (const s of stores)
        req.result.createObjectStore(s.name, s.keyPath === null ? undefined : { keyPath: s.keyPath ?? 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      reject(new Error(String(req.error)));
    };
  });
}

export function put(db: IDBDatabase, store: string, rows: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    for (const r of rows) tx.objectStore(store).put(r);
    tx.oncomplete = () => resolve();
    tx.onerror = () => {
      reject(new Error(String(tx.error)));
    };
  });
}

/** The store layout of plasma-protocol.md §4 for the given tables. */
export function plasmaStores(tables: string[]) {
  return [
    ...tables.flatMap((t) => [{ name: t }, { name: `_plasma_base_${t}` }]),
    { name: '_plasma_outbox', keyPath: ['clientID', 'mutationID'] },
    { name: '_plasma_meta', keyPath: 'key' },
    { name: '_plasma_blobs_local', keyPath: null },
  ];
}

/**
 * Gives a fake page what the reader needs to start a worker (Worker, Blob, URL): the worker runs
 * in this process against a scope that shares the page's databases, and messages cross as
 * structured clones on the next macrotask, as they do between threads. `fail` makes the
 * constructor throw (a content security policy without blob:), or the worker fail at start.
 */
export function withWorker(
  page: ReturnType<typeof fakePage>,
  fail?: 'construct' | 'start' | 'no-databases' | 'crash' | 'silent',
) {
  const sources = new Map<string, string>();
  const workers: { terminated: boolean }[] = [];
  class FakeBlob {
    constructor(readonly parts: string[]) {}
  }
  let n = 0;
  page.g.Blob = FakeBlob;
  page.g.URL = {
    createObjectURL: (b: FakeBlob) => {
      const url = `blob:fake/${++n}`;
      sources.set(url, b.parts.join(''));
      return url;
    },
    revokeObjectURL: (u: string) => sources.delete(u),
  };
  page.g.Worker = class {
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onerror: ((ev: { message: string }) => void) | null = null;
    terminated = false;
    private scope: Record<string, unknown>;
    constructor(url: string) {
      if (fail === 'construct') throw new Error('SecurityError: refused by the content security policy');
      const src = sources.get(url);
      if (src === undefined) throw new Error('no such blob');
      workers.push(this);
      const idb = page.g.indexedDB as Record<string, unknown>;
      this.scope = {
        indexedDB: fail === 'no-databases' ? { open: idb.open } : idb,
        IDBKeyRange,
        JSON,
        setTimeout,
        clearTimeout,
        onmessage: null,
        postMessage: (m: unknown) => {
          const data = structuredClone(m);
          setTimeout(() => {
            if (this.terminated) return;
            this.onmessage?.({ data });
            // A worker that dies after its first message (out of memory, a bug).
            if (fail === 'crash') {
              this.terminated = true;
              this.onerror?.({ message: 'out of memory' });
            }
          }, 0);
        },
        close: () => {
          this.terminated = true;
        },
      };
      setTimeout(() => {
        if (fail === 'start') {
          this.onerror?.({ message: 'Uncaught SyntaxError' });
          return;
        }
        if (fail === 'silent') return;
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the worker's script travels as source text
        (new Function('self', src) as (scope: unknown) => void)(this.scope);
      }, 0);
    }
    postMessage(m: unknown) {
      const data = structuredClone(m);
      setTimeout(() => {
        const on = this.scope.onmessage;
        if (!this.terminated && typeof on === 'function') (on as (ev: { data: unknown }) => void)({ data });
      }, 0);
    }
    terminate() {
      this.terminated = true;
    }
  };
  return { workers, sources };
}
