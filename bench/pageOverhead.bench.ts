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
import { launchWithDevtools } from '../e2e/devtools.ts';
import {
  pct,
  printProfile,
  ratioInterval,
  printRenders,
  printSlowWrites,
  type CpuProfile,
} from './pageOverhead/report.ts';
import { printFloor } from './pageOverhead/floor.ts';
import { cpuSnapshot, cpuSpent, fmtCpu } from './pageReader/cpu.ts';
import { startServer, type BenchWindow, type WriteWhy } from './pageOverhead/page.ts';
import { entries } from './panelBench/fixtures.ts';

const SIZES = (process.env.PAGE_OVERHEAD_SIZES ?? '10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.PAGE_OVERHEAD_SECONDS ?? 20);
/** PAGE_OVERHEAD_CAPTURED=N: N requests already captured when the window starts (a long session). */
const CAPTURED = Number(process.env.PAGE_OVERHEAD_CAPTURED ?? 0);
const PROFILE = Boolean(process.env.PAGE_OVERHEAD_PROFILE);
/** A file path (`{n}` becomes the size): a Chrome trace of the window, for chrome://tracing or Perfetto. */
const TRACE = process.env.PAGE_OVERHEAD_TRACE;
const TRACE_CATEGORIES =
  'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,v8.execute,blink,cc,ipc,mojom,renderer.scheduler';

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
    rows: { value: unknown[] };
    analysis: { pending: { value: boolean } };
  };
  dispatch: (msg: unknown) => void;
  pageReader: { stats: () => ReaderStats };
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
      await page.evaluate(() => {
        const w = window as unknown as BenchWindow;
        w.__lat = [];
        w.__why = [];
      });
      const cpuOther0 = cpuSnapshot();
      await wait(SECONDS * 1000);
      const cpuOther = cpuSpent(cpuOther0, cpuSnapshot());
      const other = await page.evaluate(() => (window as unknown as BenchWindow).__lat);
      const otherWhy = await page.evaluate(() => (window as unknown as BenchWindow).__why);

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
      if (CAPTURED > 0) {
        // A long session: CAPTURED requests captured before the window (bench/panelBench/fixtures.ts),
        // dispatched as the capture would and analysed, so the window measures what a pull costs then.
        const msgs = entries(CAPTURED, 'pre', Date.now() - CAPTURED * 100 - 60_000);
        await panel.evaluate(async (json) => {
          const h = (globalThis as unknown as { __plasmaDevtools: PanelHandle }).__plasmaDevtools;
          const all = JSON.parse(json) as unknown[];
          for (const m of all) h.dispatch(m);
          const s = h.store;
          while (s.rows.value.length < all.length || s.analysis.pending.value || s.verdicts.client.pending.value > 0)
            await new Promise((r) => setTimeout(r, 20));
        }, JSON.stringify(msgs));
      }
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
        w.__why = [];
        w.__windowSeconds = sec;
      }, SECONDS);
      const cpuShown0 = cpuSnapshot();
      await wait(SECONDS * 1000);
      const cpuShown = cpuSpent(cpuShown0, cpuSnapshot());
      const shown = await page.evaluate(() => (window as unknown as BenchWindow).__lat);
      const shownWhy: WriteWhy[] = await page.evaluate(() => (window as unknown as BenchWindow).__why);
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
      const [lo, hi] = ratioInterval(shown, other, 0.95);
      console.log(
        `  ratio shown / other panel: p95 ${p95.toFixed(2)} (goal <= 1.10; by chance alone, 95% bootstrap interval ${lo.toFixed(2)}-${hi.toFixed(2)}), p50 ${p50.toFixed(2)}`,
      );
      printSlowWrites('other panel', otherWhy);
      printSlowWrites('Plasma tab shown', shownWhy);
      const fn = foreignAfter.overlapping - foreignBefore.overlapping;
      console.log(
        `  page reader transactions: ${((foreignAfter.n - foreignBefore.n) / SECONDS).toFixed(1)} a second; over a store the app writes: ${(fn / SECONDS).toFixed(1)} a second, open ${((foreignAfter.ms - foreignBefore.ms) / SECONDS).toFixed(1)} ms a second in all, ${((foreignAfter.ms - foreignBefore.ms) / Math.max(1, fn)).toFixed(1)} ms on average, longest ${foreignAfter.longest.toFixed(1)} ms`,
      );
      // Every browser process's CPU in each window (pageReader/cpu.ts): what the two cores the page
      // shares with DevTools and the panel had left for the page's own writes.
      console.log(
        `  CPU of every browser process a second: DevTools on another panel ${(cpuOther.total / SECONDS).toFixed(0)} ms (${fmtCpu(cpuOther)}); Plasma tab shown ${(cpuShown.total / SECONDS).toFixed(0)} ms (${fmtCpu(cpuShown)})`,
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
