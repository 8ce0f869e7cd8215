// The page writing while the panel's page reader does a full pass (bench/pageReader.bench.ts): a
// readwrite transaction on the store being read every 15 ms, as an app's writes would come, and
// each one's time from creation to complete; then the same writes for as long with no read. What
// the reader's short transactions promise (READING.md): a write waits behind one batch at most.

import type { Page } from 'playwright';

export interface WriteLatency {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

const start = (db: string, store: string) => `(() => {
  const lat = [];
  window.__benchWrites = { lat, stop: false };
  const q = indexedDB.open(${JSON.stringify(db)});
  q.onsuccess = () => {
    const d = q.result;
    const write = () => {
      if (window.__benchWrites.stop) { d.close(); return; }
      const a = performance.now();
      const t = d.transaction([${JSON.stringify(store)}], 'readwrite');
      t.objectStore(${JSON.stringify(store)}).put({ id: 'todo-000500', title: 'written at ' + a, done: false });
      t.oncomplete = () => { lat.push(performance.now() - a); setTimeout(write, 15); };
    };
    write();
  };
  return 1;
})()`;

const stop = `(() => { const w = window.__benchWrites; w.stop = true; return w.lat; })()`;

function stats(lat: number[]): WriteLatency {
  const s = [...lat].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

/** One full read with the page writing, then the page writing alone for as long. */
export async function writesDuringRead(
  page: Page,
  read: () => Promise<number>,
  db: string,
  store: string,
): Promise<{ during: WriteLatency; alone: WriteLatency; readMs: number }> {
  await page.evaluate(start(db, store));
  const readMs = await read();
  const during = stats(await page.evaluate<number[]>(stop));
  await page.evaluate(start(db, store));
  await page.waitForFunction(
    (ms) => {
      const w = (window as unknown as { __benchWrites: { lat: number[] } }).__benchWrites;
      return w.lat.reduce((a, b) => a + b + 15, 0) >= ms;
    },
    readMs,
    { polling: 50 },
  );
  const alone = stats(await page.evaluate<number[]>(stop));
  return { during, alone, readMs };
}

export const fmtWrites = (w: WriteLatency) =>
  `p50 ${w.p50.toFixed(1)}, p95 ${w.p95.toFixed(1)}, max ${w.max.toFixed(1)} ms (${w.n} writes)`;
