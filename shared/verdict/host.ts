// The engine behind a message boundary: what the panel's verdict worker runs, and what the panel
// runs in-process where no Worker exists (tests). Messages in are deltas, never whole stores; out go
// the verdicts an update changed, with mutation evidence and timelines left to be asked for (they
// are built on demand, so 100k mutations never cross the boundary with their explanations).

import { createVerdictEngine } from './engine.ts';
import type { VerdictChanges, VerdictDelta } from './engineTypes.ts';
import type { VerdictFindingOptions } from './findings.ts';
import type { MutationVerdict, TimelineEntry } from './types.ts';

export type HostRequest =
  | { type: 'update'; delta: VerdictDelta }
  | { type: 'options'; options: VerdictFindingOptions }
  | { type: 'explain'; id: number; key: string };

export type HostReply =
  | { type: 'changes'; changes: VerdictChanges; ms: number }
  | { type: 'explained'; id: number; key: string; evidence: string[]; timeline: TimelineEntry[] }
  | { type: 'error'; message: string };

/** A verdict without its (lazily built) evidence and timeline: plain data, cheap to clone. */
export function summarise(m: MutationVerdict): MutationVerdict {
  const out: MutationVerdict = {
    key: m.key,
    clientID: m.clientID,
    mutationID: m.mutationID,
    name: m.name,
    args: m.args,
    status: m.status,
    evidence: [],
    changeRowVersions: m.changeRowVersions,
    timeline: [],
    requestIds: m.requestIds,
    detailsPending: true,
  };
  if (m.cause !== undefined) out.cause = m.cause;
  if (m.rule) out.rule = m.rule;
  if (m.httpStatus !== undefined) out.httpStatus = m.httpStatus;
  return out;
}

export function isHostRequest(x: unknown): x is HostRequest {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { type?: unknown }).type;
  return t === 'update' || t === 'options' || (t === 'explain' && typeof (x as { key?: unknown }).key === 'string');
}

/** `summaries`: send mutation verdicts without explanations (across a worker boundary). */
export function createVerdictHost(send: (reply: HostReply) => void, opts: { summaries: boolean; now?: () => number }) {
  const engine = createVerdictEngine();
  const now = opts.now ?? (() => 0);
  return {
    handle(msg: unknown): void {
      if (!isHostRequest(msg)) return;
      try {
        if (msg.type === 'options') {
          engine.setOptions(msg.options);
          send({
            type: 'changes',
            changes: {
              full: false,
              mutations: [],
              removedMutations: [],
              rows: [],
              removedRows: [],
              findings: engine.findings(),
            },
            ms: 0,
          });
        } else if (msg.type === 'update') {
          const t0 = now();
          const changes = engine.update(msg.delta);
          const out = opts.summaries ? { ...changes, mutations: changes.mutations.map(summarise) } : changes;
          send({ type: 'changes', changes: out, ms: now() - t0 });
        } else {
          const m = engine.mutation(msg.key);
          send({
            type: 'explained',
            id: msg.id,
            key: msg.key,
            evidence: m ? m.evidence : [],
            timeline: m ? m.timeline : [],
          });
        }
      } catch (e) {
        // A bug in the engine must not take the panel down: say so, keep the last verdicts.
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}
