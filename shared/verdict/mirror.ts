// The receiving end of the engine's updates: keeps the last Verdicts and merges what an update
// changed into it, so a consumer (the panel, across a worker boundary) renders without judging
// anything. Lists stay in the engine's order; the cost is one pass over the lists per update.

import type { VerdictChanges } from './engineTypes.ts';
import type { Verdicts } from './judge.ts';
import { lowerBound } from './sorted.ts';
import type { MutationVerdict, RowVerdict } from './types.ts';

const byMutation = (a: MutationVerdict, b: MutationVerdict): number =>
  a.clientID < b.clientID ? -1 : a.clientID > b.clientID ? 1 : a.mutationID - b.mutationID;
const byRow = (a: RowVerdict, b: RowVerdict): number =>
  a.table < b.table ? -1 : a.table > b.table ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Replaced verdicts go in place (binary search); only new or removed keys cost a pass over the list. */
function merge<T extends { key: string }>(list: readonly T[], changed: readonly T[], removed: readonly T[], cmp: (a: T, b: T) => number): T[] {
  if (changed.length === 0 && removed.length === 0) return list as T[];
  const out = list.slice();
  const added: T[] = [];
  for (const v of changed) {
    const i = lowerBound(out, (x) => cmp(x, v) < 0);
    if (out[i]?.key === v.key) out[i] = v;
    else added.push(v);
  }
  const drop = new Set<number>();
  for (const probe of removed) {
    const i = lowerBound(out, (x) => cmp(x, probe) < 0);
    if (out[i]?.key === probe.key) drop.add(i);
  }
  if (added.length === 0 && drop.size === 0) return out;
  added.sort(cmp);
  const merged: T[] = [];
  let j = 0;
  for (let i = 0; i < out.length; i++) {
    if (drop.has(i)) continue;
    const v = out[i]!;
    while (j < added.length && cmp(added[j]!, v) < 0) merged.push(added[j++]!);
    merged.push(v);
  }
  while (j < added.length) merged.push(added[j++]!);
  return merged;
}

/** Keys back to the fields the order uses: `clientID#mutationID` (last #), `table/id` (first /). */
function mutationProbe(key: string): MutationVerdict {
  const at = key.lastIndexOf('#');
  return { key, clientID: key.slice(0, at), mutationID: Number(key.slice(at + 1)) } as MutationVerdict;
}
function rowProbe(key: string): RowVerdict {
  const at = key.indexOf('/');
  return { key, table: key.slice(0, at), id: key.slice(at + 1) } as RowVerdict;
}

export function applyVerdictChanges(prev: Verdicts, ch: VerdictChanges): Verdicts {
  if (ch.full) return { mutations: ch.mutations, rows: ch.rows, findings: ch.findings };
  return {
    mutations: merge(prev.mutations, ch.mutations, ch.removedMutations.map(mutationProbe), byMutation),
    rows: merge(prev.rows, ch.rows, ch.removedRows.map(rowProbe), byRow),
    findings: ch.findings,
  };
}
