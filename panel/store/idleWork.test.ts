import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harEntry, PULL_QUERY } from '../../shared/sync/fixtures.ts';
import { applyMessage } from './applyMessage.ts';
import { createIdleWork, type IdleDeadlineLike } from './idleWork.ts';
import { createStore, type StoreOptions } from './store.ts';

/** An idle scheduler driven by hand: tasks wait until the test runs them, with the time it gives. */
function fakeIdle() {
  const tasks: ((d: IdleDeadlineLike) => void)[] = [];
  return {
    schedule(task: (d: IdleDeadlineLike) => void) {
      tasks.push(task);
      return () => {
        const i = tasks.indexOf(task);
        if (i >= 0) tasks.splice(i, 1);
      };
    },
    get waiting() {
      return tasks.length;
    },
    /** Runs the waiting tasks, and those they ask for, each with `ms` of idle time; returns how many ran. */
    runAll(ms = 50) {
      let ran = 0;
      while (tasks.length) {
        ran++;
        tasks.shift()?.({ timeRemaining: () => ms });
      }
      return ran;
    },
  };
}

const pull = (i: number) =>
  harEntry({
    url: `https://app.test/sync/pull${PULL_QUERY}`,
    startedDateTime: new Date(Date.UTC(2025, 0, 2) + i * 100).toISOString(),
  });

function setup(opts: StoreOptions = {}) {
  const store = createStore(opts);
  const idle = fakeIdle();
  const releases = { n: 0 };
  const work = createIdleWork(store, {
    schedule: (task) => idle.schedule(task),
    releaseRenders: () => {
      releases.n++;
    },
    burstRows: 50,
  });
  let n = 0;
  /** `count` requests captured together (one batch), or one at a time, each listed on its own. */
  const capture = (count: number, oneByOne = false) => {
    const items = Array.from({ length: count }, () => {
      n++;
      return { id: `r${String(n)}`, entry: pull(n), recovered: false };
    });
    if (oneByOne) for (const item of items) applyMessage(store, { type: 'requestFinished', ...item });
    else applyMessage(store, { type: 'requestsFinished', items });
  };
  return { store, idle, releases, work, capture };
}

describe('createIdleWork', () => {
  it('after a burst, releases the held renders once and prepares what a keystroke would otherwise build', () => {
    const { store, idle, releases, capture } = setup();
    idle.runAll(); // the first look, at an empty store
    const index = vi.spyOn(store.analysis.findingsByRequest, 'peek');
    capture(60);
    expect(idle.waiting).toBe(1); // the rows changing asked for one task, not one per request
    idle.runAll();
    expect(releases.n).toBe(1);
    expect(index).toHaveBeenCalled();
    // The filter's rows are ready: nothing is left to prepare.
    expect(store.filterReady()).toBe(true);
    // Nothing new: nothing runs again, nothing is released again.
    expect(idle.waiting).toBe(0);
  });

  it('leaves steady traffic as it was: a few requests at a time release nothing and prepare nothing', () => {
    const { store, idle, releases, capture } = setup();
    capture(49);
    capture(100, true);
    expect(idle.waiting).toBe(0);
    expect(releases.n).toBe(0);
    expect(store.filterReady()).toBe(false);
  });

  it('works in slices when the idle time is short, and releases once for the burst', () => {
    const { store, idle, releases, capture } = setup();
    capture(600);
    // No time left in any idle period: a slice of rows each, until the rows are prepared.
    expect(idle.runAll(0)).toBeGreaterThan(2);
    expect(releases.n).toBe(1);
    expect(store.filterReady()).toBe(true);
  });

  it('waits while captured requests are not listed yet, and starts once they are', () => {
    const flushes: (() => void)[] = [];
    const { idle, releases, capture } = setup({ scheduleIngest: (flush) => flushes.push(flush) });
    idle.runAll();
    capture(60);
    idle.runAll();
    expect(releases.n).toBe(0);
    expect(idle.waiting).toBe(0); // no polling: the rows changing asks again
    for (const flush of flushes.splice(0)) flush();
    expect(idle.waiting).toBe(1);
    idle.runAll();
    expect(releases.n).toBe(1);
  });

  describe('with an analysis that lags the rows', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('does nothing while the burst is being analysed, then prepares the filter and releases the held renders', () => {
      const { store, idle, releases, capture } = setup({ analysisLagMs: 250 });
      idle.runAll();
      const index = vi.spyOn(store.analysis.findingsByRequest, 'peek');
      capture(60);
      idle.runAll();
      // Work on this thread now would delay the analysis' main-thread part; its findings are not in yet.
      expect(store.filterReady()).toBe(false);
      expect(releases.n).toBe(0);
      expect(index).not.toHaveBeenCalled();
      vi.advanceTimersByTime(250);
      idle.runAll();
      expect(store.filterReady()).toBe(true);
      expect(releases.n).toBe(1);
      expect(index).toHaveBeenCalled();
    });
  });

  it('asks for nothing more once disposed', () => {
    const { idle, work, capture } = setup();
    capture(60);
    expect(idle.waiting).toBe(1);
    work.dispose();
    expect(idle.waiting).toBe(0);
    capture(60);
    expect(idle.waiting).toBe(0);
  });
});
