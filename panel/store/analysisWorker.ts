// The analysis worker: created by the panel page (analysisClient.ts), lives as long as it, talks
// only to it. It holds the captured events and computes the auth findings (findingsHost.ts), so
// computeFindings never runs on the panel's main thread.

import { createFindingsHost } from './findingsHost.ts';

const host = createFindingsHost((reply) => {
  postMessage(reply);
});
addEventListener('message', (e: MessageEvent) => {
  const data: unknown = e.data;
  host.handle(data);
});
