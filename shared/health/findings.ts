// The two health findings. Stuck queue: outbox entries wait past a threshold and no push has
// carried them (every push since failed, or none went out). Starving: pulls succeed and the cookie
// is past rows this client group wrote, yet the client's base stores lack most of them.

import { rowKey } from './collect.ts';
import { agoText } from './health.ts';
import type { ClientFacts, ClientHealth, HealthFinding, HealthOptions, ServerFacts } from './types.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function stuckQueue(c: ClientHealth, now: number, o: HealthOptions): HealthFinding | null {
  if (!c.outboxSize || c.oldestOutboxAt === null) return null;
  // A push sent before the capture began was not seen: wait as long from the capture's start.
  const waited = now - Math.max(c.oldestOutboxAt, o.captureSince);
  if (waited < o.stuckAfterMs) return null;
  if (c.lastPushOk && c.lastPushOk.at >= c.oldestOutboxAt) return null; // a push carried them; the pull drops them
  const failed = c.failedPushesSinceOldest;
  const status =
    c.lastFailure?.kind === 'push'
      ? c.lastFailure.status === 0
        ? 'a network error'
        : `HTTP ${c.lastFailure.status}`
      : null;
  const cause =
    failed > 0
      ? `${plural(c.outboxSize, 'outbox entry', 'outbox entries')} waiting over ${agoText(o.stuckAfterMs)}; ${plural(failed, 'push', 'pushes')} since the oldest was written, all failed${status ? ` (last: ${status})` : ''}.`
      : `${plural(c.outboxSize, 'outbox entry', 'outbox entries')} waiting over ${agoText(o.stuckAfterMs)}; no push went out since the oldest was written${o.paused ? ' (the sync loop is paused from this panel)' : ''}.`;
  return {
    id: `health:stuck-queue:${c.clientID}`,
    code: 'stuck-queue',
    severity: 'error',
    title: `Stuck upload queue (client ${c.clientID.slice(0, 8)})`,
    cause,
    fix:
      failed > 0
        ? 'Open the failed pushes: fix what their status says (auth, schema, payload size, server error); the client retries them once it can.'
        : o.paused
          ? 'Resume the sync loop.'
          : "Check that the client's sync loop runs (start() called, not stopped) and that push is not blocked waiting on authHeaders().",
    requestIds: c.failedPushIds,
    clientID: c.clientID,
    counts: { outbox: c.outboxSize, pushes: c.pushesSinceOldest, failedPushes: failed },
  };
}

export function starving(
  c: ClientFacts,
  server: ServerFacts,
  o: Pick<HealthOptions, 'starvingMinMissing' | 'starvingMaxShare'>,
): HealthFinding | null {
  const cookie = c.cookieRowVersion;
  if (c.pullsOk === 0 || c.baseKeys === null || cookie === null || c.clientGroupID === null) return null;
  // The last record per row, the rows this group wrote, and /rows' word on readability.
  const last = new Map<string, { rowVersion: number; op: 'put' | 'del' }>();
  const ours = new Set<string>();
  for (const ch of server.changes) {
    const k = rowKey(ch.table, ch.id);
    last.set(k, ch);
    if (ch.clientGroupID === c.clientGroupID) ours.add(k);
  }
  const hidden = new Set<string>();
  for (const r of server.readableRows) {
    const k = rowKey(r.table, r.id);
    if (r.readable === true) ours.add(k);
    else if (r.readable === false) hidden.add(k);
  }
  let held = 0;
  let received = 0;
  for (const k of ours) {
    const l = last.get(k);
    // Only rows the cookie has moved past: newer ones are "behind", not starving.
    if (!l || l.op !== 'put' || l.rowVersion > cookie || hidden.has(k)) continue;
    held++;
    if (c.baseKeys.has(k)) received++;
  }
  const missing = held - received;
  if (missing < o.starvingMinMissing || received > held * o.starvingMaxShare) return null;
  return {
    id: `health:starving:${c.clientID}`,
    code: 'starving',
    severity: 'warning',
    title: `Client starving (client ${c.clientID.slice(0, 8)})`,
    cause: `Pulls succeed and the cookie is at row version ${cookie}, but of the ${held} rows the server holds for group ${c.clientGroupID} up to there, the client's base stores hold ${received} (${missing} missing).`,
    fix: 'Compare a pull response with the base stores: something between the network and the store (a service worker, a proxy cache, the client dropping patch entries) loses rows while the cookie still advances.',
    requestIds: c.lastPullOk ? [c.lastPullOk.requestId] : [],
    clientID: c.clientID,
    counts: { serverRows: held, received, missing },
  };
}

export function healthFindings(
  clients: readonly ClientHealth[],
  server: ServerFacts,
  now: number,
  o: HealthOptions,
): HealthFinding[] {
  const out: HealthFinding[] = [];
  for (const c of clients) {
    const s = stuckQueue(c, now, o);
    if (s) out.push(s);
    const v = starving(c, server, o);
    if (v) out.push(v);
  }
  return out;
}
