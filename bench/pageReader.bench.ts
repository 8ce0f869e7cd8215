// The page reader end to end in the real DevTools: a page on the reference app's origin holds a
// 100,000-row `_plasma_base_todos` store; times the page's own getAll of it, the panel's page
// reader reading it (eval + chunked JSON), and the naive eval that returns the rows as objects.
// Needs `npx vite build` first (with the page reader wired into the panel).

import { launchWithDevtools } from '../e2e/devtools.ts';
import { startReferenceApp } from '../e2e/reference-app/launch.ts';

const N = 100_000;
const DB = 'plasma-bench';
const PAIRS = Number(process.env.PAGE_READER_PAIRS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** What the bench reads of the panel's debug handle (`__plasmaDevtools`). */
interface BenchHandle {
  store: {
    pageReader: {
      data: { value: Record<string, { base: Record<string, unknown[] | undefined> } | undefined> };
      overall: { value: { kind: string } };
    };
  };
  pageReader: { readNow: () => Promise<void> };
}

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

  // The floor for short transactions: the page itself reading the store 1,000 rows per
  // transaction with a macrotask between them, as the reader does (passed as text for tsx).
  const shortTxMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    shortTxMs.push(
      await page.evaluate<number>(`(async () => {
        const db = await new Promise((r) => (indexedDB.open('${DB}').onsuccess = (e) => r(e.target.result)));
        const t0 = performance.now();
        let after = undefined, n = 0;
        for (;;) {
          const rows = await new Promise((r) => {
            const q = db.transaction('_plasma_base_todos').objectStore('_plasma_base_todos').getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), 1000);
            q.onsuccess = () => r(q.result);
          });
          n += rows.length;
          if (rows.length < 1000) break;
          after = rows[rows.length - 1].id;
          await new Promise((r) => setTimeout(r, 0));
        }
        db.close();
        return performance.now() - t0;
      })()`),
    );
  }

  // Let the read the navigation triggered finish, then time reads on demand, each right after a
  // getAll of the page's own (the machine may be shared: the ratio is taken per pair).
  const readerMs: number[] = [];
  const getAllMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    getAllMs.push(await pageGetAll());
    const r = await panel.evaluate(async (name) => {
      const h = (globalThis as unknown as { __plasmaDevtools: BenchHandle }).__plasmaDevtools;
      while (h.store.pageReader.overall.value.kind === 'reading') await new Promise((res) => setTimeout(res, 20));
      const t0 = performance.now();
      await h.pageReader.readNow();
      const ms = performance.now() - t0;
      return {
        ms,
        rows: h.store.pageReader.data.value[name]?.base.todos?.length ?? -1,
        overall: h.store.pageReader.overall.value,
      };
    }, DB);
    if (r.rows !== N) throw new Error(`the page reader read ${String(r.rows)} rows: ${JSON.stringify(r.overall)}`);
    readerMs.push(r.ms);
    ratios.push(r.ms / (getAllMs.at(-1) ?? NaN));
  }

  // The naive eval + polling of the measurements in e2e-devtools.md: rows come back as objects.
  // Passed as text: tsx would wrap a named helper in a `__name` call the panel does not have.
  const naiveMs = await panel.evaluate<{ ms: number; rows: number }>(`(async () => {
    const ev = (expr) => new Promise((r) => chrome.devtools.inspectedWindow.eval(expr, {}, (v) => r(v)));
    const t0 = performance.now();
    await ev("(() => { window.__benchNaive = null; const q = indexedDB.open('${DB}'); q.onsuccess = () => { const g = q.result.transaction('_plasma_base_todos').objectStore('_plasma_base_todos').getAll(); g.onsuccess = () => { window.__benchNaive = g.result; q.result.close(); }; }; return 1; })()");
    for (;;) {
      const v = await ev('window.__benchNaive');
      if (Array.isArray(v)) {
        await ev('delete window.__benchNaive');
        return { ms: performance.now() - t0, rows: v.length };
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  })()`);

  const reader = median(readerMs);
  const getAll = median(getAllMs);
  console.log(`store: ${N} rows, ${(json / 1e6).toFixed(1)} MB as JSON`);
  console.log(
    `page reader runs: ${readerMs.map((x) => x.toFixed(0)).join(', ')} ms; page getAll runs: ${getAllMs.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
  console.log(`naive eval returning objects: ${naiveMs.rows} rows in ${naiveMs.ms.toFixed(0)} ms`);
  console.log(
    `the page's own read in 1,000-row transactions with a macrotask between: ${shortTxMs.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `page reader first full read: ${N} rows in ${reader.toFixed(0)} ms; page getAll ${getAll.toFixed(0)} ms; ratio of medians ${(reader / getAll).toFixed(2)}; median of paired ratios ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(', ')}) (goal <= 1.5)`,
  );
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  await session.close();
  await app.dispose();
}
process.exit(code);
