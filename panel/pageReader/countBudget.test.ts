import { describe, expect, it } from 'vitest';
import type { DbData } from '../../shared/pageReader/types.ts';
import { tooBigToCount } from './start.ts';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));
const db = (name: string, base: Record<string, number>, visible: Record<string, number>): DbData => ({
  name,
  version: 1,
  tables: Object.keys(visible),
  outbox: [],
  base: Object.fromEntries(Object.entries(base).map(([t, n]) => [t, rows(n)])),
  visible: Object.fromEntries(Object.entries(visible).map(([t, n]) => [t, rows(n)])),
  meta: {},
  others: [],
  readAt: 0,
});

describe('tooBigToCount: stores whose count would hold the app back', () => {
  it('names the base and visible stores holding more rows than the limit, per database', () => {
    const held = {
      a: db('a', { items: 12, lists: 3 }, { items: 11, lists: 3 }),
      b: db('b', { todos: 2 }, { todos: 2 }),
    };
    expect(tooBigToCount(held, 10)).toEqual([['a', ['_plasma_base_items', 'items']]]);
    expect(tooBigToCount(held, 11)).toEqual([['a', ['_plasma_base_items']]]);
    expect(tooBigToCount(held, 12)).toEqual([]);
  });
});
