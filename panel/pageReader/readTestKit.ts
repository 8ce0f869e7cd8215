// Helpers of the page script's read tests (pageRead.test.ts, pageReadKeyed.test.ts): a fake page
// with a big plasma database, a read polled to its end, and an IndexedDB wrapper that records what
// each transaction the reader opens asks for.

import { decodeReaderAnswer, type ReaderEvent } from '../../shared/pageReader/index.ts';
import type { PageCmd } from './pageScript.ts';
import { fakePage, openWith, plasmaStores, put, run } from './testPage.ts';

export const rows = (n: number, prefix = 't') =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(5, '0')}`, title: `todo ${i}` }));
const tick = () => new Promise((r) => setTimeout(r, 0));

export async function bigPlasma(n: number) {
  const page = fakePage();
  const db = await openWith(page.idb, 'plasma-big', plasmaStores(['todos']));
  await put(db, 'todos', rows(n));
  await put(db, '_plasma_base_todos', rows(n));
  await put(db, '_plasma_meta', [{ key: 'cookie', value: 'c1:1' }]);
  return { page, db };
}

/** Polls a read; `during` runs once, when the first chunk of `todos` has arrived (mid-read), and
 * gets a `drain` that takes what the page has queued so far, at that moment. */
export async function readWith(g: unknown, cmd: Partial<PageCmd>, during?: (drain: () => number) => void) {
  const key = `k${Math.random().toString(36).slice(2)}`;
  run(g, { op: 'read', key, chunkRows: 50, openTimeoutMs: 500, ...cmd });
  const events: ReaderEvent[] = [];
  let done = false;
  const drain = () => {
    const a = decodeReaderAnswer(run(g, { op: 'poll', key, budget: 1e9 }));
    if (!a.ok || a.kind !== 'poll') throw new Error(`bad poll: ${JSON.stringify(a)}`);
    events.push(...a.events);
    done ||= a.done;
    return events.length;
  };
  const finished = () => done;
  let fired = false;
  for (;;) {
    drain();
    if (!fired && during && events.some((e) => e.k === 'chunk' && e.store === 'todos')) {
      fired = true;
      during(drain);
    }
    if (finished()) return events;
    await tick();
  }
}

/** Counts what each transaction the reader opens asks for (an IDBFactory wrapper on the page). */
/** Replaces the page's indexedDB with one whose databases hand every transaction they create to
 * `seen` (with its scope) before the reader gets it; `before` runs just before each is created. */
export function onTransactions(
  page: ReturnType<typeof fakePage>,
  seen: (tx: IDBTransaction, stores: string[]) => void,
  before?: () => void,
) {
  const idb = page.idb;
  page.g.indexedDB = {
    databases: () => idb.databases(),
    open: (name: string) => {
      const req = idb.open(name);
      req.addEventListener('success', () => {
        const db = req.result;
        const transaction = db.transaction.bind(db);
        (db as { transaction: unknown }).transaction = (stores: string[], mode: IDBTransactionMode) => {
          before?.();
          const tx = transaction(stores, mode);
          seen(tx, stores);
          return tx;
        };
      });
      return req;
    },
  };
}

/** `keyAsks`: per key or count request, the store and how many keys it may walk (a whole-store count(): Infinity). */
export function instrument(
  page: ReturnType<typeof fakePage>,
  scopes: string[][] = [],
  keyAsks: [string, number][] = [],
) {
  const perTx: number[] = [];
  onTransactions(page, (tx, stores) => {
    scopes.push([...stores]);
    const i = perTx.push(0) - 1;
    const objectStore = tx.objectStore.bind(tx);
    const wrapped = new WeakSet<object>();
    tx.objectStore = (n: string) => {
      const os = objectStore(n);
      if (wrapped.has(os)) return os;
      wrapped.add(os);
      const getAll = os.getAll.bind(os);
      const get = os.get.bind(os);
      const getAllKeys = os.getAllKeys.bind(os);
      const openKeyCursor = os.openKeyCursor.bind(os);
      const countAll = os.count.bind(os);
      os.getAllKeys = (q?: IDBKeyRange | null, count?: number) => {
        keyAsks.push([n, count ?? Infinity]);
        return getAllKeys(q, count);
      };
      os.openKeyCursor = (q?: IDBValidKey | IDBKeyRange | null, dir?: IDBCursorDirection) => {
        const req = openKeyCursor(q, dir);
        // Each step of the cursor: how far it is moved on.
        let first = true;
        req.addEventListener('success', () => {
          const cur = req.result;
          if (!cur || !first) return;
          first = false;
          const advance = cur.advance.bind(cur);
          cur.advance = (k: number) => {
            keyAsks.push([n, k + 1]);
            advance(k);
          };
        });
        return req;
      };
      os.count = (q?: IDBValidKey | IDBKeyRange) => {
        // A count after a key: the keys left past a cursor's last step, fewer than it asked.
        keyAsks.push([n, q === undefined ? Infinity : 0]);
        return countAll(q);
      };
      os.getAll = (q?: IDBKeyRange | null, count?: number) => {
        perTx[i] = (perTx[i] ?? 0) + (count ?? 1e9);
        return getAll(q, count);
      };
      os.get = (k: IDBValidKey) => {
        perTx[i] = (perTx[i] ?? 0) + 1;
        return get(k);
      };
      return os;
    };
  });
  return perTx;
}
