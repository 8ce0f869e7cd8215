import { signal } from '@preact/signals';
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

  it('takes one copy per burst, at most lagMs after the first change', () => {
    const rows = signal<CapturedRow[]>([]);
    const lagged = createLaggedRows(rows, 250);
    rows.value = [row('a')];
    rows.value = [row('a'), row('b')];
    expect(lagged.rows.value).toEqual([]);
    vi.advanceTimersByTime(249);
    rows.value = [row('a'), row('b'), row('c')];
    expect(lagged.rows.value).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(lagged.rows.value.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    lagged.dispose();
    rows.value = [];
    vi.advanceTimersByTime(1000);
    expect(lagged.rows.value).toHaveLength(3);
  });
});
