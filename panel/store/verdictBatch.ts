// Several deltas posted as one message: the verdict worker applies them in order and answers once,
// with what they changed together, so the panel never renders a state between them (and
// deserialises one answer, not one per delta).

import { isRecord } from '../../shared/guards.ts';
import {
  applyVerdictChanges,
  createVerdictHost,
  type HostReply,
  type VerdictChanges,
} from '../../shared/verdict/index.ts';

/** What two answers in a row changed, as one answer (keys: the verdicts' own `key`s). */
export function mergeChanges(a: VerdictChanges, b: VerdictChanges): VerdictChanges {
  if (b.full) return b;
  if (a.full) {
    const merged = applyVerdictChanges(a, b);
    return { ...a, mutations: merged.mutations, rows: merged.rows, findings: b.findings };
  }
  const side = <T extends { key: string }>(
    upA: readonly T[],
    rmA: readonly string[],
    upB: readonly T[],
    rmB: readonly string[],
  ) => {
    const up = new Map<string, T>();
    for (const v of upA) up.set(v.key, v);
    const removed = new Set(rmA);
    for (const v of upB) {
      up.set(v.key, v);
      removed.delete(v.key);
    }
    for (const k of rmB) {
      up.delete(k);
      removed.add(k);
    }
    return { up: [...up.values()], removed: [...removed] };
  };
  const m = side(a.mutations, a.removedMutations, b.mutations, b.removedMutations);
  const r = side(a.rows, a.removedRows, b.rows, b.removedRows);
  return {
    full: false,
    mutations: m.up,
    removedMutations: m.removed,
    rows: r.up,
    removedRows: r.removed,
    findings: b.findings,
  };
}

export interface BatchMessage {
  type: 'batch';
  messages: unknown[];
}

export function isBatch(x: unknown): x is BatchMessage {
  return isRecord(x) && x.type === 'batch' && Array.isArray(x.messages);
}

/**
 * The worker's message handler: a host whose answers go to `post`, except that the answers to a
 * batch's updates are merged into one, posted when the batch is done.
 */
export function batchingHost(post: (reply: HostReply) => void, opts: { now?: () => number } = {}) {
  let held: Extract<HostReply, { type: 'changes' }> | null = null;
  let batching = false;
  const host = createVerdictHost(
    (reply) => {
      if (!batching || reply.type !== 'changes') post(reply);
      else
        held =
          held === null
            ? reply
            : { type: 'changes', changes: mergeChanges(held.changes, reply.changes), ms: held.ms + reply.ms };
    },
    { summaries: true, ...opts },
  );
  return (msg: unknown): void => {
    if (!isBatch(msg)) {
      host.handle(msg);
      return;
    }
    batching = true;
    try {
      for (const m of msg.messages) host.handle(m);
    } finally {
      batching = false;
    }
    const reply = held;
    held = null;
    if (reply) post(reply);
  };
}
