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
