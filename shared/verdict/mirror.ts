// The receiving end of the engine's updates: keeps the last Verdicts and merges what an update
// changed into it, so a consumer (the panel, across a worker boundary) renders without judging
// anything. Lists stay in the engine's order; the cost is one pass over the lists per update.

import type { VerdictChanges } from './engineTypes.ts';
import type { Verdicts } from './engineTypes.ts';
import { lowerBound, mergeSorted } from './sorted.ts';
import type { MutationVerdict, RowVerdict } from './types.ts';

const byMutation = (a: MutationVerdict, b: MutationVerdict): number =>
  a.clientID < b.clientID ? -1 : a.clientID > b.clientID ? 1 : a.mutationID - b.mutationID;
const byRow = (a: RowVerdict, b: RowVerdict): number =>
  a.table < b.table ? -1 : a.table > b.table ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Replaced verdicts go in place (binary search); new and removed keys cost one native copy. */
function merge<T extends { key: string }>(
  list: readonly T[],
  changed: readonly T[],
  removed: readonly T[],
  cmp: (a: T, b: T) => number,
): T[] {
  if (changed.length === 0 && removed.length === 0) return list as T[];
  const out = list.slice();
  const added: T[] = [];
  for (const v of changed) {
    const i = lowerBound(out, (x) => cmp(x, v) < 0);
    if (out[i]?.key === v.key) out[i] = v;
    else added.push(v);
  }
  const drop: number[] = [];
  for (const probe of removed) {
    const i = lowerBound(out, (x) => cmp(x, probe) < 0);
    if (out[i]?.key === probe.key) drop.push(i);
  }
  if (added.length === 0 && drop.length === 0) return out;
  return mergeSorted(out, added, drop, (a, b) => cmp(a, b) < 0);
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
