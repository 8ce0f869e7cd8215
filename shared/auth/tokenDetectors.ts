// Token-level patterns across requests: tokens used right up to their expiry, and a client group
// whose requests switch from one user (sub) to another without the local data being reset.

import { formatDuration, plural, quote } from './format.ts';
import { byEndpoint, type Draft } from './detectors.ts';
import type { SyncEvent } from '../sync/types.ts';
import type { LedgerEntry } from './types.ts';

export function detectNearExpiry(ledger: readonly LedgerEntry[], marginSec = 30): Draft[] {
  const out: Draft[] = [];
  for (const [endpoint, entries] of byEndpoint(ledger)) {
    const close = entries.filter(
      (e) => e.token.expiresInSec !== null && e.token.expiresInSec > 0 && e.token.expiresInSec <= marginSec,
    );
    if (close.length === 0) continue;
    let least = Infinity;
    for (const e of close) least = Math.min(least, e.token.expiresInSec ?? marginSec);
    out.push({
      key: endpoint,
      code: 'near-expiry',
      severity: 'warning',
      title: 'Token used right before expiry',
      cause: `${plural(close.length, 'sync request')} to ${quote(endpoint)} went out within ${formatDuration(marginSec)} of the token's exp (closest: ${formatDuration(least)} left).`,
      fix: 'Refresh the token earlier in authHeaders() (e.g. when under a minute remains): retries and clock skew push a late token past exp.',
      requestIds: close.map((e) => e.requestId),
    });
  }
  return out;
}

export function detectIdentitySwitch(ledger: readonly LedgerEntry[], events: readonly SyncEvent[] = []): Draft[] {
  const drafts = new Map<string, Draft>();
  const lastByGroup = new Map<string, LedgerEntry>();
  // Built on the first switch only: most captures have none.
  let byId: Map<string, SyncEvent> | null = null;
  let pushes: Map<string, LedgerEntry[]> | null = null;
  for (const entry of ledger) {
    const group = entry.clientGroupID;
    const sub = entry.token.sub;
    if (group === null || sub === null) continue;
    const previous = lastByGroup.get(group);
    lastByGroup.set(group, entry);
    if (!previous || previous.token.sub === sub) continue;
    const key = `${group}|${previous.token.sub}|${sub}`;
    const existing = drafts.get(key);
    if (existing) {
      existing.requestIds.push(previous.requestId, entry.requestId);
      continue;
    }
    byId ??= new Map(events.map((e) => [e.id, e]));
    pushes ??= pushesByUser(ledger);
    // Pushes as the new user that carry mutations queued before the switch: the first user's outbox.
    const carried: { e: LedgerEntry; n: number }[] = [];
    for (const e of pushes.get(`${group}\u0000${sub}`) ?? []) {
      if (e.index < entry.index) continue;
      const n = queuedBefore(byId.get(e.requestId), entry.startedAt);
      if (n > 0) carried.push({ e, n });
    }
    let most = 0;
    for (const x of carried) most = Math.max(most, x.n);
    drafts.set(key, {
      key,
      code: 'identity-switch',
      severity: 'error',
      title: 'User changed inside one client group',
      cause: `clientGroupID ${quote(group, 60)} synced as sub ${quote(previous.token.sub, 60)}, then as sub ${quote(sub, 60)}: the local store still holds the first user's rows${most > 0 ? `, and ${plural(most, 'mutation')} queued before the switch ${most === 1 ? 'was' : 'were'} pushed as sub ${quote(sub, 60)}` : ''}.`,
      fix:
        most > 0
          ? 'Push or discard the outbox before switching users, then call resetLocalState(); derive the clientGroupID from the user (e.g. from sub).'
          : 'Derive the clientGroupID from the user (e.g. from sub), or call resetLocalState() on sign-out.',
      requestIds: [previous.requestId, entry.requestId, ...carried.map((x) => x.e.requestId)],
    });
  }
  for (const d of drafts.values()) d.requestIds = [...new Set(d.requestIds)];
  return [...drafts.values()];
}

/** Each client group's pushes per user (sub), in ledger order. */
function pushesByUser(ledger: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const out = new Map<string, LedgerEntry[]>();
  for (const e of ledger) {
    if (e.kind !== 'push' || e.clientGroupID === null || e.token.sub === null) continue;
    const key = `${e.clientGroupID}\u0000${e.token.sub}`;
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

function queuedBefore(event: SyncEvent | undefined, at: number): number {
  if (event?.kind !== 'push' || event.request.state !== 'ok' || !Array.isArray(event.request.value.mutations)) return 0;
  return event.request.value.mutations.filter((m) => typeof m.timestamp === 'number' && m.timestamp < at).length;
}
