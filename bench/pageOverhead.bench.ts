// What the Plasma panel costs the page it inspects, in the real DevTools. A plasma-shaped page
// (served here on 127.0.0.1) holds N rows in `_plasma_base_items` and `items`, pulls every second
// (a 100-row patch it applies to base and visible, dropping the outbox, as a rebase does) and
// writes every 250 ms (one readwrite transaction on `items` + `_plasma_outbox`, as mutate() does).
// Per size, in one browser: DURATION with DevTools open on another panel, then DURATION with the
// Plasma tab shown; prints the write latency ratio, the panel's main-thread time per captured pull
// and the page reader's own share, and checks that the rows the panel holds followed the pulls
// (a panel that reads nothing by key is cheap and wrong). Needs `npx vite build` first.
// Env: PAGE_OVERHEAD_SIZES=10000,100000  PAGE_OVERHEAD_SECONDS=20 (renders per pull: bench/pageOverhead/renderCounter.ts)
// PAGE_OVERHEAD_TRACE=/tmp/panel-{n}.json saves a Chrome trace of the Plasma-tab window and prints the
// floor under the panel's time per pull (frames, extension-API message delivery: pageOverhead/floor.ts).
// PAGE_OVERHEAD_PROFILE=1 (or a file path to save the profile to) also prints the panel's heaviest functions (CPU profile, self time).

import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchWithDevtools } from '../e2e/devtools.ts';
import { pct, printProfile, printRenders, type CpuProfile } from './pageOverhead/report.ts';
import { printFloor } from './pageOverhead/floor.ts';

const SIZES = (process.env.PAGE_OVERHEAD_SIZES ?? '10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.PAGE_OVERHEAD_SECONDS ?? 20);
const PATCH = 100;
const PROFILE = Boolean(process.env.PAGE_OVERHEAD_PROFILE);
/** A file path (`{n}` becomes the size): a Chrome trace of the window, for chrome://tracing or Perfetto. */
const TRACE = process.env.PAGE_OVERHEAD_TRACE;
const TRACE_CATEGORIES =
  'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8.execute,blink,cc,ipc,mojom,renderer.scheduler';

const row = (i: number, v: number) => ({
  id: `item-${String(i).padStart(6, '0')}`,
  title: `Item number ${i}`,
  done: i % 3 === 0,
  ownerId: `user-${i % 7}`,
  listId: `list-${i % 13}`,
  v,
});

function startServer() {
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
    const end = () => {
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
      const at = performance.now();
      for (const op of body.patch) {
        const v = op.value as { id: string; v: number };
        w.__patches.push([at, v.id, v.v]);
        tx.objectStore('_plasma_base_items').put(op.value);
        tx.objectStore('items').put(op.value);
      }
      tx.objectStore('_plasma_outbox').clear();
      tx.objectStore('_plasma_meta').put({ key: 'cookie', value: body.cookie });
      await done(tx);
      cookie = body.cookie;
      w.__pulls++;
    };
    setInterval(() => {
      void pull();
    }, 1000);
    setInterval(() => {
      const t0 = performance.now();
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
        w.__lat.push(performance.now() - t0);
      };
    }, 250);
  };
}

/** What the bench reads of the panel's debug handle (`__plasmaDevtools`). */
interface ReaderStats {
  full: { reads: number; ms: number; evals: number };
  keys: { reads: number; ms: number; applyMs: number; evals: number };
  lastFullReason: string;
}
interface PanelHandle {
  store: {
    pageReader: {
      data: { value: Record<string, { base: Record<string, unknown[] | undefined> } | undefined> };
      overall: { value: { kind: string } };
      changes: { value: { full: boolean }[] };
      applyStats: { ms: number; changes: number };
    };
    verdicts: { client: { pending: { value: number } } };
  };
  pageReader: { stats: () => ReaderStats };
}
/** What the bench's page script parks on its window. */
interface BenchWindow {
  __lat: number[];
  __foreign: { n: number; overlapping: number; ms: number; longest: number };
  __pulls: number;
  __windowSeconds: number;
  /** Every row a pull wrote: when (performance.now()), its id and version. */
  __patches: [number, string, number][];
  __start: (n: number) => Promise<void>;
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms)); // the measurement window itself

const server = await startServer();
let code = 0;
try {
  for (const n of SIZES) {
    const session = await launchWithDevtools();
    try {
      const page = session.page;
      await page.goto(`${server.url}/`);
      await page.evaluate((count) => (window as unknown as BenchWindow).__start(count), n);
      // DevTools open on its default panel; the Plasma panel has never been shown.
      await wait(2000);
      await page.evaluate(() => ((window as unknown as BenchWindow).__lat = []));
      await wait(SECONDS * 1000);
      const other = await page.evaluate(() => (window as unknown as BenchWindow).__lat);

      const panel = await session.showPlasma();
      await panel.evaluate(async (count) => {
        // The panel's frame may still be loading its module when it is shown.
        // (No named helper here: tsx would wrap it in a `__name` call the panel does not have.)
        let h = (globalThis as { __plasmaDevtools?: PanelHandle }).__plasmaDevtools;
        while (!h) {
          await new Promise((r) => setTimeout(r, 50));
          h = (globalThis as { __plasmaDevtools?: PanelHandle }).__plasmaDevtools;
        }
        for (;;) {
          const d = h.store.pageReader.data.value['plasma-bench'];
          if (h.store.pageReader.overall.value.kind === 'done' && d?.base.items?.length === count) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        // Steady state: the engine has judged the first full read, and one incremental read has
        // run (it builds the key index the later ones patch through).
        const reads = h.pageReader.stats().keys.reads;
        while (h.store.verdicts.client.pending.value > 0 || h.pageReader.stats().keys.reads <= reads)
          await new Promise((r) => setTimeout(r, 50));
        while (h.store.verdicts.client.pending.value > 0) await new Promise((r) => setTimeout(r, 50));
      }, n);
      const cdp = await session.devtools.context().newCDPSession(panel);
      await cdp.send('Performance.enable');
      const metrics = async () =>
        new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
      const taskSeconds = async () => (await metrics()).get('TaskDuration') ?? NaN;
      const readerStats = () =>
        panel.evaluate(() => {
          const h = (globalThis as unknown as { __plasmaDevtools: PanelHandle }).__plasmaDevtools;
          return { ...h.pageReader.stats(), apply: { ...h.store.pageReader.applyStats } };
        });
      // A debug build (see printRenders) counts component renders and DOM mutations on the panel page.
      const renderCounts = () =>
        panel.evaluate(() => JSON.stringify((globalThis as { __plasmaRenders?: unknown }).__plasmaRenders ?? null));
      const rendersBefore = await renderCounts();
      const statsBefore = await readerStats();
      const pullsBefore = await page.evaluate(() => (window as unknown as BenchWindow).__pulls);
      const foreign = () => page.evaluate(() => ({ ...(window as unknown as BenchWindow).__foreign }));
      await page.evaluate(() => {
        (window as unknown as BenchWindow).__foreign.longest = 0;
      });
      const foreignBefore = await foreign();
      if (PROFILE) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const traceEvents: unknown[] = [];
      const tracer = TRACE ? await session.devtools.context().browser()?.newBrowserCDPSession() : undefined;
      if (tracer) {
        tracer.on('Tracing.dataCollected', (e: { value: unknown[] }) => traceEvents.push(...e.value));
        await tracer.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
      }
      const metricsBefore = await metrics();
      const taskBefore = await taskSeconds();
      await page.evaluate((sec) => {
        const w = window as unknown as BenchWindow;
        w.__lat = [];
        w.__windowSeconds = sec;
      }, SECONDS);
      await wait(SECONDS * 1000);
      const shown = await page.evaluate(() => (window as unknown as BenchWindow).__lat);
      const foreignAfter = await foreign();
      const taskAfter = await taskSeconds();
      const metricsAfter = await metrics();
      const pulls = (await page.evaluate(() => (window as unknown as BenchWindow).__pulls)) - pullsBefore;
      const statsAfter = await readerStats();
      const rendersAfter = await renderCounts();
      // Whether the panel's held rows followed the pulls: every row a pull wrote during the window,
      // more than 3 s before its end, must be held at that version or later.
      const patches = await page.evaluate(() => {
        const w = window as unknown as BenchWindow;
        const end = performance.now();
        return w.__patches.filter(([at]) => at < end - 3000 && at > end - 1000 * w.__windowSeconds);
      });
      const changes = await panel.evaluate(() =>
        (
          globalThis as unknown as { __plasmaDevtools: PanelHandle }
        ).__plasmaDevtools.store.pageReader.changes.value.map((c) => c.full),
      );
      const profile = PROFILE ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : undefined;
      if (tracer && TRACE) {
        const complete = new Promise((r) => tracer.once('Tracing.tracingComplete', r));
        await tracer.send('Tracing.end');
        await complete;
        writeFileSync(TRACE.replace('{n}', String(n)), JSON.stringify({ traceEvents }));
        console.log(`  trace of the window saved to ${TRACE.replace('{n}', String(n))} (${pulls} pulls)`);
        printFloor(traceEvents, pulls);
      }
      await cdp.detach();

      const p95 = pct(shown, 0.95) / pct(other, 0.95);
      const p50 = pct(shown, 0.5) / pct(other, 0.5);
      const incReads = statsAfter.keys.reads - statsBefore.keys.reads;
      const incMs = statsAfter.keys.ms - statsBefore.keys.ms;
      const fullReads = statsAfter.full.reads - statsBefore.full.reads;
      console.log(`page overhead at ${n} rows, ${SECONDS} s each, ${other.length}/${shown.length} writes:`);
      console.log(
        `  write latency, other panel: p50 ${pct(other, 0.5).toFixed(1)} ms, p95 ${pct(other, 0.95).toFixed(1)} ms; Plasma tab shown: p50 ${pct(shown, 0.5).toFixed(1)} ms, p95 ${pct(shown, 0.95).toFixed(1)} ms`,
      );
      console.log(`  ratio shown / other panel: p95 ${p95.toFixed(2)} (goal <= 1.10), p50 ${p50.toFixed(2)}`);
      const fn = foreignAfter.overlapping - foreignBefore.overlapping;
      console.log(
        `  page reader transactions: ${((foreignAfter.n - foreignBefore.n) / SECONDS).toFixed(1)} a second; over a store the app writes: ${(fn / SECONDS).toFixed(1)} a second, open ${((foreignAfter.ms - foreignBefore.ms) / SECONDS).toFixed(1)} ms a second in all, ${((foreignAfter.ms - foreignBefore.ms) / Math.max(1, fn)).toFixed(1)} ms on average, longest ${foreignAfter.longest.toFixed(1)} ms`,
      );
      console.log(
        `  panel main thread per captured pull: ${(((taskAfter - taskBefore) * 1000) / Math.max(1, pulls)).toFixed(1)} ms, all panel work (${pulls} pulls; goal < 4 ms at 100k rows, 100-row patch)`,
      );
      // CPU time (ThreadTime: the CPU clock of the renderer main thread the panel runs on, which also
      // counts its work outside the tasks TaskDuration adds up), besides wall time; less inflated by
      // a machine shared with other work, though not free of it.
      const per = (name: string, scale: number) =>
        (((metricsAfter.get(name) ?? NaN) - (metricsBefore.get(name) ?? NaN)) * scale) / Math.max(1, pulls);
      console.log(
        `  panel renderer main thread CPU time (ThreadTime) per captured pull: ${per('ThreadTime', 1000).toFixed(1)} ms (script ${per('ScriptDuration', 1000).toFixed(1)} ms, layout ${per('LayoutDuration', 1000).toFixed(1)} ms in ${per('LayoutCount', 1).toFixed(1)} layouts, style ${per('RecalcStyleDuration', 1000).toFixed(1)} ms in ${per('RecalcStyleCount', 1).toFixed(1)}; task other ${per('TaskOtherDuration', 1000).toFixed(1)} ms, compile ${per('V8CompileDuration', 1000).toFixed(1)} ms, DevTools commands ${per('DevToolsCommandDuration', 1000).toFixed(1)} ms)`,
      );
      const applyMs = statsAfter.keys.applyMs - statsBefore.keys.applyMs;
      const reducer =
        (statsAfter.apply.ms - statsBefore.apply.ms) /
        Math.max(1, statsAfter.apply.changes - statsBefore.apply.changes);
      console.log(
        `  of which the page reader: ${(incMs / Math.max(1, incReads)).toFixed(2)} ms per incremental read; ${(applyMs / Math.max(1, incReads)).toFixed(2)} ms of it dispatching the change (with what reacts to the slice at once, e.g. the verdicts), ${reducer.toFixed(2)} ms the reducer's own patching`,
      );
      const evals = statsAfter.keys.evals - statsBefore.keys.evals;
      console.log(
        `  evals per incremental read: ${(evals / Math.max(1, incReads)).toFixed(1)} (each costs the panel's main thread about a millisecond)`,
      );
      console.log(
        `  reads in the window: ${incReads} incremental, ${fullReads} full${statsAfter.lastFullReason ? ` (last reason for a full pass: ${statsAfter.lastFullReason})` : ''}; last changes full=${JSON.stringify(changes.slice(-8))}`,
      );
      const stale = await panel.evaluate((list) => {
        const h = (globalThis as unknown as { __plasmaDevtools: PanelHandle }).__plasmaDevtools;
        const held = new Map<string, number>();
        for (const r of h.store.pageReader.data.value['plasma-bench']?.base.items ?? []) {
          const row = r as { id?: unknown; v?: unknown };
          if (typeof row.id === 'string' && typeof row.v === 'number') held.set(row.id, row.v);
        }
        return list.filter(([, id, v]) => (held.get(id) ?? -Infinity) < v).length;
      }, patches);
      console.log(
        `  held rows behind the page: ${stale} of the ${patches.length} rows pulls wrote in the window (more than 3 s before its end)`,
      );
      printRenders(rendersBefore, rendersAfter, pulls);
      if (profile) printProfile(profile, pulls);
      const profilePath = process.env.PAGE_OVERHEAD_PROFILE;
      if (profile && profilePath && profilePath !== '1') writeFileSync(profilePath, JSON.stringify(profile));
    } finally {
      await session.close();
    }
  }
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  server.close();
}
process.exit(code);
