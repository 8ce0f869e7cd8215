// What the first keystroke after a burst of traffic would otherwise pay, done in idle time once the
// burst has settled (every request listed, analysed and judged: work on this thread before that
// delays the analysis' main-thread part): the filter's prepared rows (in slices), the has:finding
// index, and the renders held meanwhile (renderPacing.ts), which the keystroke would otherwise
// make. Steady traffic is left as it was (its renders paced, nothing prepared ahead): only a burst
// of `burstRows` requests listed together sets this off. Runs for the panel's life; talks only to
// the store and its scheduler.

import { effect } from '@preact/signals';
import type { Store } from './store.ts';

/** What an idle callback is given: how much of this idle period is left (ms). */
export interface IdleDeadlineLike {
  timeRemaining(): number;
}

/** Runs `task` in idle time; returns a cancel. */
export type IdleScheduler = (task: (deadline: IdleDeadlineLike) => void) => () => void;

export interface IdleWorkOptions {
  schedule: IdleScheduler;
  /** Makes the renders held while nobody used the panel now, rather than on the first input. */
  releaseRenders?: () => void;
  /** How many requests listed together make a burst (default 50). */
  burstRows?: number;
}

export function createIdleWork(store: Store, opts: IdleWorkOptions) {
  const burstRows = opts.burstRows ?? 50;
  let cancel: (() => void) | null = null;
  /** The latest request's sequence number when a commit of rows last left nothing waiting. */
  let listedSeq = 0;
  /** A burst was listed and the work it calls for is not done yet. */
  let burst = false;

  const run = (deadline: IdleDeadlineLike) => {
    cancel = null;
    // Requests arriving again: the commit that lists them asks again.
    if (!burst || !store.listed()) return;
    // Nothing before the analysis has ended (a signal watched below changes then): work done on
    // this thread while it runs delays its main-thread part.
    if (!store.analysed()) return;
    const more = () => deadline.timeRemaining() > 0;
    /** This slice did some work already: the next step waits for time left. */
    let spent = false;
    if (!store.filterReady()) {
      if (!store.warmFilter(more)) {
        later();
        return;
      }
      spent = true;
    }
    if (spent && !more()) {
      later();
      return;
    }
    store.analysis.findingsByRequest.peek();
    opts.releaseRenders?.();
    burst = false;
  };
  const later = () => {
    cancel ??= opts.schedule(run);
  };
  // A commit that leaves nothing waiting ends what was listed since the last one: a burst when that
  // is burstRows requests or more. Steady traffic (a pull at a time, or a few between two commits)
  // is never one, so it costs nothing here.
  const stop = effect(() => {
    const _subscribed = [
      store.rows.value,
      store.analysis.events.value,
      store.analysis.pending.value,
      store.analysis.findings.value,
      store.verdicts.client.pending.value,
    ];
    if (store.listed()) {
      if (store.lastSeq() - listedSeq >= burstRows) burst = true;
      listedSeq = store.lastSeq();
    }
    if (burst) later();
  });
  return {
    dispose() {
      stop();
      cancel?.();
      cancel = null;
    },
  };
}

/** Main-thread time one slice of the work may take when the browser gives no deadline (ms). */
const SLICE_MS = 5;

/**
 * A background-priority task (scheduler.postTask): it runs whenever nothing more urgent waits, even
 * while timers fire every few ms, which leave requestIdleCallback no idle period to run in.
 * Elsewhere (Firefox before postTask) requestIdleCallback, else a timer.
 */
export const idleScheduler: IdleScheduler = (task) => {
  const slice = () => {
    const end = performance.now() + SLICE_MS;
    task({ timeRemaining: () => Math.max(0, end - performance.now()) });
  };
  if ('scheduler' in globalThis && typeof scheduler.postTask === 'function') {
    const abort = new AbortController();
    scheduler.postTask(slice, { priority: 'background', signal: abort.signal }).catch(() => {
      // Cancelled: the work was scheduled again or disposed.
    });
    return () => {
      abort.abort();
    };
  }
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(slice, { timeout: 500 });
    return () => {
      cancelIdleCallback(handle);
    };
  }
  const handle = setTimeout(slice, 0);
  return () => {
    clearTimeout(handle);
  };
};
