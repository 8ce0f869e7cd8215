// Two answers merged into one: later verdicts win, a removal after an update removes, an update
// after a removal brings the key back, and a full answer resets what came before.

import { describe, expect, it } from 'vitest';
import type { MutationVerdict, RowVerdict, VerdictChanges } from '../../shared/verdict/index.ts';
import { mergeChanges } from './verdictBatch.ts';

const row = (id: string, tag: string) =>
  ({ key: `t/${id}`, table: 't', id, visible: { tag } }) as unknown as RowVerdict;
const mut = (n: number) => ({ key: `c#${String(n)}`, clientID: 'c', mutationID: n }) as unknown as MutationVerdict;
const inc = (p: Partial<VerdictChanges>): VerdictChanges => ({
  full: false,
  mutations: [],
  removedMutations: [],
  rows: [],
  removedRows: [],
  findings: [],
  ...p,
});

describe('mergeChanges', () => {
  it('keeps the last word per key', () => {
    const a = inc({ rows: [row('1', 'a'), row('2', 'a')], removedRows: ['t/3'], mutations: [mut(1)] });
    const b = inc({ rows: [row('1', 'b'), row('3', 'b')], removedRows: ['t/2'], removedMutations: ['c#1'] });
    const m = mergeChanges(a, b);
    expect(m.full).toBe(false);
    expect(m.rows.map((r) => `${r.key}:${String(r.visible?.tag)}`).sort()).toEqual(['t/1:b', 't/3:b']);
    expect(m.removedRows).toEqual(['t/2']);
    expect(m.mutations).toEqual([]);
    expect(m.removedMutations).toEqual(['c#1']);
  });

  it('applies an incremental answer to a full one, and lets a full one replace everything', () => {
    const full = { ...inc({ rows: [row('1', 'a'), row('2', 'a')] }), full: true };
    const m = mergeChanges(full, inc({ rows: [row('0', 'b')], removedRows: ['t/2'] }));
    expect(m.full).toBe(true);
    expect(m.rows.map((r) => r.key)).toEqual(['t/0', 't/1']);
    const again = { ...inc({ rows: [row('9', 'c')] }), full: true };
    expect(mergeChanges(m, again)).toBe(again);
  });
});
