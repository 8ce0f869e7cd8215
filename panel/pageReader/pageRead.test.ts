import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createChunkAssembler, decodeReaderAnswer, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { fakePage, openWith, plasmaStores, put, readAll, run } from './testPage.ts';
import type { PageCmd } from './pageScript.ts';

const rows = (n: number, prefix = 't') =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(5, '0')}`, title: `todo ${i}` }));
const tick = () => new Promise((r) => setTimeout(r, 0));

async function bigPlasma(n: number) {
  const page = fakePage();
  const db = await openWith(page.idb, 'plasma-big', plasmaStores(['todos']));
  await put(db, 'todos', rows(n));
  await put(db, '_plasma_base_todos', rows(n));
  await put(db, '_plasma_meta', [{ key: 'cookie', value: 'c1:1' }]);
  return { page, db };
}

/** Polls a read; `during` runs once, when the first chunk of `todos` has arrived (mid-read), and
 * gets a `drain` that takes what the page has queued so far, at that moment. */
async function readWith(g: unknown, cmd: Partial<PageCmd>, during?: (drain: () => number) => void) {
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
/** A full read's events assembled: the visible and base todos held, and whether it was consistent. */
function assembledTodos(events: ReaderEvent[]) {
  const a = createChunkAssembler(() => 1);
  const steps = events.flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone' ? [a.take(e)] : []));
  const complete = steps.find((s) => s.kind === 'complete');
  return (
    complete?.kind === 'complete' && [
      complete.data.visible.todos?.length,
      complete.data.base.todos?.length,
      complete.data.consistent,
    ]
  );
}

/** `keyAsks`: per key or count request, the store and how many keys it may walk (a whole-store count(): Infinity). */
function instrument(page: ReturnType<typeof fakePage>, scopes: string[][] = [], keyAsks: [string, number][] = []) {
  const perTx: number[] = [];
  const idb = page.idb;
  page.g.indexedDB = {
    databases: () => idb.databases(),
    open: (name: string) => {
      const req = idb.open(name);
      req.addEventListener('success', () => {
        const db = req.result;
        const transaction = db.transaction.bind(db);
        (db as { transaction: unknown }).transaction = (stores: string[], mode: IDBTransactionMode) => {
          const tx = transaction(stores, mode);
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
              perTx[i]! += count ?? 1e9;
              return getAll(q, count);
            };
            os.get = (k: IDBValidKey) => {
              perTx[i]! += 1;
              return get(k);
            };
            return os;
          };
          return tx;
        };
      });
      return req;
    },
  };
  return perTx;
}

describe('page script: short transactions', () => {
  it('lets a page write issued mid-read complete before the read does', async () => {
    const { page, db } = await bigPlasma(3000);
    let seenAtWrite = -1;
    const events = await readWith(page.g, { chunkRows: 100 }, (drain) => {
      // As mutate() does: one readwrite transaction on the visible store and the outbox.
      const tx = db.transaction(['todos', '_plasma_outbox'], 'readwrite');
      tx.objectStore('todos').put({ id: 'new', title: 'written mid-read' });
      tx.objectStore('_plasma_outbox').put({
        clientID: 'c',
        mutationID: 1,
        name: 'createTodo',
        args: { id: 'new' },
        timestamp: 1,
      });
      // Everything the page queued before the write completed is taken now; the rest came after.
      tx.oncomplete = () => void (seenAtWrite = drain());
    });
    expect(seenAtWrite).toBeGreaterThan(0);
    const after = events.slice(seenAtWrite);
    expect(after.filter((e) => e.k === 'chunk').length).toBeGreaterThan(10);
    expect(after.some((e) => e.k === 'dbDone')).toBe(true);
    // The write moved the outbox and the counts under the read: it is no snapshot, and says so.
    expect(events.find((e) => e.k === 'dbDone')).toMatchObject({ consistent: false });
    db.close();
  });

  it('asks each transaction for at most chunkRows rows, and marks a quiet read consistent', async () => {
    const { page, db } = await bigPlasma(1234);
    db.close();
    const scopes: string[][] = [];
    const perTx = instrument(page, scopes);
    const events = await readWith(page.g, { chunkRows: 100 });
    expect(perTx.length).toBeGreaterThan(20);
    expect(Math.max(...perTx)).toBeLessThanOrEqual(200); // the heads: meta and outbox, each ≤ chunkRows
    const heads = scopes.flatMap((s, i) => (s.includes('_plasma_outbox') ? [i] : []));
    // Each head comes after the other three stores' counts, each in transactions of its own (a big
    // store's over several when they run slow), and covers outbox and meta only: a count of a big
    // store holds back no write to another.
    expect(heads).toHaveLength(2);
    expect(heads[1]).toBe(perTx.length - 1);
    expect([...new Set(scopes.slice(0, heads[0]).flat())].sort()).toEqual(
      ['_plasma_base_todos', '_plasma_blobs_local', 'todos'].sort(),
    );
    const small = (s: string[]) => s.every((n) => n === '_plasma_outbox' || n === '_plasma_meta');
    expect(scopes.every((s, i) => (heads.includes(i) ? small(s) : s.length === 1))).toBe(true);
    expect(perTx.every((n, i) => heads.includes(i) || n <= 100)).toBe(true);
    const done = events.find((e) => e.k === 'dbDone');
    expect(done).toMatchObject({ consistent: true });
    expect(assembledTodos(events)).toEqual([1234, 1234, true]);
  });

  it('counts a big store over several transactions, a bounded number of keys each, and gets the count right', async () => {
    const { page, db } = await bigPlasma(5000);
    db.close();
    const scopes: string[][] = [];
    const keyAsks: [string, number][] = [];
    instrument(page, scopes, keyAsks);
    const events = await readWith(page.g, {});
    // The heads count outbox and meta in one count() each; the big stores never walk unbounded.
    const big = keyAsks.filter(([n]) => n === 'todos' || n === '_plasma_base_todos');
    expect(big.every(([, n]) => Number.isFinite(n))).toBe(true);
    // The first head counts the base store in steps (2,000 keys, then as many as fit), the closing one again.
    const asks = keyAsks.filter(([n]) => n === '_plasma_base_todos').map(([, k]) => k);
    expect(asks[0]).toBe(2000);
    expect(asks.length).toBeGreaterThanOrEqual(3);
    expect(assembledTodos(events)).toEqual([5000, 5000, true]);
  });

  it('opens one transaction at a time, each after the one before completed', async () => {
    const { page, db } = await bigPlasma(2000);
    db.close();
    // Each transaction the reader opens: whether its requests have all answered, until it ends.
    const open = new Map<IDBTransaction, { asked: number; answered: number }>();
    const seen: { open: number; unanswered: number }[] = [];
    const idb = page.idb;
    page.g.indexedDB = {
      databases: () => idb.databases(),
      open: (name: string) => {
        const req = idb.open(name);
        req.addEventListener('success', () => {
          const d = req.result;
          const transaction = d.transaction.bind(d);
          (d as { transaction: unknown }).transaction = (stores: string[], mode: IDBTransactionMode) => {
            const unanswered = [...open.values()].filter((x) => x.answered < x.asked).length;
            seen.push({ open: open.size, unanswered });
            const tx = transaction(stores, mode);
            const st = { asked: 0, answered: 0 };
            open.set(tx, st);
            const end = () => open.delete(tx);
            tx.addEventListener('complete', end);
            tx.addEventListener('abort', end);
            const objectStore = tx.objectStore.bind(tx);
            tx.objectStore = (n: string) => {
              const os = objectStore(n);
              const getAll = os.getAll.bind(os);
              os.getAll = (q?: IDBKeyRange | null, count?: number) => {
                st.asked++;
                const r = getAll(q, count);
                r.addEventListener('success', () => {
                  st.answered++;
                });
                return r;
              };
              return os;
            };
            return tx;
          };
        });
        return req;
      },
    };
    // The reader's macrotask between transactions, run as soon as possible (a microtask): a
    // reader that created the next transaction before the last one completed would be caught.
    page.g.setTimeout = (f: () => void, ms?: number): unknown => {
      if (ms) return setTimeout(f, ms);
      queueMicrotask(f);
      return 0;
    };
    await readWith(page.g, { chunkRows: 100 });
    expect(seen.length).toBeGreaterThan(20);
    // When a transaction is created, no other the reader opened is still open (a write created
    // meanwhile waits behind one chunk at most).
    expect(seen.every((x) => x.open === 0 && x.unanswered === 0)).toBe(true);
  });

  it('still assembles a store that shrank during the read, marked inconsistent', async () => {
    const { page, db } = await bigPlasma(600);
    const events = await readWith(page.g, { chunkRows: 100 }, () => {
      const tx = db.transaction(['todos'], 'readwrite');
      tx.objectStore('todos').delete(IDBKeyRange.lowerBound('t00550'));
    });
    const a = createChunkAssembler(() => 1);
    const steps = events.flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone' ? [a.take(e)] : []));
    const complete = steps.find((s) => s.kind === 'complete');
    expect(complete?.kind === 'complete' && complete.data.consistent).toBe(false);
    db.close();
  });
});

describe('page script: incremental reads', () => {
  it('spreads many named rows over transactions of one store each, 25 gets in the first', async () => {
    const { page, db } = await bigPlasma(500);
    const scopes: string[][] = [];
    const perTx = instrument(page, scopes);
    db.close();
    const ids = Array.from({ length: 300 }, (_, i) => `t${String(i).padStart(5, '0')}`);
    const events = await readWith(page.g, {
      chunkRows: 1000,
      countStores: false,
      keys: { tables: [['todos', ids]], any: [] },
    });
    const found = (store: string) =>
      events.reduce((n, e) => n + (e.k === 'keyed' && e.store === store ? e.found.length : 0), 0);
    expect([found('todos'), found('_plasma_base_todos')]).toEqual([300, 300]);
    // The head asks for meta and the outbox only (1,000 each at most), over those two stores: the
    // app's writes to the tables never wait behind it. The gets follow, 25 in the first, in
    // transactions over one store each, growing only while one ends well within the budget.
    expect(perTx[0]).toBe(2 * 1000);
    expect(scopes[0]?.sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
    expect(perTx[1]).toBe(25);
    const gets = scopes.slice(1, -1);
    expect(gets.length).toBeGreaterThanOrEqual(3);
    expect(gets.every((s) => s.length === 1)).toBe(true);
    expect(scopes.at(-1)?.sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
  });

  it('reads outbox, meta, counts and only the named rows, in base and visible', async () => {
    const { page, db } = await bigPlasma(500);
    await put(db, '_plasma_outbox', [
      { clientID: 'c', mutationID: 4, name: 'renameTodo', args: { id: 't00007', listId: 'l1' }, timestamp: 1 },
    ]);
    const scopes: string[][] = [];
    const perTx = instrument(page, scopes);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['todos', ['t00001', 'gone']]], any: [] } });
    const keyed = events.flatMap((e) => (e.k === 'keyed' ? [e] : []));
    expect(keyed.map((e) => [e.store, e.found.map((r) => (r as { id: string }).id).sort(), e.missing.sort()])).toEqual([
      ['_plasma_base_todos', ['t00001', 't00007'], ['gone', 'l1']],
      ['todos', ['t00001', 't00007'], ['gone', 'l1']],
    ]);
    expect(events.flatMap((e) => (e.k === 'chunk' ? [e.store] : []))).toEqual(['_plasma_meta', '_plasma_outbox']);
    // Each big store counted in a transaction of its own, the head (meta and outbox, 50 each at
    // most), the four gets of each store in its own transaction, and the closing check of meta and
    // outbox, which counts nothing again; nothing scales with the 500 rows.
    expect(perTx).toEqual([0, 0, 0, 2 * 50, 4, 4, 2 * 50]);
    expect(scopes.slice(0, 3).map((s) => s.length)).toEqual([1, 1, 1]);
    expect(scopes[3]?.sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
    expect(events.find((e) => e.k === 'dbDone')).toMatchObject({ consistent: true });
    const a = createChunkAssembler(() => 1);
    const steps = events.flatMap((e) =>
      e.k === 'db' || e.k === 'chunk' || e.k === 'keyed' || e.k === 'dbDone' ? [a.take(e)] : [],
    );
    const delta = steps.find((s) => s.kind === 'delta');
    if (delta?.kind !== 'delta') throw new Error('no delta');
    expect(delta.delta.counts.todos).toBe(500);
    expect(delta.delta.meta.cookie).toBe('c1:1');
    expect(delta.delta.outbox).toHaveLength(1);
    expect(delta.delta.visible.todos?.del.sort()).toEqual(['gone', 'l1']);
  });

  it('counts only outbox and meta when asked not to count the big stores', async () => {
    const { page, db } = await bigPlasma(300);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['todos', ['t00001']]], any: [] }, countStores: false });
    const a = createChunkAssembler(() => 1);
    const delta = events
      .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'keyed' || e.k === 'dbDone' ? [a.take(e)] : []))
      .find((s) => s.kind === 'delta');
    if (delta?.kind !== 'delta') throw new Error('no delta');
    expect(Object.keys(delta.delta.counts).sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
    expect(delta.delta.visible.todos?.put).toEqual([expect.objectContaining({ id: 't00001' })]);
  });

  it('leaves the visible stores uncounted when asked, counting the base stores each on its own', async () => {
    const { page, db } = await bigPlasma(300);
    const scopes: string[][] = [];
    instrument(page, scopes);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['todos', ['t00001']]], any: [] }, countVisible: false });
    const a = createChunkAssembler(() => 1);
    const delta = events
      .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'keyed' || e.k === 'dbDone' ? [a.take(e)] : []))
      .find((s) => s.kind === 'delta');
    if (delta?.kind !== 'delta') throw new Error('no delta');
    expect(delta.delta.counts._plasma_base_todos).toBe(300);
    expect(Object.hasOwn(delta.delta.counts, 'todos')).toBe(false);
    // No transaction but the gets of todos covers the store the app writes.
    expect(scopes.filter((s) => s.includes('todos'))).toEqual([['todos']]);
  });

  it('never counts the stores the panel holds too many rows of, in that database only', async () => {
    const { page, db } = await bigPlasma(300);
    const scopes: string[][] = [];
    instrument(page, scopes);
    db.close();
    const events = await readWith(page.g, {
      keys: { tables: [['todos', ['t00001']]], any: [] },
      noCount: [
        ['another-db', ['todos']],
        ['plasma-big', ['_plasma_base_todos']],
      ],
    });
    const a = createChunkAssembler(() => 1);
    const delta = events
      .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'keyed' || e.k === 'dbDone' ? [a.take(e)] : []))
      .find((s) => s.kind === 'delta');
    if (delta?.kind !== 'delta') throw new Error('no delta');
    expect(Object.hasOwn(delta.delta.counts, '_plasma_base_todos')).toBe(false);
    expect(delta.delta.counts.todos).toBe(300);
    // One transaction fewer over the base store than a read that counts it: its count.
    const alone = (list: string[][]) => list.filter((s) => s.length === 1 && s[0] === '_plasma_base_todos').length;
    const counted: string[][] = [];
    instrument(page, counted);
    await readWith(page.g, { keys: { tables: [['todos', ['t00001']]], any: [] } });
    expect(alone(scopes)).toBe(alone(counted) - 1);
    expect(delta.delta.visible.todos?.put).toEqual([expect.objectContaining({ id: 't00001' })]);
  });

  it('keeps a table named __proto__ a table', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['__proto__']));
    await put(db, '__proto__', [{ id: 'a' }]);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['__proto__', ['a']]], any: [] } });
    expect(events.flatMap((e) => (e.k === 'keyed' ? [e.found] : []))).toEqual([[], [{ id: 'a' }]]);
    const full = await readAll(page.g);
    const a = createChunkAssembler(() => 1);
    const complete = full.events
      .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone' ? [a.take(e)] : []))
      .find((s) => s.kind === 'complete');
    if (complete?.kind !== 'complete') throw new Error('no complete');
    expect(Object.getPrototypeOf(complete.data.visible)).toBe(null);
    expect(complete.data.visible.__proto__).toEqual([{ id: 'a' }]);
    expect(Object.getPrototypeOf(complete.data.base)).toBe(null);
  });
});
