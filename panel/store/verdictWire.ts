// What crosses between the verdict worker and the panel besides shared/verdict's HostReply: an
// answer whose findings equal the last ones sent leaves them out and says `sameFindings`, so the
// panel's main thread does not deserialise (and re-merge) the same findings on every update.

import { isRecord } from '../../shared/guards.ts';
import type { HostReply } from '../../shared/verdict/index.ts';

/** Wraps the worker's `postMessage`: findings go only when their content changed since the last answer. */
export function findingsEliding(post: (msg: unknown) => void): (reply: HostReply) => void {
  let last = '';
  return (reply) => {
    if (reply.type !== 'changes') {
      post(reply);
      return;
    }
    const key = JSON.stringify(reply.changes.findings);
    if (key !== last) {
      last = key;
      post(reply);
      return;
    }
    post({ ...reply, changes: { ...reply.changes, findings: [] }, sameFindings: true });
  };
}

/** An answer sent with its findings left out because they equal the last ones. */
export function hasSameFindings(reply: HostReply): boolean {
  const r: unknown = reply;
  return isRecord(r) && r.sameFindings === true;
}
