// The analysis worker: created by the panel page (analysisClient.ts), lives as long as it, talks
// only to it. It holds the captured events and computes the auth findings (findingsHost.ts), so
// computeFindings never runs on the panel's main thread. Updates that arrive while a pass runs are
// applied together and answered by one pass (the panel keeps one in flight, so this is rare).

import { createFindingsHost } from './findingsHost.ts';

const host = createFindingsHost((reply) => {
  postMessage(reply);
});
let scheduled = false;
addEventListener('message', (e: MessageEvent) => {
  const data: unknown = e.data;
  if (!host.apply(data) || scheduled) return;
  scheduled = true;
  // After the messages already queued: each is applied first, then one pass answers them all.
  setTimeout(() => {
    scheduled = false;
    host.flush();
  }, 0);
});
