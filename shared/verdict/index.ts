// Public surface of the verdict engine. Pure: the panel hands it the page's IndexedDB, the captured
// sync events and the admin API's answers, and renders the verdicts, diffs and findings it returns.

export type * from './types.ts';
export { judge, type Verdicts } from './judge.ts';
export { createVerdictEngine, type VerdictEngine, type EngineOptions } from './engine.ts';
export type { VerdictDelta, VerdictChanges, ClientChange, RowsDelta, ServerDelta } from './engineTypes.ts';
export { applyVerdictChanges } from './mirror.ts';
export { judgeMutations, judgeMutationsOf, judgeRows, judgeRowsOf } from './judge.ts';
export { cookieRowVersion } from './rows.ts';
export { diff, rowDiff, differingFields, rowsWithDifferences } from './diff.ts';
export {
  verdictFindings,
  attributeClient,
  type ClientAttribution,
  type VerdictFinding,
  type VerdictFindingCode,
  type VerdictFindingOptions,
} from './findings.ts';
export { sanitise } from './sanitise.ts';
export { mutationKey, rowKey, parseRule, argIds, deepEqual } from './util.ts';
export { createVerdictHost, isHostRequest, summarise, type HostReply, type HostRequest } from './host.ts';
