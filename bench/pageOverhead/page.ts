// The bench's plasma-shaped page and its server (bench/pageOverhead.bench.ts): the server answers
// /sync/pull with a 100-row patch of random rows; the page seeds two stores, pulls every second and
// writes every 250 ms, timing each write and noting why a slow one may have been slow: a reader
// transaction over a store it writes was open during it, the app's own pull transaction was, or
// the page's thread ran its timer late (pageOverhead/report.ts prints the slowest).

import http from 'node:http';
import type { AddressInfo } from 'node:net';

const PATCH = 100;

const row = (i: number, v: number) => ({
  id: `item-${String(i).padStart(6, '0')}`,
  title: `Item number ${i}`,
  done: i % 3 === 0,
  ownerId: `user-${i % 7}`,
  listId: `list-${i % 13}`,
  v,
});

export function startServer() {
  let version = 0;
  const page = `<!doctype html><meta charset="utf-8"><title>plasma-shaped</title><body>page<script type="module">const __name = (f) => f; ${pageScript.toString()}; pageScript();</script>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sync/pull') {
      version++;
      const n = Number(url.searchParams.get('n') ?? 10000);
      const patch = Array.from({ length: PATCH }, () => {
        const i = Math.floor(Math.random() * n);
        return { op: 'put', table: 'items', id: row(i, version).id, value: row(i, version), rowVersion: version };
      });
      const cookie = `c1:${Buffer.from(JSON.stringify({ 0: String(version) })).toString('base64')}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ cookie, patch, lastMutationIDs: { c: version }, hasMore: false }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  return new Promise<{ url: string; close(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    ),
  );
}

/** Runs in the page (as source text): seeds on demand, then pulls and writes on timers. */
function pageScript() {
  const w = window as unknown as BenchWindow;
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((ok, no) => {
      r.onsuccess = () => {
        ok(r.result);
      };
      r.onerror = () => {
        no(new Error(String(r.error)));
      };
    });
  const done = (tx: IDBTransaction) =>
    new Promise<void>((ok, no) => {
      tx.oncomplete = () => {
        ok();
      };
      tx.onerror = () => {
        no(new Error(String(tx.error)));
      };
    });
  w.__lat = [];
  w.__why = [];
  // Reader transactions over a store the app writes (and the app's pulls), open now; and the ones
  // that ended since each write began (a write is marked when one was open at its start or ended before it completed).
  let readerOpen = 0;
  let readerEnded = 0;
  let pullOpen = 0;
  let pullEnded = 0;
  // Every transaction someone else (the page reader) opens on the page's databases: how many, and
  // how long those whose scope includes a store the app writes (`items` and the outbox every
  // 250 ms, the base store with each pull, whose transaction the next write queues behind) stayed
  // open (from creation to complete), the time the app's writes could queue behind them.
  w.__foreign = { n: 0, overlapping: 0, ms: 0, longest: 0 };
  let own = false;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, wrapped below and called with .call(this)
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    stores: string | string[],
    mode?: IDBTransactionMode,
    options?: IDBTransactionOptions,
  ) {
    const t = transaction.call(this, stores, mode, options);
    if (own) return t;
    const f = w.__foreign;
    const list = typeof stores === 'string' ? [stores] : Array.from(stores);
    f.n++;
    if (!list.some((n) => n === 'items' || n === '_plasma_outbox' || n === '_plasma_base_items')) return t;
    const t0 = performance.now();
    // The app's writes go to `items` and the outbox: a reader transaction over either delays them.
    const blocks = list.some((n) => n === 'items' || n === '_plasma_outbox');
    if (blocks) readerOpen++;
    const end = () => {
      if (blocks) {
        readerOpen--;
        readerEnded++;
      }
      const ms = performance.now() - t0;
      f.overlapping++;
      f.ms += ms;
      f.longest = Math.max(f.longest, ms);
    };
    t.addEventListener('complete', end);
    t.addEventListener('abort', end);
    return t;
  };
  const appTx = (db: IDBDatabase, stores: string[]) => {
    own = true;
    try {
      return db.transaction(stores, 'readwrite');
    } finally {
      own = false;
    }
  };
  w.__pulls = 0;
  w.__patches = [];
  w.__start = async (n: number) => {
    const open = indexedDB.open('plasma-bench', 1);
    open.onupgradeneeded = () => {
      const d = open.result;
      d.createObjectStore('items', { keyPath: 'id' });
      d.createObjectStore('_plasma_base_items', { keyPath: 'id' });
      d.createObjectStore('_plasma_outbox', { keyPath: ['clientID', 'mutationID'] });
      d.createObjectStore('_plasma_meta', { keyPath: 'key' });
    };
    const db: IDBDatabase = await req(open);
    for (let from = 0; from < n; from += 10000) {
      const tx = appTx(db, ['items', '_plasma_base_items']);
      for (let i = from; i < Math.min(n, from + 10000); i++) {
        const r = {
          id: `item-${String(i).padStart(6, '0')}`,
          title: `Item number ${i}`,
          done: i % 3 === 0,
          ownerId: `user-${i % 7}`,
          listId: `list-${i % 13}`,
          v: 0,
        };
        tx.objectStore('items').put(r);
        tx.objectStore('_plasma_base_items').put(r);
      }
      await done(tx);
    }
    let mutationID = 0;
    let cookie = '';
    const pull = async () => {
      const res = await fetch(
        `/sync/pull?n=${n}&clientGroupID=g&clientID=c&schemaVersion=1&protocolVersion=1${cookie ? `&cookie=${encodeURIComponent(cookie)}` : ''}`,
      );
      const body = (await res.json()) as { cookie: string; patch: { value: unknown }[] };
      const tx = appTx(db, ['items', '_plasma_base_items', '_plasma_outbox', '_plasma_meta']);
      pullOpen++;
      const at = performance.now();
      for (const op of body.patch) {
        const v = op.value as { id: string; v: number };
        w.__patches.push([at, v.id, v.v]);
        tx.objectStore('_plasma_base_items').put(op.value);
        tx.objectStore('items').put(op.value);
      }
      tx.objectStore('_plasma_outbox').clear();
      tx.objectStore('_plasma_meta').put({ key: 'cookie', value: body.cookie });
      try {
        await done(tx);
      } finally {
        pullOpen--;
        pullEnded++;
      }
      cookie = body.cookie;
      w.__pulls++;
    };
    setInterval(() => {
      void pull();
    }, 1000);
    const every = 250;
    let due = performance.now() + every;
    setInterval(() => {
      const t0 = performance.now();
      const lateMs = Math.max(0, t0 - due);
      // The next is due an interval after this one ran: a late timer is not counted late again.
      due = t0 + every;
      const reader = readerOpen > 0;
      const readerMark = readerEnded;
      const pull = pullOpen > 0;
      const pullMark = pullEnded;
      const tx = appTx(db, ['items', '_plasma_outbox']);
      const id = `item-${String(Math.floor(Math.random() * n)).padStart(6, '0')}`;
      tx.objectStore('items').put({ id, title: 'edited', done: false, ownerId: 'user-1', listId: 'list-1', v: -1 });
      tx.objectStore('_plasma_outbox').put({
        clientID: 'c',
        mutationID: ++mutationID,
        name: 'updateItem',
        args: { id },
        timestamp: Date.now(),
      });
      tx.oncomplete = () => {
        const ms = performance.now() - t0;
        w.__lat.push(ms);
        w.__why.push({ ms, reader: reader || readerEnded > readerMark, pull: pull || pullEnded > pullMark, lateMs });
      };
    }, every);
  };
}

/** What the bench's page script parks on its window. */
export interface BenchWindow {
  __lat: number[];
  /** Per write, as __lat: its time, whether a reader transaction over a store it writes, or the app's pull
   * transaction, was open while it ran, and how late the page's thread ran its timer. */
  __why: WriteWhy[];
  __foreign: { n: number; overlapping: number; ms: number; longest: number };
  __pulls: number;
  __windowSeconds: number;
  /** Every row a pull wrote: when (performance.now()), its id and version. */
  __patches: [number, string, number][];
  __start: (n: number) => Promise<void>;
}

export interface WriteWhy {
  ms: number;
  reader: boolean;
  pull: boolean;
  lateMs: number;
}
