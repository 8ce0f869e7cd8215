// The page script's full reads: short transactions, one at a time, a page write issued mid-read
// completing before the read does, counts over several transactions, and stores that move mid-read.

import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChunkAssembler, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { bigPlasma, instrument, onTransactions, readWith } from './readTestKit.ts';

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
    onTransactions(
      page,
      (tx) => {
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
      },
      () => {
        const unanswered = [...open.values()].filter((x) => x.answered < x.asked).length;
        seen.push({ open: open.size, unanswered });
      },
    );
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

  /** The rows each chunk of the base store asked for, with `slow(k, rows)` ms added to the k-th one's time. */
  async function chunkAsks(slow: (k: number, rows: number) => number) {
    const { page, db } = await bigPlasma(5000);
    db.close();
    let offset = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => 1e12 + offset);
    const asks: number[] = [];
    onTransactions(page, (tx) => {
      const objectStore = tx.objectStore.bind(tx);
      tx.objectStore = (n: string) => {
        const os = objectStore(n);
        const getAll = os.getAll.bind(os);
        os.getAll = (q?: IDBKeyRange | null, count?: number) => {
          if (n === '_plasma_base_todos' && count !== undefined) {
            asks.push(count);
            offset += slow(asks.length, count);
          }
          return getAll(q, count);
        };
        return os;
      };
    });
    await readWith(page.g, { chunkRows: 1000, sliceMs: 8 });
    return asks;
  }
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps its chunks at the budget when one transaction was slow for reasons of its own', async () => {
    // The second chunk takes 100 ms (the page was busy): the next ones still ask for 1,000 rows.
    const asks = await chunkAsks((k) => (k === 2 ? 100 : 1));
    expect(asks.length).toBeGreaterThanOrEqual(3);
    expect(asks.every((n) => n === 1000)).toBe(true);
  });

  it('shrinks its chunks at once when every transaction of a store is slow (large rows)', async () => {
    // 0.1 ms a row: 1,000 rows take 100 ms, and 80 fit in the 8 ms budget, from the next chunk on.
    const asks = await chunkAsks((_k, rows) => rows * 0.1);
    expect(asks.slice(0, 4)).toEqual([1000, 80, 80, 80]);
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
