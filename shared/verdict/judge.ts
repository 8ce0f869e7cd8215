// One call for the panel: judge mutations, then rows against those verdicts, then the findings.
// Pure and synchronous; recompute whenever any input changes (100k rows take about a second).

import { verdictFindings, type VerdictFinding, type VerdictFindingOptions } from './findings.ts';
import { judgeMutationsOf } from './mutations.ts';
import { judgeRowsOf } from './rows.ts';
import { sanitise } from './sanitise.ts';
import type { MutationVerdict, RowVerdict, VerdictInput } from './types.ts';

export interface Verdicts {
  mutations: MutationVerdict[];
  rows: RowVerdict[];
  findings: VerdictFinding[];
}

export function judge(input: VerdictInput, options: VerdictFindingOptions = {}): Verdicts {
  const clean = sanitise(input);
  const mutations = judgeMutationsOf(clean);
  const rows = judgeRowsOf(clean, mutations);
  return { mutations, rows, findings: verdictFindings(mutations, rows, options) };
}
