// The one-shot judges: judge() for the panel (mutations, then rows against those verdicts, then the findings),
// judgeMutations and judgeRows for one side. Pure and synchronous: the incremental engine built once over the input.

import { createVerdictEngine } from './engine.ts';
import type { VerdictFindingOptions } from './findings.ts';
import { sanitise } from './sanitise.ts';
import type { Verdicts } from './engineTypes.ts';
import type { MutationVerdict, RowVerdict, VerdictInput } from './types.ts';

export type { Verdicts } from './engineTypes.ts';

export function judge(input: VerdictInput, options: VerdictFindingOptions = {}): Verdicts {
  return createVerdictEngine(sanitise(input), options).snapshot();
}

export function judgeMutations(input: VerdictInput): MutationVerdict[] {
  return judgeMutationsOf(sanitise(input));
}

/** judgeMutations for input that already went through sanitise(). */
export function judgeMutationsOf(input: VerdictInput): MutationVerdict[] {
  return createVerdictEngine(input).snapshot().mutations;
}

/** `mutations` defaults to judgeMutations(input); pass it when already computed. */
export function judgeRows(input: VerdictInput, mutations?: readonly MutationVerdict[]): RowVerdict[] {
  return judgeRowsOf(sanitise(input), mutations);
}

/**
 * judgeRows for input that already went through sanitise(). Rows depend on the mutation verdicts
 * (a silent revert names its rows); given ones are used instead of the engine's own.
 */
export function judgeRowsOf(input: VerdictInput, mutations?: readonly MutationVerdict[]): RowVerdict[] {
  return createVerdictEngine(input, mutations ? { mutations } : {}).snapshot().rows;
}
