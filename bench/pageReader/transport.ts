// The floor the panel's transport puts under a full read (bench/pageReader.bench.ts): the page holds
// the store's rows already encoded, as the reader's chunks are (arrays of values under one key
// list), in as many strings as a read's polls carry, and the panel takes them with one
// `inspectedWindow.eval` each and parses them. No IndexedDB, no encoding in the page: what is left
// is what carrying the characters costs (CDP, the DevTools front end, the extension message).

import type { Frame, Page } from 'playwright';
import { cpuSnapshot, cpuSpent, type CpuSpent } from './cpu.ts';

export interface TransportFloor {
  ms: number;
  chars: number;
  evals: number;
  cpu: CpuSpent;
}

export async function transportFloor(page: Page, panel: Frame, db: string, store: string, evals: number) {
  // Passed as text: tsx would wrap a named helper in a `__name` call the page does not have.
  const chars = await page.evaluate<number>(`(async () => {
    const d = await new Promise((r) => (indexedDB.open(${JSON.stringify(db)}).onsuccess = (e) => r(e.target.result)));
    const rows = await new Promise((r) => {
      const q = d.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).getAll();
      q.onsuccess = () => r(q.result);
    });
    d.close();
    const cols = Object.keys(rows[0]);
    const per = Math.ceil(rows.length / ${evals});
    window.__benchChunks = [];
    for (let i = 0; i < rows.length; i += per)
      window.__benchChunks.push(JSON.stringify({ cols, rows: rows.slice(i, i + per).map((r) => cols.map((c) => r[c])) }));
    return window.__benchChunks.reduce((n, s) => n + s.length, 0);
  })()`);
  const c0 = cpuSnapshot();
  const ms = await panel.evaluate<number>(`(async () => {
    const ev = (expr) => new Promise((r) => chrome.devtools.inspectedWindow.eval(expr, {}, (v) => r(v)));
    const t0 = performance.now();
    let rows = 0;
    for (let i = 0; i < ${evals}; i++) rows += JSON.parse(await ev('window.__benchChunks[' + i + ']')).rows.length;
    if (rows === 0) throw new Error('no rows');
    return performance.now() - t0;
  })()`);
  const cpu = cpuSpent(c0, cpuSnapshot());
  await page.evaluate('delete window.__benchChunks');
  return { ms, chars, evals, cpu };
}

/**
 * The least a short-transaction reader can do: the page reads the store in 1,000-row
 * transactions with a macrotask between them (its own thread, as the bench's chain), encodes each
 * chunk as the reader does and queues it; the panel polls every 30 ms and parses what came. No
 * counts, no heads, no worker, no bookkeeping: a floor under any reader built on this transport.
 */
export async function chainWithTransport(page: Page, panel: Frame, db: string, store: string, rows = 1000) {
  const c0 = cpuSnapshot();
  const r = await panel.evaluate<{ ms: number; rows: number; evals: number }>(`(async () => {
    const ev = (expr) => new Promise((r) => chrome.devtools.inspectedWindow.eval(expr, {}, (v) => r(v)));
    const t0 = performance.now();
    await ev(\`(() => {
      const out = { q: [], done: false };
      window.__benchChain = out;
      const q = indexedDB.open(${JSON.stringify(db)});
      q.onsuccess = () => {
        const d = q.result;
        const step = (after) => {
          const g = d.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)})
            .getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), ${rows});
          g.onsuccess = () => {
            const rows = g.result;
            setTimeout(() => {
              if (rows.length) {
                const cols = Object.keys(rows[0]);
                out.q.push(JSON.stringify({ cols, rows: rows.map((r) => cols.map((c) => r[c])) }));
              }
              if (rows.length < ${rows}) { out.done = true; d.close(); return; }
              step(rows[rows.length - 1].id);
            }, 0);
          };
        };
        step(undefined);
      };
      return 1;
    })()\`);
    let rows = 0, evals = 1;
    for (;;) {
      await new Promise((r) => setTimeout(r, 30));
      const got = await ev('(() => { const o = window.__benchChain; const q = o.q; o.q = []; return { done: o.done && q.length === 0, q }; })()');
      evals++;
      for (const s of got.q) rows += JSON.parse(s).rows.length;
      if (got.done) break;
    }
    return { ms: performance.now() - t0, rows, evals };
  })()`);
  return { ...r, cpu: cpuSpent(c0, cpuSnapshot()) };
}

/** The naive eval + polling of the measurements in e2e-devtools.md: rows come back as objects. */
export function naiveEval(panel: Frame, db: string, store: string) {
  // Passed as text: tsx would wrap a named helper in a `__name` call the panel does not have.
  return panel.evaluate<{ ms: number; rows: number }>(`(async () => {
    const ev = (expr) => new Promise((r) => chrome.devtools.inspectedWindow.eval(expr, {}, (v) => r(v)));
    const t0 = performance.now();
    await ev("(() => { window.__benchNaive = null; const q = indexedDB.open('${db}'); q.onsuccess = () => { const g = q.result.transaction('${store}').objectStore('${store}').getAll(); g.onsuccess = () => { window.__benchNaive = g.result; q.result.close(); }; }; return 1; })()");
    for (;;) {
      const v = await ev('window.__benchNaive');
      if (Array.isArray(v)) {
        await ev('delete window.__benchNaive');
        return { ms: performance.now() - t0, rows: v.length };
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  })()`);
}

/** The page's own read in 1,000-row transactions, three times each way (the floor for short transactions). */
export async function pageChains(page: Page, db: string, store: string) {
  // The floor for short transactions: the page itself reading the store 1,000 rows per
  // transaction with a macrotask between them, as the reader does (passed as text for tsx).
  const shortTxMs: number[] = [];
  // The same, each transaction asked to commit (`commit()`) and the next one created a macrotask
  // after its rows arrived, without waiting for its complete event.
  const pipedMs: number[] = [];
  const piped = `(async () => {
  const db = await new Promise((r) => (indexedDB.open('${db}').onsuccess = (e) => r(e.target.result)));
  const t0 = performance.now();
  await new Promise((done) => {
    const step = (after) => {
      const t = db.transaction('${store}');
      const q = t.objectStore('${store}').getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), 1000);
      t.commit();
      q.onsuccess = () => {
        const n = q.result.length;
        if (n < 1000) return done();
        setTimeout(() => step(q.result[n - 1].id), 0);
      };
    };
    step(undefined);
  });
  db.close();
  return performance.now() - t0;
})()`;
  for (let i = 0; i < 3; i++) {
    pipedMs.push(await page.evaluate<number>(piped));
    shortTxMs.push(
      await page.evaluate<number>(`(async () => {
      const db = await new Promise((r) => (indexedDB.open('${db}').onsuccess = (e) => r(e.target.result)));
      const t0 = performance.now();
      let after = undefined, n = 0;
      for (;;) {
        const rows = await new Promise((r) => {
          const q = db.transaction('${store}').objectStore('${store}').getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), 1000);
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
  return { shortTxMs, pipedMs };
}
