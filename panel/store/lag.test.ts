import { effect, signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLaggedRows } from './lag.ts';
import type { CapturedRow } from './rows.ts';

const row = (id: string) => ({ id }) as unknown as CapturedRow; // only identity matters here

describe('createLaggedRows', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('follows the rows at once without a lag', () => {
    const rows = signal<CapturedRow[]>([]);
    const lagged = createLaggedRows(rows, 0);
    rows.value = [row('a')];
    expect(lagged.rows.value.map((r) => r.id)).toEqual(['a']);
  });

  it('takes one copy per burst: when the rows are still for settleMs, at most lagMs after the first change', () => {
    const rows = signal<CapturedRow[]>([]);
    const lagged = createLaggedRows(rows, 250, { settleMs: 50, now: () => Date.now() });
    rows.value = [row('a')];
    rows.value = [row('a'), row('b')];
    expect(lagged.rows.value).toEqual([]);
    vi.advanceTimersByTime(49);
    expect(lagged.rows.value).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lagged.rows.value.map((r) => r.id)).toEqual(['a', 'b']);
    // A flood: a change every 20 ms never lets the rows settle, so the copy comes at lagMs.
    const list = [row('a'), row('b')];
    for (let t = 0; t < 240; t += 20) {
      rows.value = [...list, row(`f${t}`)];
      vi.advanceTimersByTime(20);
    }
    expect(lagged.rows.value).toHaveLength(2);
    vi.advanceTimersByTime(10);
    expect(lagged.rows.value).toHaveLength(3);
    lagged.dispose();
    rows.value = [];
    vi.advanceTimersByTime(1000);
    expect(lagged.rows.value).toHaveLength(3);
  });

  it('waits while the user types, but never longer than maxLagMs', () => {
    const rows = signal<CapturedRow[]>([]);
    const typed = signal('');
    const lagged = createLaggedRows(rows, 250, {
      settleMs: 50,
      busy: typed,
      quietMs: 400,
      maxLagMs: 2000,
      now: () => Date.now(),
    });
    rows.value = [row('a')];
    typed.value = 's';
    vi.advanceTimersByTime(300);
    expect(lagged.rows.value).toEqual([]); // typed 300 ms ago: not yet
    vi.advanceTimersByTime(100);
    expect(lagged.rows.value.map((r) => r.id)).toEqual(['a']);
    rows.value = [row('a'), row('b')];
    for (let t = 0; t < 1900; t += 100) {
      typed.value = `s${t}`;
      vi.advanceTimersByTime(100);
    }
    expect(lagged.rows.value).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(lagged.rows.value).toHaveLength(2); // 2 s after the change, typing or not
    lagged.dispose();
  });

  it('spaces passes by the cost of the last one while rows keep arriving, and analyses a finished burst at once', () => {
    const rows = signal<CapturedRow[]>([]);
    const lagged = createLaggedRows(rows, 250, {
      settleMs: 50,
      lastCostMs: () => 300,
      costFactor: 4,
      now: () => Date.now(),
    });
    rows.value = [row('a')];
    vi.advanceTimersByTime(50);
    expect(lagged.rows.value).toHaveLength(1); // the first pass is not held back
    // A flood: a new row every 20 ms. 300 ms passes: the next waits 1.2 s after the last.
    let n = 1;
    const flood = (ms: number) => {
      for (let t = 0; t < ms; t += 20) {
        rows.value = [...rows.peek(), row(`f${n++}`)];
        vi.advanceTimersByTime(20);
      }
    };
    flood(1100);
    expect(lagged.rows.value).toHaveLength(1);
    flood(200);
    expect(lagged.rows.value.length).toBeGreaterThan(1);
    const seen = lagged.rows.value.length;
    // The flood stops: its last rows are analysed 50 ms later, whatever the last pass cost.
    rows.value = [...rows.peek(), row('last')];
    vi.advanceTimersByTime(50);
    expect(lagged.rows.value.length).toBeGreaterThan(seen);
    expect(lagged.rows.value.at(-1)!.id).toBe('last');
    lagged.dispose();
  });

  it('takes the copy at once when the rows are drained (the last slice of a burst listed), still waiting for typing', () => {
    const rows = signal<CapturedRow[]>([]);
    const typed = signal('');
    let drained = false;
    const asked: number[] = [];
    const lagged = createLaggedRows(rows, 250, {
      settleMs: 50,
      busy: typed,
      quietMs: 400,
      now: () => Date.now(),
      drained: (ms) => {
        asked.push(ms);
        return drained;
      },
    });
    // A backlog listed in slices 16 ms apart: not drained until the last one.
    rows.value = [row('a')];
    vi.advanceTimersByTime(16);
    rows.value = [row('a'), row('b')];
    vi.advanceTimersByTime(16);
    expect(lagged.rows.value).toEqual([]);
    drained = true;
    rows.value = [row('a'), row('b'), row('c')];
    vi.advanceTimersByTime(0);
    expect(lagged.rows.value.map((r) => r.id)).toEqual(['a', 'b', 'c']); // 32 ms after the first change, not 82
    expect(asked.every((ms) => ms === 50)).toBe(true);
    // The user types: drained or not, the copy waits for a quiet moment.
    typed.value = 's';
    rows.value = [row('a'), row('b'), row('c'), row('d')];
    vi.advanceTimersByTime(399);
    expect(lagged.rows.value).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(lagged.rows.value).toHaveLength(4);
    // Not drained: settleMs after the last change, as without the hint.
    drained = false;
    rows.value = [...rows.peek(), row('e')];
    vi.advanceTimersByTime(49);
    expect(lagged.rows.value).toHaveLength(4);
    vi.advanceTimersByTime(1);
    expect(lagged.rows.value).toHaveLength(5);
    lagged.dispose();
  });

  it('runs onCopy with each new copy, before the effects that read it', () => {
    const rows = signal<CapturedRow[]>([]);
    const order: string[] = [];
    const lagged = createLaggedRows(rows, 250, {
      settleMs: 50,
      now: () => Date.now(),
      onCopy: () => order.push(`onCopy sees ${String(lagged.rows.value.length)}`),
    });
    const stop = effect(() => {
      order.push(`effect sees ${String(lagged.rows.value.length)}`);
    });
    rows.value = [row('a')];
    vi.advanceTimersByTime(50);
    expect(order).toEqual(['effect sees 0', 'onCopy sees 1', 'effect sees 1']);
    stop();
    lagged.dispose();
  });
});
