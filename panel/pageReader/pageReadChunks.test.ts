// A full pass in batches of transactions on key ranges apart (pageReadChunks.ts): the same rows in
// the same order as one transaction at a time, at most the batch's rows asked for at once, a
// page write issued mid-read still completing first, and stores that move mid-read marked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChunkAssembler, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { bigPlasma, instrument, onTransactions, readWith } from './readTestKit.ts';

const cmd = { chunkRows: 90, sliceMs: 1e6 };

function assembled(events: ReaderEvent[]) {
  const a = createChunkAssembler(() => 1);
  const steps = events.flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone' ? [a.take(e)] : []));
  const bad = steps.find((s) => s.kind === 'fault');
  if (bad) throw new Error(JSON.stringify(bad));
  const complete = steps.find((s) => s.kind === 'complete');
  return complete?.kind === 'complete' ? complete.data : null;
}

describe('a full pass in batches on key ranges', () => {
  it('reads the same rows in the same order as one transaction at a time', async () => {
    const { page, db } = await bigPlasma(1000);
    db.close();
    const one = assembled(await readWith(page.g, cmd));
    const three = assembled(await readWith(page.g, { ...cmd, parallel: 3 }));
    expect(three?.base.todos).toHaveLength(1000);
    expect(three?.visible.todos).toEqual(one?.visible.todos);
    expect(three?.base.todos).toEqual(one?.base.todos);
    expect(three?.consistent).toBe(true);
  });

  it('asks at most chunkRows rows of a store at once, in batches of up to 3 transactions', async () => {
    const { page, db } = await bigPlasma(1000);
    db.close();
    const open = new Set<IDBTransaction>();
    let most = 0;
    const perTx = instrument(page);
    onTransactions(page, (tx, stores) => {
      if (!stores.includes('_plasma_base_todos')) return;
      open.add(tx);
      most = Math.max(most, open.size);
      tx.addEventListener('complete', () => open.delete(tx));
    });
    await readWith(page.g, { ...cmd, parallel: 3 });
    expect(most).toBe(3);
    expect(Math.max(...perTx)).toBeLessThanOrEqual(90);
  });

  it('reads on in a range that grew past what a transaction may ask for, in key order', async () => {
    const { page, db } = await bigPlasma(1000);
    const events = await readWith(page.g, { ...cmd, parallel: 3 }, () => {
      // 100 rows inside one range not read yet: it now holds more than one transaction asks for.
      const tx = db.transaction(['todos'], 'readwrite');
      for (let i = 0; i < 100; i++)
        tx.objectStore('todos').put({ id: `t00900-${String(i).padStart(3, '0')}`, title: 'grew' });
    });
    const ids = (assembled(events)?.visible.todos ?? []).map((r) => (r as { id: string }).id);
    // In key order, cut at the count the panel was told: the first 1,000 of the store's ids now.
    const now = [
      ...Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(5, '0')}`),
      ...Array.from({ length: 100 }, (_, i) => `t00900-${String(i).padStart(3, '0')}`),
    ].sort();
    expect(ids).toEqual(now.slice(0, 1000));
    expect(events.find((e) => e.k === 'dbDone')).toMatchObject({ consistent: false });
  });

  it('marks a read whose store moved between its ranges as not consistent', async () => {
    const { page, db } = await bigPlasma(1000);
    const events = await readWith(page.g, { ...cmd, parallel: 3 }, () => {
      const tx = db.transaction(['todos'], 'readwrite');
      tx.objectStore('todos').delete('t00990');
    });
    expect(assembled(events)?.visible.todos).toHaveLength(999);
    expect(events.find((e) => e.k === 'dbDone')).toMatchObject({ consistent: false });
  });

  it('reads every row once, in key order, whatever the store size, chunk size and batch width', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 7, max: 120 }),
        fc.integer({ min: 1, max: 4 }),
        async (n, chunkRows, parallel) => {
          const { page, db } = await bigPlasma(n);
          db.close();
          const data = assembled(await readWith(page.g, { chunkRows, sliceMs: 1e6, parallel }));
          const ids = (rows: unknown[] | undefined) => (rows ?? []).map((r) => (r as { id: string }).id);
          const want = Array.from({ length: n }, (_, i) => `t${String(i).padStart(5, '0')}`);
          expect(ids(data?.base.todos)).toEqual(want);
          expect(ids(data?.visible.todos)).toEqual(want);
          expect(data?.consistent).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
