// Mutation ids in any order and range (the engine holds a client's slots in an IntMap, intMap.ts):
// a mutation whose first change row comes long before the client's other ids reach it, ids far
// apart, and ids beyond the array's reach keep all their change rows, and an update judges the same.

import { describe, expect, it } from 'vitest';
import { createVerdictEngine } from './engine.ts';
import { judge } from './judge.ts';
import { makeInput, put } from './testFixtures.ts';
import type { ChangeRecord } from './types.ts';

function log(): ChangeRecord[] {
  const changes: ChangeRecord[] = [];
  let rv = 1;
  // Mutation 3000 writes first, then 2,500 others write one row each, then 3000 writes again.
  changes.push(put(rv++, 'todos', { id: 'late' }, ['c1', 3000]));
  for (let m = 1; m <= 2500; m++) changes.push(put(rv++, 'todos', { id: `t${m}` }, ['c1', m]));
  changes.push(put(rv++, 'todos', { id: 'late2' }, ['c1', 3000]));
  // Far apart and out of order, on another client.
  for (const m of [1_000_000, 5, 70_000, 4, 2 ** 40]) changes.push(put(rv++, 'todos', { id: `u${m}` }, ['c2', m]));
  return changes;
}

describe('mutation ids in any order and range', () => {
  it('a mutation keeps every change row, whatever ids come between them', () => {
    const changes = log();
    const out = judge(makeInput({ changes, clients: { c1: 3000, c2: 2 ** 40 } }));
    const late = out.mutations.find((m) => m.key === 'c1#3000');
    expect(late?.changeRowVersions).toEqual([1, 2502]);
    expect(late?.status).toBe('applied');
    expect(out.mutations.filter((m) => m.clientID === 'c1')).toHaveLength(2501);
    expect(out.mutations.filter((m) => m.clientID === 'c2').map((m) => m.mutationID)).toEqual([
      4,
      5,
      70_000,
      1_000_000,
      2 ** 40,
    ]);
    expect(out.mutations.every((m) => m.status === 'applied')).toBe(true);
  });

  it('the same log arriving as updates ends with the verdicts a whole judge gives', () => {
    const changes = log();
    const input = makeInput({ changes, clients: { c1: 3000, c2: 2 ** 40 } });
    const engine = createVerdictEngine(undefined);
    engine.update({ client: input.client, server: { ...input.server, changes: [] } });
    for (let i = 0; i < changes.length; i += 700) engine.update({ server: { changes: changes.slice(i, i + 700) } });
    const whole = judge(input);
    const keyed = (list: { key: string; status: string; changeRowVersions: number[] }[]) =>
      list.map((m) => [m.key, m.status, m.changeRowVersions]);
    expect(keyed(engine.snapshot().mutations)).toEqual(keyed(whole.mutations));
  });
});
