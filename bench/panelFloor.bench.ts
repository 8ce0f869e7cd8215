// The floor under "the panel's main-thread time per captured pull" (issue 8's goal: under 4 ms at
// 100k rows, 100-row patch): the same page and pulls as bench/pageOverhead.bench.ts, inspected by a
// panel that does only what every pull needs (panelFloor/panel.js: the request, its body parsed,
// one line of text; a read of outbox, meta and the patched rows by two evals; one more line), in an
// extension of its own with the same id. What it costs is what any panel built on
// chrome.devtools.network and inspectedWindow.eval pays on this machine before doing anything else.
// It also times the page's writes as pageOverhead does (another panel, then this one shown).
// Env: PANEL_FLOOR_SIZE=100000  PANEL_FLOOR_SECONDS=20  PANEL_FLOOR_READS=0 (no reads: the request and its body only)

import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type BenchWindow } from './pageOverhead/page.ts';
import { pct, ratioInterval } from './pageOverhead/report.ts';
import { cpuSnapshot, cpuSpent, fmtCpu } from './pageReader/cpu.ts';

const N = Number(process.env.PANEL_FLOOR_SIZE ?? 100_000);
const SECONDS = Number(process.env.PANEL_FLOOR_SECONDS ?? 20);
const here = import.meta.dirname;

// The extension: manifest.json's key (so the same id e2e/devtools.ts looks for), a devtools page
// that adds the tab, the panel.
const dir = await mkdtemp(path.join(tmpdir(), 'plasma-panel-floor-'));
const manifest = JSON.parse(await readFile(path.join(here, '..', 'manifest.json'), 'utf8')) as { key: string };
await mkdir(path.join(dir, 'extension'));
await mkdir(path.join(dir, 'panel'));
await writeFile(
  path.join(dir, 'manifest.json'),
  JSON.stringify({
    manifest_version: 3,
    name: 'panel floor',
    version: '0.0.1',
    key: manifest.key,
    devtools_page: 'extension/devtools.html',
  }),
);
const html = (...scripts: string[]) =>
  `<!doctype html><meta charset="utf-8"><body>${scripts.map((s) => `<script src="${s}"></script>`).join('')}`;
const READS = process.env.PANEL_FLOOR_READS !== '0';
await writeFile(path.join(dir, 'extension', 'devtools.html'), html('/extension/devtools.js'));
await writeFile(path.join(dir, 'panel', 'index.html'), html('/panel/config.js', '/panel/panel.js'));
await writeFile(path.join(dir, 'panel', 'config.js'), `globalThis.__floorReads = ${String(READS)};`);
await copyFile(path.join(here, 'panelFloor', 'devtools.js'), path.join(dir, 'extension', 'devtools.js'));
await copyFile(path.join(here, 'panelFloor', 'panel.js'), path.join(dir, 'panel', 'panel.js'));
process.env.PLASMA_DIST = dir;
const { launchWithDevtools } = await import('../e2e/devtools.ts');

interface FloorHandle {
  pulls: number;
  reads: number;
  evals: number;
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms)); // the measurement window itself

const server = await startServer();
const session = await launchWithDevtools();
let code = 0;
try {
  const page = session.page;
  await page.goto(`${server.url}/`);
  await page.evaluate((count) => (window as unknown as BenchWindow).__start(count), N);
  // As pageOverhead.bench.ts: the page's writes with DevTools on its default panel, then with this
  // panel shown, the same length each.
  const lat = async (run: () => Promise<unknown>) => {
    await page.evaluate(() => {
      (window as unknown as BenchWindow).__lat = [];
    });
    await run();
    return page.evaluate(() => (window as unknown as BenchWindow).__lat);
  };
  await wait(2000);
  const cpu0 = cpuSnapshot();
  const other = await lat(() => wait(SECONDS * 1000));
  const cpuOther = cpuSpent(cpu0, cpuSnapshot());
  const panel = await session.showPlasma();
  await panel.waitForFunction((reads) => {
    const h = (globalThis as unknown as { __plasmaDevtools: FloorHandle }).__plasmaDevtools;
    return h.pulls >= 3 && (h.reads >= 2 || !reads);
  }, READS);
  const cdp = await session.devtools.context().newCDPSession(panel);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
  const counts = () =>
    panel.evaluate(() => ({ ...(globalThis as unknown as { __plasmaDevtools: FloorHandle }).__plasmaDevtools }));
  const m0 = await metrics();
  const c0 = await counts();
  const cpu1 = cpuSnapshot();
  const shown = await lat(() => wait(SECONDS * 1000));
  const cpuShown = cpuSpent(cpu1, cpuSnapshot());
  const m1 = await metrics();
  const c1 = await counts();
  const pulls = c1.pulls - c0.pulls;
  const per = (name: string) =>
    ((((m1.get(name) ?? NaN) - (m0.get(name) ?? NaN)) * 1000) / Math.max(1, pulls)).toFixed(1);
  console.log(
    `panel floor at ${N} rows, ${SECONDS} s: ${pulls} pulls, ${c1.reads - c0.reads} reads in ${c1.evals - c0.evals} evals; panel main thread per captured pull ${per('TaskDuration')} ms (the Plasma panel's goal: < 4 ms): script ${per('ScriptDuration')}, layout ${per('LayoutDuration')}, style ${per('RecalcStyleDuration')}, other ${per('TaskOtherDuration')} ms`,
  );
  console.log(
    `  CPU of every browser process a second: DevTools on another panel ${(cpuOther.total / SECONDS).toFixed(0)} ms (${fmtCpu(cpuOther)}); this panel shown ${(cpuShown.total / SECONDS).toFixed(0)} ms (${fmtCpu(cpuShown)})`,
  );
  console.log(
    `  the page's writes, DevTools on another panel: p50 ${pct(other, 0.5).toFixed(1)}, p95 ${pct(other, 0.95).toFixed(1)} ms; this panel shown: p50 ${pct(shown, 0.5).toFixed(1)}, p95 ${pct(shown, 0.95).toFixed(1)} ms; p95 ratio ${(pct(shown, 0.95) / pct(other, 0.95)).toFixed(2)} (95% bootstrap interval ${ratioInterval(
      shown,
      other,
      0.95,
    )
      .map((x) => x.toFixed(2))
      .join('-')}), p50 ${(pct(shown, 0.5) / pct(other, 0.5)).toFixed(2)} (the Plasma panel's goal for p95: <= 1.10)`,
  );
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  await session.close();
  server.close();
}
process.exit(code);
