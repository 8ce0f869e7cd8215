import { describe, expect, it } from 'vitest';
import { applyVerdictChanges, type RowVerdict, type Verdicts } from '../../shared/verdict/index.ts';
import { createRowMirror } from './verdictClient.ts';

const row = (id: string, v: number): RowVerdict =>
  ({ key: `items/${id}`, table: 'items', id, visible: { id, v } }) as RowVerdict;

describe('createRowMirror', () => {
  it('reads what merging every answer at once would have given, merging only when read', () => {
    const mirror = createRowMirror();
    let eager: Verdicts = { mutations: [], rows: [], findings: [] };
    const answer = (rows: RowVerdict[], removedRows: string[]) => {
      const ch = { full: false, mutations: [], removedMutations: [], rows, removedRows, findings: [] };
      eager = applyVerdictChanges(eager, ch);
      mirror.change(rows, removedRows);
    };
    mirror.replace([row('a', 0), row('c', 0)]);
    eager = { mutations: [], rows: [row('a', 0), row('c', 0)], findings: [] };
    answer([row('b', 1), row('a', 1)], []);
    answer([], ['items/c']);
    answer([row('c', 2)], ['items/b']); // removed, then back; added, then removed
    answer([row('b', 3)], []);
    expect(mirror.read()).toEqual(eager.rows);
    expect(mirror.read().map((r) => r.key)).toEqual(['items/a', 'items/b', 'items/c']);
    const read = mirror.read();
    expect(mirror.read()).toBe(read); // nothing waiting: the same list
    answer([], ['items/a']);
    expect(mirror.read()).toEqual(eager.rows);
    mirror.replace([row('z', 9)]);
    expect(mirror.read()).toEqual([row('z', 9)]);
  });
});
