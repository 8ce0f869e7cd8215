// Timers a test drives by hand for the admin client's timeouts and retry delays: nothing runs
// until `fire(ms)` runs the timers of that delay.

export function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let n = 0;
  return {
    set: (fn: () => void, ms: number) => {
      pending.set(++n, { fn, ms });
      return n;
    },
    clear: (h: unknown) => {
      if (typeof h === 'number') pending.delete(h);
    },
    /** Runs (and removes) the timers of that delay; returns how many ran. */
    fire(ms: number) {
      const due = [...pending].filter(([, t]) => t.ms === ms);
      for (const [h, t] of due) {
        pending.delete(h);
        t.fn();
      }
      return due.length;
    },
    has: (ms: number) => [...pending.values()].some((t) => t.ms === ms),
    delays: () => [...pending.values()].map((t) => t.ms),
  };
}
