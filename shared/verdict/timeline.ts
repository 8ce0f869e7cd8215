// The per-mutation timeline the panel draws: mutate → outbox → push(es) → ack → server-log → pull →
// dropped, or reverted. Steps keep this logical order; client and server clocks are not compared.

import type { PullSeen, MutationFacts, PushAttempt, Watermark } from './collect.ts';
import type { MutationStatus, TimelineEntry } from './types.ts';

/** An entry with `at` only when the time is known (spread-free: this runs once per step per mutation). */
function entry(
  step: TimelineEntry['step'],
  when: number | null | undefined,
  ok: boolean,
  detail: string,
): TimelineEntry {
  const e: TimelineEntry = { step, ok, detail };
  if (typeof when === 'number' && Number.isFinite(when)) e.at = when;
  return e;
}

export function buildTimeline(
  f: MutationFacts,
  attempts: readonly PushAttempt[],
  wm: Watermark | null,
  pull: PullSeen | null,
  status: MutationStatus,
): TimelineEntry[] {
  const t: TimelineEntry[] = [];
  const n = f.mutationID;
  if (f.mutateAt !== null || f.outbox || f.madeOnClient) {
    t.push(entry('mutate', f.mutateAt ?? f.outbox?.timestamp, true, `${f.name ?? 'mutation'} ran optimistically`));
  }
  if (f.outbox) t.push(entry('outbox', f.outbox.timestamp, true, 'in the outbox now'));
  for (const a of attempts) {
    const ok = typeof a.status === 'number' && a.status >= 200 && a.status < 300;
    const detail = a.status ? `push answered ${a.status}` : 'push got no answer';
    t.push(entry('push', a.at, ok, a.requestId ? `${detail} (${a.requestId})` : detail));
  }
  const processed = wm !== null && wm.value >= n;
  if (wm !== null) {
    const detail = processed
      ? `watermark ${wm.value} ≥ ${n} (${wm.source})`
      : `watermark ${wm.value} < ${n} (${wm.source})`;
    t.push(entry('ack', processed ? wm.at : null, processed, detail));
  }
  if (f.rows.length > 0) {
    const first = f.rows.reduce((m, r) => (r.rowVersion < m.rowVersion ? r : m));
    t.push(
      entry('server-log', first.createdAt, true, `${f.rows.length} change row(s) from row version ${first.rowVersion}`),
    );
  } else if (processed) {
    t.push({ step: 'server-log', ok: false, detail: 'no change row carries its provenance' });
  }
  if (status === 'silently-reverted') {
    t.push(entry('reverted', f.error?.at, false, f.error?.message ?? 'rolled back on the server'));
  }
  if (pull) t.push(entry('pull', pull.at, true, `pull ${pull.requestId} reported lastMutationID ≥ ${n}`));
  if (!f.outbox && processed)
    t.push({ step: 'dropped', ok: true, detail: 'dropped from the outbox after a pull confirmed it' });
  if (!f.outbox && !processed && status === 'lost')
    t.push({ step: 'dropped', ok: false, detail: 'gone from the outbox without the server processing it' });
  return t;
}
