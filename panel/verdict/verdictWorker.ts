// The verdict worker: created by the panel page (panel/store/verdictClient.ts), lives as long as it,
// talks only to it. It holds the verdict engine's keyed state, applies the deltas the panel posts and
// answers with what they changed, so judging never runs on the panel's main thread. Findings equal
// to the last answer's do not cross again (panel/store/verdictWire.ts); a batch of deltas gets one
// answer (panel/store/verdictBatch.ts); row verdicts cross only while the panel wants them
// (panel/store/rowMirror.ts).

import { batchingHost } from '../store/verdictBatch.ts';
import { findingsEliding } from '../store/verdictWire.ts';
import { isWantRows, rowsOnDemand } from '../store/rowMirror.ts';

const rows = rowsOnDemand((msg) => postMessage(msg));
const handle = batchingHost(
  findingsEliding((reply) => {
    rows.reply(reply);
  }),
  { now: () => performance.now() },
);
addEventListener('message', (e: MessageEvent) => {
  const msg: unknown = e.data;
  if (isWantRows(msg)) rows.want(msg.on);
  else handle(msg);
});
