// The clock half of the health bar: ages, and how far each client's cookie trails the server's
// newest row version. Cheap (a few clients), so the panel recomputes it on every tick.

import type { Behind, ClientFacts, ClientHealth, ServerFacts } from './types.ts';

/**
 * Changes the server holds past the cookie. Exact when the change log the panel read covers every
 * row version after the cookie up to the server's newest; otherwise the row-version gap, which can
 * only over-count (row versions may have gaps).
 */
export function behindOf(cookie: number | null, server: ServerFacts): Behind | null {
  const max = server.maxRowVersion;
  if (cookie === null || max === null) return null;
  if (cookie >= max) return { count: 0, exact: true };
  const last = server.changes.at(-1)?.rowVersion ?? null;
  const covers =
    (server.knownFromRowVersion === null || server.knownFromRowVersion <= cookie + 1) && last !== null && last >= max;
  if (!covers) return { count: max - cookie, exact: false };
  const lastSeen = server.changes.findLastIndex((c) => c.rowVersion <= cookie);
  return { count: server.changes.length - 1 - lastSeen, exact: true };
}

export function healthOf(facts: readonly ClientFacts[], server: ServerFacts, now: number): ClientHealth[] {
  return facts.map((f) => ({
    ...f,
    oldestOutboxAgeMs: f.outboxSize && f.oldestOutboxAt !== null ? Math.max(0, now - f.oldestOutboxAt) : null,
    behind: behindOf(f.cookieRowVersion, server),
  }));
}

/** "4 s ago", "3 min ago", "2 h ago": how the bar says when something happened. */
export function agoText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}

export function behindText(b: Behind | null): string {
  if (b === null) return 'server position unknown';
  if (b.count === 0) return 'up to date';
  return `${b.exact ? '' : 'up to '}${b.count} change${b.count === 1 ? '' : 's'} behind`;
}
