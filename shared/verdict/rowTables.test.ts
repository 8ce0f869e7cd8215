// loadBoth (a new table from both stores in one walk) must fill the table exactly as loading each
// store by lookup does: same entries, same sides, same insertion order, whatever order the ids come in.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowEntry, RowTable } from './rowIndex.ts';
import { loadBoth, loadSide } from './rowTables.ts';
import type { Row } from './types.ts';

const byLookup = (visible: Row[], base: Row[]): RowTable => {
  const t: RowTable = new Map<string, RowEntry>();
  loadSide(t, 'visible', visible);
  loadSide(t, 'base', base);
  return t;
};
const together = (visible: Row[], base: Row[]): RowTable => {
  const t: RowTable = new Map<string, RowEntry>();
  loadBoth(t, 'visible', visible, 'base', base);
  return t;
};
const shape = (t: RowTable) => [...t].map(([id, e]) => [id, e.id, e.visible, e.base]);

const row = fc.record({
  id: fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 9 })),
  n: fc.nat(3),
});
const byId = (a: Row, b: Row) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

describe('loadBoth', () => {
  it('fills a table as two loads by lookup do, for ids in key order, out of order or repeated', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.array(row, { maxLength: 12 }), fc.boolean(), (v, b, sort) => {
        const visible = sort ? v.slice().sort(byId) : v;
        const base = sort ? b.slice().sort(byId) : b;
        expect(shape(together(visible, base))).toEqual(shape(byLookup(visible, base)));
      }),
    );
  });

  it('finds the base row of every visible id in key order, and adds the ids only the base has', () => {
    const visible: Row[] = [{ id: 'a' }, { id: 'c' }, { id: 'e' }];
    const base: Row[] = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }, { id: 'f' }];
    const t = together(visible, base);
    expect([...t.keys()]).toEqual(['a', 'c', 'e', 'b', 'd', 'f']);
    for (const [id, e] of t) {
      expect(e.base).toBe(base.find((r) => r.id === id));
      expect(e.visible).toBe(visible.find((r) => r.id === id) ?? null);
    }
  });
});
