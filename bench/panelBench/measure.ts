// Measuring in the real panel for bench/panel.bench.ts: the panel's handle, waiting until the
// analysis has caught up, keystroke-to-render and view-click timings, long tasks, CPU profiles,
// and the figures printed next to their goals. Code passed to `panel.evaluate` runs in the panel:
// it may use types (erased) but no helper of this file.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Frame } from '@playwright/test';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { Store } from '../../panel/store/store.ts';

/** What panel/main.tsx puts on the panel's globalThis, and what the bench adds there. */
export interface BenchGlobal {
  __plasmaDevtools: { store: Store; dispatch(msg: CaptureMessage): void };
  __benchLongTasks?: () => { count: number; maxMs: number };
  __benchStop?: () => void;
  gc?: () => void;
}

export const pct = (xs: readonly number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
export const ms = (x: number) => `${x.toFixed(x < 100 ? 1 : 0)} ms`;
export const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
export const report = (line: string) => {
  console.log(line);
};

export async function profiled<T>(
  cdp: CDPSession | null,
  dir: string | undefined,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  if (!cdp || !dir) return run();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  }
}

/** Waits in the panel until the store holds `count` rows and the findings have caught up with them. */
export async function settled(panel: Frame, count: number, deadlineMs = 120_000): Promise<boolean> {
  return panel.evaluate(
    async ([want, deadline]) => {
      const { store } = (globalThis as unknown as BenchGlobal).__plasmaDevtools;
      const until = performance.now() + deadline;
      // (no local function here: tsx would wrap it in a helper the panel does not have)
      while (
        store.rows.value.length + store.dropped.value < want ||
        store.analysis.events.value.length !== store.plasmaRows.value.length ||
        store.analysis.pending.value
      ) {
        if (performance.now() > until) return false;
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return true;
    },
    [count, deadlineMs] as const,
  );
}

const KEYSTROKES = [
  's',
  'sy',
  'syn',
  'sync',
  'sync/',
  'sync/p',
  'sync/pu',
  'sync/pul',
  'sync/pull',
  'status:4xx',
  'status:4xx kind:push',
  'has:finding',
  '',
];

/**
 * Keystroke to rendered. `frame`: the input is dispatched at the start of a frame and the time runs
 * until that frame has been rendered (a message posted then runs after its style, layout and paint),
 * so it is the work one keystroke costs; <= 16 ms means the result shows in the very next frame.
 * `twoFrames`: until two animation frames later, the measure of earlier versions, which includes the
 * wait for the next frame and so is never under one frame (16.7 ms) whatever the work.
 */
export async function typeKeystrokes(panel: Frame, rounds: number): Promise<{ frame: number[]; twoFrames: number[] }> {
  const frame: number[] = [];
  const twoFrames: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const text of KEYSTROKES) {
      const t = await panel.evaluate(async (value) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="filter"]');
        if (!input) throw new Error('no filter box');
        await new Promise((r) => requestAnimationFrame(r));
        const t0 = performance.now();
        const painted = new Promise<number>((r) => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            r(performance.now() - t0);
          };
          ch.port2.postMessage(null);
        });
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const inFrame = await painted;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { inFrame, two: performance.now() - t0 };
      }, text);
      frame.push(t.inFrame);
      twoFrames.push(t.two);
    }
  }
  return { frame, twoFrames };
}

export const keystrokeLine = (what: string, k: { frame: number[]; twoFrames: number[] }) =>
  `filter keystroke to render ${what}: median ${ms(pct(k.frame, 50))}, p95 ${ms(pct(k.frame, 95))}, max ${ms(Math.max(...k.frame))} (${String(k.frame.length)} keystrokes; goal p95 <= 16 ms: ${verdict(pct(k.frame, 95) <= 16)}); input to two frames later: median ${ms(pct(k.twoFrames, 50))}, p95 ${ms(pct(k.twoFrames, 95))}`;

/** Records the panel's long tasks (over 50 ms): what a keystroke or a click could have waited behind. */
export async function watchLongTasks(panel: Frame): Promise<() => Promise<{ count: number; maxMs: number }>> {
  await panel.evaluate(() => {
    const seen: number[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.push(e.duration);
    });
    obs.observe({ type: 'longtask' });
    (globalThis as unknown as BenchGlobal).__benchLongTasks = () => {
      obs.disconnect();
      return { count: seen.length, maxMs: seen.length ? Math.max(...seen) : 0 };
    };
  });
  return () =>
    panel.evaluate(() => (globalThis as unknown as BenchGlobal).__benchLongTasks?.() ?? { count: NaN, maxMs: NaN });
}

/** Clicks a view tab every 2 s until `done` resolves; returns the in-panel and driver-side latencies. */
export async function clickViewsUntil(panel: Frame, done: Promise<unknown>) {
  let finished = false;
  void done.then(() => (finished = true));
  const isDone = () => finished;
  const clicks: number[] = [];
  const inPanel: number[] = [];
  const views = ['mutations', 'requests'];
  while (!isDone()) {
    const t0 = Date.now();
    inPanel.push(
      await panel.evaluate(
        async (view) => {
          const t = performance.now();
          document.querySelector<HTMLElement>(`[data-testid="view-${view}"]`)?.click();
          while (document.querySelector(`[data-testid="view-${view}"]`)?.getAttribute('aria-selected') !== 'true')
            await new Promise((r) => requestAnimationFrame(r));
          await new Promise((r) => requestAnimationFrame(r));
          return performance.now() - t;
        },
        views[clicks.length % 2] ?? 'requests',
      ),
    );
    clicks.push(Date.now() - t0);
    const next = t0 + 2000;
    while (!isDone() && Date.now() < next) await Promise.race([done, new Promise((r) => setTimeout(r, 50))]); // paces the clicks
  }
  return { clicks, inPanel };
}

export const clickLine = (what: string, c: { clicks: number[]; inPanel: number[] }) =>
  `${what}: view-tab click to render, in the panel: median ${ms(pct(c.inPanel, 50))}, max ${ms(Math.max(...c.inPanel))}; seen from the test driver (adds the trip through DevTools' CDP): median ${ms(pct(c.clicks, 50))}, max ${ms(Math.max(...c.clicks))} (${String(c.clicks.length)} clicks; goal: a frame or two, was 2.2-27 s)`;

/** The panel's JS heap after a garbage collection, MB. */
export async function heapMb(panel: Frame): Promise<number> {
  return panel.evaluate(() => {
    (globalThis as unknown as BenchGlobal).gc?.();
    const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return (mem?.usedJSHeapSize ?? NaN) / 1024 / 1024;
  });
}
