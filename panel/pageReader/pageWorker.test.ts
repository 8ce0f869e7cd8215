// A full pass in a worker (pageWorker.ts): the same events as on the page's thread, in the same
// order; the page's thread when no worker can start; a clear error when the worker dies mid-read;
// a page write issued mid-read still completes before the read does.

import { describe, expect, it } from 'vitest';
import { bigPlasma, readWith } from './readTestKit.ts';
import { run, withWorker } from './testPage.ts';

// No adapting to time (fake-indexeddb's speed varies): chunk boundaries are the same in every run.
const cmd = { chunkRows: 100, sliceMs: 1e6 };

describe('a full pass in a worker', () => {
  it('reads in the worker exactly what the page’s thread reads, then ends the worker', async () => {
    const { page, db } = await bigPlasma(1234);
    db.close();
    // The worker reads in batches of 3 transactions on ranges apart (pageReadChunks.ts).
    const onMain = await readWith(page.g, { ...cmd, worker: false, parallel: 3 });
    const w = withWorker(page);
    const inWorker = await readWith(page.g, cmd);
    expect(w.workers).toHaveLength(1);
    expect(inWorker).toEqual(onMain);
    expect(inWorker.filter((e) => e.k === 'chunk').length).toBeGreaterThan(20);
    expect(w.workers[0]?.terminated).toBe(true);
    expect(w.sources.size).toBe(0); // the blob URL is revoked
  });

  it('keeps incremental reads on the page’s thread', async () => {
    const { page, db } = await bigPlasma(50);
    db.close();
    const w = withWorker(page);
    await readWith(page.g, { ...cmd, dbs: ['plasma-big'], keys: { tables: [['todos', ['t00001']]], any: [] } });
    expect(w.workers).toHaveLength(0);
  });

  for (const fail of ['construct', 'start', 'no-databases'] as const)
    it(`reads on the page’s thread when the worker cannot (${fail})`, async () => {
      const { page, db } = await bigPlasma(300);
      db.close();
      const onMain = await readWith(page.g, { ...cmd, worker: false });
      withWorker(page, fail);
      expect(await readWith(page.g, cmd)).toEqual(onMain);
    });

  it('reads on the page’s thread when the worker never answers', async () => {
    const { page, db } = await bigPlasma(300);
    db.close();
    const onMain = await readWith(page.g, { ...cmd, worker: false });
    const w = withWorker(page, 'silent');
    expect(await readWith(page.g, { ...cmd, workerStartMs: 30 })).toEqual(onMain);
    expect(w.workers[0]?.terminated).toBe(true);
  });

  it('ends the read with the worker’s error when it dies mid-read', async () => {
    const { page, db } = await bigPlasma(1234);
    db.close();
    withWorker(page, 'crash');
    await expect(readWith(page.g, cmd)).rejects.toThrow(/the reader in its worker failed: out of memory/);
  });

  it('ends the worker when the panel cancels the read', async () => {
    const { page, db } = await bigPlasma(1234);
    db.close();
    const w = withWorker(page);
    run(page.g, { op: 'read', key: 'job', ...cmd });
    expect(w.workers[0]?.terminated).toBe(false);
    expect(JSON.parse(String(run(page.g, { op: 'cancel', key: 'job' })))).toEqual({ v: 1, cancelled: true });
    expect(w.workers[0]?.terminated).toBe(true);
  });

  it('lets a page write issued mid-read complete before the read does', async () => {
    const { page, db } = await bigPlasma(3000);
    withWorker(page);
    let seenAtWrite = -1;
    const events = await readWith(page.g, cmd, (drain) => {
      const tx = db.transaction(['todos', '_plasma_outbox'], 'readwrite');
      tx.objectStore('todos').put({ id: 'new', title: 'written mid-read' });
      tx.objectStore('_plasma_outbox').put({ clientID: 'c', mutationID: 1, name: 'm', args: {}, timestamp: 1 });
      tx.oncomplete = () => void (seenAtWrite = drain());
    });
    expect(seenAtWrite).toBeGreaterThan(0);
    const after = events.slice(seenAtWrite);
    expect(after.filter((e) => e.k === 'chunk').length).toBeGreaterThan(10);
    expect(events.find((e) => e.k === 'dbDone')).toMatchObject({ consistent: false });
    db.close();
  });
});
