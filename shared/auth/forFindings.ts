// What the findings engine is handed of a captured sync event: the event without its pull patch.
// No finding reads a pull's patch (the rows it delivered are the verdict engine's business), and it
// is most of a pull's size: the analysis worker would be posted, and would hold, a copy of every
// row every pull delivered. forFindings.test.ts checks that the findings are the same either way.

import type { SyncEvent } from '../sync/types.ts';

export function forFindings(e: SyncEvent): SyncEvent {
  if (e.kind !== 'pull' || e.response.state !== 'ok' || e.response.value.patch.length === 0) return e;
  return { ...e, response: { ...e.response, value: { ...e.response.value, patch: [] } } };
}
