// The page reader end to end in the real DevTools: a page on the reference app's origin holds a
// 100,000-row `_plasma_base_todos` store; times the page's own getAll of it, the panel's page
// reader reading it (eval + chunked JSON), and the naive eval that returns the rows as objects.
// Needs `npx vite build` first (with the page reader wired into the panel). Per read it prints where
// the time went: the page's transactions (wrapped in the page: mean, median, p95 and max from
// creation to the rows; the longest open, creation to complete, and its stores), the panel's evals
// and decoding. It also times the page's own read in 1,000-row transactions, chained on complete
// and, committed when asked, on the rows' arrival.
// Last, one more read with the page writing to the store it reads every 15 ms: each write's wait,
// against the same writes with no read (pageReader/writesDuring.ts).
// Then the floors under the read (pageReader/transport.ts): the transport alone (the rows already
// encoded in the page), and the page's own 1,000-row chain with its chunks encoded and polled by the
// panel; and the CPU every browser process spent on each read and each getAll (pageReader/cpu.ts).
// PAGE_READER_PAIRS (5), PLASMA_DIST=<dir> (another build), PAGE_READER_PROFILE=1 (CPU profiles of the
// page and the panel for one more read), PAGE_READER_BACK_TO_BACK=1 (no wait for the verdict engine).

import { availableParallelism } from 'node:os';
import { launchWithDevtools } from '../e2e/devtools.ts';
import { startReferenceApp } from '../e2e/reference-app/launch.ts';
import { topSelf, type CpuProfile } from './pageReader/profile.ts';
import { fmtWrites, writesDuringRead } from './pageReader/writesDuring.ts';
import { chainWithTransport, naiveEval, pageChains, transportFloor } from './pageReader/transport.ts';
import { cpuSnapshot, cpuSpent, fmtCpu, type CpuSpent } from './pageReader/cpu.ts';

const N = 100_000;
const DB = 'plasma-bench';
const PAIRS = Number(process.env.PAGE_READER_PAIRS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** What the bench reads of the panel's debug handle (`__plasmaDevtools`). */
interface BenchHandle {
  store: {
    verdicts: { client: { pending: { value: number } } };
    pageReader: {
      data: { value: Record<string, { base: Record<string, unknown[] | undefined> } | undefined> };
      overall: { value: { kind: string } };
    };
  };
  pageReader: {
    readNow: () => Promise<void>;
    stats: () => { full: { evals: number; ms: number; waitMs: number; chars: number } };
  };
}

const PROFILE = Boolean(process.env.PAGE_READER_PROFILE);
/** Rows per transaction of the chain-with-transport floor (PAGE_READER_CHAIN_ROWS, 1,000 as the reader's cap). */
const CHAIN_ROWS = Number(process.env.PAGE_READER_CHAIN_ROWS ?? 1000);
/** PAGE_READER_BACK_TO_BACK=1: start each read as soon as the last one ended (as before 2026-12-02). */
const SETTLE = !process.env.PAGE_READER_BACK_TO_BACK;

const app = await startReferenceApp();
const session = await launchWithDevtools();
let code = 0;
try {
  const panel = await session.showPlasma();
  const page = session.page;
  await page.goto(`${app.url}/quiet.html`);
  await page.evaluate(
    async ({ n, name }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name, 1);
        req.onupgradeneeded = () => {
          const d = req.result;
          d.createObjectStore('todos', { keyPath: 'id' });
          d.createObjectStore('_plasma_base_todos', { keyPath: 'id' });
          d.createObjectStore('_plasma_outbox', { keyPath: ['clientID', 'mutationID'] });
          d.createObjectStore('_plasma_meta', { keyPath: 'key' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => {
          reject(new Error(String(req.error)));
        };
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('_plasma_base_todos', 'readwrite');
        const s = tx.objectStore('_plasma_base_todos');
        for (let i = 0; i < n; i++) {
          s.put({
            id: `todo-${String(i).padStart(6, '0')}`,
            title: `Todo number ${i}`,
            done: i % 3 === 0,
            ownerId: `user-${i % 7}`,
            listId: `list-${i % 13}`,
            createdAt: 1_760_000_000_000 + i,
          });
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => {
          reject(new Error(String(tx.error)));
        };
      });
      db.close();
    },
    { n: N, name: DB },
  );
  const json = await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>(
      (r) => (indexedDB.open(name).onsuccess = (e) => r((e.target as IDBOpenDBRequest).result)),
    );
    const rows = await new Promise<unknown[]>((r) => {
      const q = db.transaction('_plasma_base_todos').objectStore('_plasma_base_todos').getAll();
      q.onsuccess = () => {
        r(q.result);
      };
    });
    db.close();
    return JSON.stringify(rows).length;
  }, DB);

  // The page's own getAll, timed in the page.
  const pageGetAll = () =>
    page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>(
        (r) => (indexedDB.open(name).onsuccess = (e) => r((e.target as IDBOpenDBRequest).result)),
      );
      const t0 = performance.now();
      const rows = await new Promise<unknown[]>((r) => {
        const q = db.transaction('_plasma_base_todos').objectStore('_plasma_base_todos').getAll();
        q.onsuccess = () => {
          r(q.result);
        };
      });
      const ms = performance.now() - t0;
      db.close();
      if (rows.length === 0) throw new Error('no rows');
      return ms;
    }, DB);

  const { shortTxMs, pipedMs } = await pageChains(page, DB, '_plasma_base_todos');

  // Let the read the navigation triggered finish, then time reads on demand, each right after a
  // getAll of the page's own (the machine may be shared: the ratio is taken per pair).
  // Where a read's time goes: the page's transactions (wrapped here: from the first one created
  // to the last one complete, epoch ms), the panel's evals (waiting, characters) and decoding.
  // Passed as text for tsx (no named helpers).
  await page.evaluate(`(() => {
    window.__benchTx = { first: 0, last: 0, n: 0, open: 0, toSuccess: 0, toComplete: 0 };
    const now = () => performance.timeOrigin + performance.now();
    const orig = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      const t = orig.apply(this, args);
      const c0 = now();
      const b = window.__benchTx;
      if (b.n++ === 0) b.first = c0;
      t.__c0 = c0;
      t.addEventListener('complete', () => {
        b.last = now();
        b.open += b.last - c0;
        if (t.__s) b.toComplete += b.last - t.__s;
        // The longest open, and over which stores: what an app write to them could wait for.
        if (!b.longest || b.last - c0 > b.longest.ms) b.longest = { ms: b.last - c0, scope: [...t.objectStoreNames] };
      });
      return t;
    };
    // A full pass in a worker (pageWorker.ts): when the worker said it was done.
    const W = window.Worker;
    window.Worker = function (...args) {
      const w = new W(...args);
      w.addEventListener('message', (e) => {
        if (e.data === 'done') window.__benchTx.workerDone = now();
      });
      return w;
    };
    const getAll = IDBObjectStore.prototype.getAll;
    IDBObjectStore.prototype.getAll = function (...args) {
      const r = getAll.apply(this, args);
      const t = this.transaction;
      r.addEventListener('success', () => {
        t.__s = now();
        window.__benchTx.toSuccess += t.__s - t.__c0;
        (window.__benchTx.each ||= []).push(t.__s - t.__c0);
      });
      return r;
    };
  })()`);
  // The page's main thread: its busy time (CDP TaskDuration of the page) during each read.
  const pageCdp = await page.context().newCDPSession(page);
  await pageCdp.send('Performance.enable');
  const pageBusyMs = async () =>
    1000 *
    ((await pageCdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
  const busyMs: number[] = [];
  const readerMs: number[] = [];
  const getAllMs: number[] = [];
  const ratios: number[] = [];
  const profile: string[] = [];
  // CPU of every browser process (pageReader/cpu.ts) during each getAll and each read.
  const getAllCpu: CpuSpent[] = [];
  const readerCpu: CpuSpent[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // The verdict engine judges each full read's 100k rows after it (its worker's answer lands on
    // the panel's main thread): wait for it, so a pair does not pay for the read before it.
    await panel.evaluate(async (settle) => {
      const h = (globalThis as unknown as { __plasmaDevtools: BenchHandle }).__plasmaDevtools;
      while (
        h.store.pageReader.overall.value.kind === 'reading' ||
        (settle && h.store.verdicts.client.pending.value > 0)
      )
        await new Promise((res) => setTimeout(res, 20));
    }, SETTLE);
    const c0 = cpuSnapshot();
    getAllMs.push(await pageGetAll());
    getAllCpu.push(cpuSpent(c0, cpuSnapshot()));
    await page.evaluate(() => {
      (window as unknown as { __benchTx: object }).__benchTx = {
        first: 0,
        last: 0,
        n: 0,
        open: 0,
        toSuccess: 0,
        toComplete: 0,
      };
    });
    const busy0 = await pageBusyMs();
    const c1 = cpuSnapshot();
    const r = await panel.evaluate(async (name) => {
      const h = (globalThis as unknown as { __plasmaDevtools: BenchHandle }).__plasmaDevtools;
      while (h.store.pageReader.overall.value.kind === 'reading') await new Promise((res) => setTimeout(res, 20));
      const s0 = h.pageReader.stats().full;
      const t0 = performance.now();
      const e0 = performance.timeOrigin + t0;
      await h.pageReader.readNow();
      const ms = performance.now() - t0;
      const s1 = h.pageReader.stats().full;
      return {
        ms,
        e0,
        evals: s1.evals - s0.evals,
        decodeMs: s1.ms - s0.ms,
        waitMs: s1.waitMs - s0.waitMs,
        chars: s1.chars - s0.chars,
        rows: h.store.pageReader.data.value[name]?.base.todos?.length ?? -1,
        overall: h.store.pageReader.overall.value,
      };
    }, DB);
    readerCpu.push(cpuSpent(c1, cpuSnapshot()));
    busyMs.push((await pageBusyMs()) - busy0);
    if (r.rows !== N) throw new Error(`the page reader read ${String(r.rows)} rows: ${JSON.stringify(r.overall)}`);
    const tx = await page.evaluate(
      () =>
        (
          window as unknown as {
            __benchTx: {
              first: number;
              last: number;
              n: number;
              open: number;
              toSuccess: number;
              toComplete: number;
              each?: number[];
              longest?: { ms: number; scope: string[] };
              workerDone?: number;
            };
          }
        ).__benchTx,
    );
    const each = (x: number) => (x / Math.max(1, tx.n)).toFixed(1);
    // The mean above counts the heads (a count of every store) and any first slow one: the median
    // and the 95th percentile say what most chunks held writes back for.
    const sorted = [...(tx.each ?? [])].sort((a, b) => a - b);
    const maxAt = (tx.each ?? []).indexOf(sorted.at(-1) ?? NaN) + 1;
    const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1);
    readerMs.push(r.ms);
    ratios.push(r.ms / (getAllMs.at(-1) ?? NaN));
    const txs =
      tx.n === 0
        ? `no transaction on the page thread (the full pass ran in a worker, done at +${((tx.workerDone ?? NaN) - r.e0).toFixed(0)} ms)`
        : `page txs ${tx.n} from +${(tx.first - r.e0).toFixed(0)} to +${(tx.last - r.e0).toFixed(0)} ms (open ${each(tx.open)} ms each: ${each(tx.toSuccess)} to a getAll's success, median ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)} (the ${maxAt} of ${sorted.length}); ${each(tx.toComplete)} from it to complete; longest open ${tx.longest?.ms.toFixed(1) ?? '-'} ms over ${tx.longest?.scope.join('+') ?? '-'})`;
    profile.push(
      `read ${r.ms.toFixed(0)} ms, page main thread busy ${(busyMs.at(-1) ?? NaN).toFixed(0)} ms: ${txs}; ${r.evals} evals waited ${r.waitMs.toFixed(0)} ms for ${(r.chars / 1e6).toFixed(1)} M chars; decode+apply ${r.decodeMs.toFixed(0)} ms`,
    );
  }

  if (PROFILE) {
    // One more read with the page's and the panel's CPU profiled (self time per function).
    const cdps = [
      await session.page.context().newCDPSession(page),
      await session.devtools.context().newCDPSession(panel),
    ];
    for (const c of cdps) {
      await c.send('Profiler.enable');
      await c.send('Profiler.setSamplingInterval', { interval: 200 });
      await c.send('Profiler.start');
    }
    const ms = await panel.evaluate(async () => {
      const h = (globalThis as unknown as { __plasmaDevtools: BenchHandle }).__plasmaDevtools;
      const t0 = performance.now();
      await h.pageReader.readNow();
      return performance.now() - t0;
    });
    console.log(`profiled read: ${ms.toFixed(0)} ms`);
    for (const [i, c] of cdps.entries()) {
      const { profile: prof } = (await c.send('Profiler.stop')) as { profile: CpuProfile };
      console.log(i === 0 ? 'page, self ms:' : 'panel, self ms:');
      for (const line of topSelf(prof)) console.log(`  ${line}`);
    }
  }

  // A page write every 15 ms during one more read: how long each waits (READING.md).
  const writes = await writesDuringRead(
    page,
    () =>
      panel.evaluate(async () => {
        const h = (globalThis as unknown as { __plasmaDevtools: BenchHandle }).__plasmaDevtools;
        const t0 = performance.now();
        await h.pageReader.readNow();
        return performance.now() - t0;
      }),
    DB,
    '_plasma_base_todos',
  );

  const naiveMs = await naiveEval(panel, DB, '_plasma_base_todos');

  // What carrying a read's characters alone costs: as many evals as the last read, no IndexedDB.
  const lastEvals = Number(/(\d+) evals waited/.exec(profile.at(-1) ?? '')?.[1] ?? 32);
  const floors = [];
  for (let i = 0; i < 3; i++) floors.push(await transportFloor(page, panel, DB, '_plasma_base_todos', lastEvals));
  const chains = [];
  for (let i = 0; i < 3; i++) chains.push(await chainWithTransport(page, panel, DB, '_plasma_base_todos', CHAIN_ROWS));

  const reader = median(readerMs);
  const getAll = median(getAllMs);
  console.log(`store: ${N} rows, ${(json / 1e6).toFixed(1)} MB as JSON`);
  console.log(
    `page reader runs: ${readerMs.map((x) => x.toFixed(0)).join(', ')} ms; page getAll runs: ${getAllMs.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
  for (const line of profile) console.log(line);
  const cores = availableParallelism();
  for (const [i, c] of readerCpu.entries())
    console.log(`CPU, read ${i + 1}: ${fmtCpu(c)}; its getAll: ${fmtCpu(getAllCpu[i] as CpuSpent)}`);
  for (const f of floors)
    console.log(
      `transport alone (the rows pre-encoded in the page, ${f.evals} evals, ${(f.chars / 1e6).toFixed(1)} M chars, parsed in the panel): ${f.ms.toFixed(0)} ms, ${fmtCpu(f.cpu)}`,
    );
  for (const c of chains)
    console.log(
      `the page's ${CHAIN_ROWS}-row chain, each chunk encoded and polled by the panel every 30 ms (${c.evals} evals, ${c.rows} rows): ${c.ms.toFixed(0)} ms, ${fmtCpu(c.cpu)}`,
    );
  const cpuRead = median(readerCpu.map((c) => c.total));
  console.log(
    `CPU of a read, all browser processes (median): ${cpuRead} ms against ${median(getAllCpu.map((c) => c.total))} ms for getAll; on ${cores} cores no read that costs this can take under ${(cpuRead / cores).toFixed(0)} ms`,
  );
  console.log(`naive eval returning objects: ${naiveMs.rows} rows in ${naiveMs.ms.toFixed(0)} ms`);
  console.log(
    `the page's own read in 1,000-row transactions with a macrotask between: ${shortTxMs.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
  console.log(`the same, each committed when asked: ${pipedMs.map((x) => x.toFixed(0)).join(', ')} ms`);
  console.log(
    `page reader first full read: ${N} rows in ${reader.toFixed(0)} ms; page getAll ${getAll.toFixed(0)} ms; ratio of medians ${(reader / getAll).toFixed(2)}; median of paired ratios ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(', ')}) (goal <= 1.5); the page's main thread busy ${median(busyMs).toFixed(0)} ms of it (median)`,
  );
  const chainMs = median(chains.map((c) => c.ms));
  console.log(
    `floor under that goal: the page's own ${CHAIN_ROWS}-row chain, encoded and carried by the same evals, nothing else, ${chainMs.toFixed(0)} ms = ${(chainMs / getAll).toFixed(2)}x the page's getAll (median of 3)`,
  );
  console.log(
    `page writes every 15 ms to the store read: during a full read (${writes.readMs.toFixed(0)} ms) ${fmtWrites(writes.during)}; with no read ${fmtWrites(writes.alone)}`,
  );
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  await session.close();
  await app.dispose();
}
process.exit(code);
