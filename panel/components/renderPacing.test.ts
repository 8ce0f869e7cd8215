import { describe, expect, it } from 'vitest';
import { createRenderPacer, INGEST_DELAY_MS } from './renderPacing.ts';

/** A clock and timer queue driven by hand. */
function fakeTime() {
  let t = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const micro: (() => void)[] = [];
  return {
    now: () => t,
    setTimeout: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: t + ms, fn });
      return id;
    },
    clearTimeout: (h: unknown) => {
      timers.delete(h as number);
    },
    queueMicrotask: (fn: () => void) => {
      micro.push(fn);
    },
    runMicrotasks() {
      while (micro.length) micro.shift()?.();
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = [...timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
      }
      t = end;
    },
    pendingTimers: () => timers.size,
  };
}

describe('createRenderPacer', () => {
  it('holds renders while nobody interacts and makes them together once per window', () => {
    const time = fakeTime();
    const pacer = createRenderPacer({ ...time, idleWindowMs: 250 });
    let renders = 0;
    const flush = () => {
      renders++;
    };
    pacer.debounce(flush);
    time.advance(100);
    pacer.debounce(flush); // Preact asks again only after a flush; a second ask within the window is one render
    time.runMicrotasks();
    expect(renders).toBe(0);
    expect(pacer.held).toBe(true);
    time.advance(149);
    expect(renders).toBe(0);
    time.advance(1);
    expect(renders).toBe(1);
    expect(pacer.held).toBe(false);
    expect(time.pendingTimers()).toBe(0);
  });

  it('renders at once for a while after an input, and releases what was held when the input comes', () => {
    const time = fakeTime();
    const pacer = createRenderPacer({ ...time, idleWindowMs: 250, interactiveMs: 1000 });
    let renders = 0;
    const flush = () => {
      renders++;
    };
    pacer.debounce(flush);
    time.advance(10);
    pacer.input();
    time.runMicrotasks();
    expect(renders).toBe(1);
    expect(time.pendingTimers()).toBe(0); // the window's timer went with it
    pacer.debounce(flush);
    time.runMicrotasks();
    expect(renders).toBe(2);
    time.advance(999);
    pacer.debounce(flush);
    time.runMicrotasks();
    expect(renders).toBe(3);
    time.advance(2); // 1,001 ms after the input: idle again
    pacer.debounce(flush);
    time.runMicrotasks();
    expect(renders).toBe(3);
    time.advance(250);
    expect(renders).toBe(4);
  });

  it('releases held renders when asked, and renders at once what that release sets off until its frame is out', () => {
    const time = fakeTime();
    const frames: (() => void)[] = [];
    const pacer = createRenderPacer({ ...time, idleWindowMs: 500, afterNextFrame: (fn) => frames.push(fn) });
    let renders = 0;
    const flush = () => {
      renders++;
    };
    pacer.releaseHeld(); // nothing held: nothing to do, nothing to follow
    expect(frames).toHaveLength(0);
    pacer.debounce(flush);
    expect(renders).toBe(0);
    pacer.releaseHeld();
    expect(renders).toBe(1);
    expect(pacer.held).toBe(false);
    expect(time.pendingTimers()).toBe(0); // the window's timer went with it
    // The list laid out in that frame measures itself and asks for another render: it runs at once.
    pacer.debounce(flush);
    time.runMicrotasks();
    expect(renders).toBe(2);
    // The frame is out: renders are paced again.
    frames.shift()?.();
    pacer.debounce(flush);
    time.runMicrotasks();
    expect(renders).toBe(2);
    expect(pacer.held).toBe(true);
    time.advance(500);
    expect(renders).toBe(3);
  });

  it('applies captured requests on a timer, not on an animation frame, so a body arriving meanwhile goes with them', () => {
    const time = fakeTime();
    const pacer = createRenderPacer(time);
    let flushed = 0;
    pacer.ingest(() => {
      flushed++;
    }, false);
    time.advance(INGEST_DELAY_MS - 1);
    expect(flushed).toBe(0);
    time.advance(1);
    expect(flushed).toBe(1);
  });
});
