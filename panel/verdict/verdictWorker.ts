// The verdict worker: created by the panel page (panel/store/verdictClient.ts), lives as long as it,
// talks only to it. It holds the verdict engine's keyed state, applies the deltas the panel posts and
// answers with what they changed, so judging never runs on the panel's main thread. Findings equal
// to the last answer's do not cross again (panel/store/verdictWire.ts); a batch of deltas gets one
// answer (panel/store/verdictBatch.ts).

import { batchingHost } from '../store/verdictBatch.ts';
import { findingsEliding } from '../store/verdictWire.ts';

const handle = batchingHost(
  findingsEliding((msg) => postMessage(msg)),
  { now: () => performance.now() },
);
addEventListener('message', (e: MessageEvent) => handle(e.data));
