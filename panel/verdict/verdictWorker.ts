// The verdict worker: created by the panel page (panel/store/verdictClient.ts), lives as long as it,
// talks only to it. It holds the verdict engine's keyed state, applies the deltas the panel posts and
// answers with what they changed, so judging never runs on the panel's main thread. Findings equal
// to the last answer's do not cross again (panel/store/verdictWire.ts).

import { createVerdictHost } from '../../shared/verdict/index.ts';
import { findingsEliding } from '../store/verdictWire.ts';

const host = createVerdictHost(
  findingsEliding((msg) => postMessage(msg)),
  { summaries: true, now: () => performance.now() },
);
addEventListener('message', (e: MessageEvent) => host.handle(e.data));
