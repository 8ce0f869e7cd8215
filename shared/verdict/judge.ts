// One call for the panel: judge mutations, then rows against those verdicts, then the findings.
// Pure and synchronous: the incremental engine (engine.ts) built once over the whole input.

import { createVerdictEngine } from './engine.ts';
import type { VerdictFinding, VerdictFindingOptions } from './findings.ts';
import { sanitise } from './sanitise.ts';
import type { MutationVerdict, RowVerdict, VerdictInput } from './types.ts';

export interface Verdicts {
  mutations: MutationVerdict[];
  rows: RowVerdict[];
  findings: VerdictFinding[];
}

export function judge(input: VerdictInput, options: VerdictFindingOptions = {}): Verdicts {
  return createVerdictEngine(sanitise(input), options).snapshot();
}
