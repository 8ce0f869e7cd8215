// The per-mutation timeline the panel draws: mutate → outbox → push(es) → ack → server-log → pull →
// dropped, or reverted. Steps keep this logical order; client and server clocks are not compared.

import type { PullSeen, MutationFacts, PushAttempt, Watermark } from './collect.ts';
import type { MutationStatus, TimelineEntry } from './types.ts';

const at = (value: number | null | undefined): { at?: number } =>
  typeof value === 'number' && Number.isFinite(value) ? { at: value } : {};

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
    t.push({ step: 'mutate', ...at(f.mutateAt ?? f.outbox?.timestamp), ok: true, detail: `${f.name ?? 'mutation'} ran optimistically` });
  }
  if (f.outbox) t.push({ step: 'outbox', ...at(f.outbox.timestamp), ok: true, detail: 'in the outbox now' });
  for (const a of attempts) {
    const ok = typeof a.status === 'number' && a.status >= 200 && a.status < 300;
    const detail = a.status ? `push answered ${a.status}` : 'push got no answer';
    t.push({ step: 'push', ...at(a.at), ok, detail: a.requestId ? `${detail} (${a.requestId})` : detail });
  }
  const processed = wm !== null && wm.value >= n;
  if (wm !== null) {
    t.push({
      step: 'ack',
      ...(processed ? at(wm.at) : {}),
      ok: processed,
      detail: processed ? `watermark ${wm.value} ≥ ${n} (${wm.source})` : `watermark ${wm.value} < ${n} (${wm.source})`,
    });
  }
  if (f.rows.length > 0) {
    const first = f.rows.reduce((m, r) => (r.rowVersion < m.rowVersion ? r : m), f.rows[0]!);
    t.push({ step: 'server-log', ...at(first.createdAt), ok: true, detail: `${f.rows.length} change row(s) from row version ${first.rowVersion}` });
  } else if (processed) {
    t.push({ step: 'server-log', ok: false, detail: 'no change row carries its provenance' });
  }
  if (status === 'silently-reverted') {
    t.push({ step: 'reverted', ...at(f.error?.at), ok: false, detail: f.error?.message ?? 'rolled back on the server' });
  }
  if (pull) t.push({ step: 'pull', ...at(pull.at), ok: true, detail: `pull ${pull.requestId} reported lastMutationID ≥ ${n}` });
  if (!f.outbox && processed) t.push({ step: 'dropped', ok: true, detail: 'dropped from the outbox after a pull confirmed it' });
  if (!f.outbox && !processed && status === 'lost') t.push({ step: 'dropped', ok: false, detail: 'gone from the outbox without the server processing it' });
  return t;
}
