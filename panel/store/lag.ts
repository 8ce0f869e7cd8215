// The rows as the analysis sees them: the same signal when no lag is asked for, otherwise a copy
// refreshed once the rows have been still for `settleMs`, and at least every `lagMs` while they keep
// changing, so the ledger, findings and verdicts are computed once per burst of captured requests
// rather than once per request, and soon after a burst ends. While `busy` keeps changing
// (the user typing in the filter box) the refresh waits for a quiet moment, up to `maxLagMs`, so a
// keystroke does not land behind an analysis pass.

import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { CapturedRow } from './rows.ts';

export interface LagOptions {
  /** How long the rows must stay unchanged before the copy is taken early (default 50 ms). */
  settleMs?: number;
  /** A signal whose changes mean "the user is interacting: not now". */
  busy?: ReadonlySignal<unknown>;
  /** How long `busy` must stay unchanged before the refresh runs (default 400 ms). */
  quietMs?: number;
  /** The refresh never waits longer than this after the first change (default 2,000 ms). */
  maxLagMs?: number;
  now?: () => number;
  /**
   * How long the last analysis pass took (ms). Passes are spaced at least `costFactor` times that
   * apart, so under a sustained flood the analysis takes a bounded share of the main thread.
   */
  lastCostMs?: () => number;
  costFactor?: number;
  /**
   * Runs with each new copy, before anything that depends on the copy: the findings worker is handed
   * the new requests first, so its pass runs while the main thread derives the rest.
   */
  onCopy?: () => void;
  /**
   * Whether the rows are known not to change until something new arrives (given settleMs): no
   * captured request waits to be listed and none arrived for settleMs. The copy is then taken at
   * once, rather than settleMs after the last change: the rows of a burst listed in slices
   * change until the last slice, long after the burst itself ended.
   */
  drained?: (settleMs: number) => boolean;
}

export interface LaggedRows {
  rows: ReadonlySignal<CapturedRow[]>;
  dispose: () => void;
}

export function createLaggedRows(
  rows: ReadonlySignal<CapturedRow[]>,
  lagMs: number,
  opts: LagOptions = {},
): LaggedRows {
  if (lagMs <= 0) return { rows: computed(() => rows.value), dispose() {} };
  const now = opts.now ?? (() => Date.now());
  const quietMs = opts.quietMs ?? 400;
  const maxLagMs = Math.max(lagMs, opts.maxLagMs ?? 2000);
  const settleMs = Math.min(lagMs, opts.settleMs ?? 50);
  const settled = signal<CapturedRow[]>(rows.peek());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstChange = 0;
  let lastChange = 0;
  let lastFire = -Infinity;
  const spacing = () => (opts.lastCostMs ? opts.lastCostMs() * (opts.costFactor ?? 4) : 0);
  let lastBusy = -Infinity;
  const busy = opts.busy;
  const stopBusy = busy
    ? effect(() => {
        const _subscribed = busy.value;
        lastBusy = now();
      })
    : () => {};
  lastBusy = -Infinity; // the effect's first run is not the user
  const fire = () => {
    const t = now();
    // A burst that has ended is analysed at once (settleMs after its last row). While rows keep
    // arriving, a pass runs lagMs after the first change, but never sooner than costFactor times
    // the last pass's cost after it: a flood gets a bounded share of the main thread.
    const dueFlow = Math.max(firstChange + lagMs, lastFire + spacing());
    const settleAt = opts.drained?.(settleMs) ? t : lastChange + settleMs;
    const waitData = Math.min(settleAt, dueFlow) - t;
    // The user is typing: wait for a quiet moment, but no longer than maxLagMs.
    const waitQuiet = Math.min(lastBusy + quietMs, firstChange + maxLagMs) - t;
    const wait = Math.max(waitData, waitQuiet);
    if (wait > 0) {
      timer = setTimeout(fire, wait);
      return;
    }
    timer = undefined;
    lastFire = t;
    batch(() => {
      settled.value = rows.peek();
      opts.onCopy?.();
    });
  };
  const stop = effect(() => {
    const _subscribed = rows.value;
    lastChange = now();
    // The last slice of a burst: look again at once (fire still waits for typing and spacing).
    const soon = opts.drained?.(settleMs) === true;
    if (timer !== undefined) {
      if (soon) {
        clearTimeout(timer);
        timer = setTimeout(fire, 0);
      }
      return;
    }
    firstChange = lastChange;
    timer = setTimeout(fire, soon ? 0 : settleMs);
  });
  return {
    rows: settled,
    dispose() {
      stop();
      stopBusy();
      clearTimeout(timer);
    },
  };
}
