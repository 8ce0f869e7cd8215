import { describe, expect, it } from 'vitest';
import { scrollFor, windowOf } from './useVirtualizer.ts';

describe('windowOf', () => {
  it('renders the rows on screen plus the overscan, clamped to the list', () => {
    expect(windowOf(0, 100, 10_000, 20, 2).map((i) => i.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(windowOf(1000, 100, 10_000, 20, 2).map((i) => i.index)).toEqual([48, 49, 50, 51, 52, 53, 54, 55, 56, 57]);
    expect(windowOf(1000, 100, 10_000, 20, 2)[0]).toEqual({ index: 48, start: 960 });
    expect(windowOf(199_990, 100, 10_000, 20, 2).at(-1)).toEqual({ index: 9999, start: 199_980 });
    expect(windowOf(0, 100, 0, 20, 2)).toEqual([]);
    expect(windowOf(-50, 100, 3, 20, 12).map((i) => i.index)).toEqual([0, 1, 2]);
  });

  it('costs the same whatever the length of the list', () => {
    expect(windowOf(500, 200, 20_000, 21, 12)).toHaveLength(windowOf(500, 200, 200, 21, 12).length);
  });
});

describe('scrollFor', () => {
  it('moves as little as possible to bring a row into view', () => {
    expect(scrollFor(5, 0, 100, 20)).toBe(20); // row 5 ends at 120: scroll so it ends at the bottom
    expect(scrollFor(2, 100, 100, 20)).toBe(40); // above: align its top
    expect(scrollFor(6, 100, 100, 20)).toBeNull(); // already visible
  });
});
