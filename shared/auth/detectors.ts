// Patterns over the whole ordered capture that no single request shows: sync starting before
// sign-in, requests that stay unauthenticated after it, and a refused token sent again and again.

import type { SyncEvent } from '../sync/types.ts';
import type { SeenCookie } from './cookieCause.ts';
import { plural, quote } from './format.ts';
import { hasCredentials } from './headers.ts';
import { isSessionCookieName } from './setCookie.ts';
import type { Finding, LedgerEntry, SeenResponse } from './types.ts';

/** A finding before its id is assigned: `key` is what makes it the same finding next time. */
/**
 * A finding before grouping. `detail` ranks drafts of one group: the group shows the text of its
 * most detailed draft (a 409 whose body arrived names the server's version; one still waiting does not).
 */
export type Draft = Omit<Finding, 'id'> & { key: string; detail?: number };

export interface DetectorInput {
  events: readonly SyncEvent[];
  ledger: readonly LedgerEntry[];
  cookies: readonly SeenCookie[];
  seen: readonly SeenResponse[];
}

export function byEndpoint(ledger: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const groups = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    const list = groups.get(entry.endpoint) ?? [];
    list.push(entry);
    groups.set(entry.endpoint, list);
  }
  return groups;
}

export function detectBootedUnauthenticated(ledger: readonly LedgerEntry[]): Draft[] {
  const out: Draft[] = [];
  for (const [endpoint, entries] of byEndpoint(ledger)) {
    const known = entries.filter((e) => e.credentialKind !== 'unknown');
    const firstAuthed = known.findIndex((e) => hasCredentials(e.credentialKind));
    if (firstAuthed <= 0) continue;
    const run = known.slice(0, firstAuthed).filter((e) => e.credentialKind === 'none');
    if (run.length !== firstAuthed) continue;
    out.push({
      key: endpoint, code: 'booted-unauthenticated', severity: 'warning',
      title: 'Sync started before sign-in',
      cause: `The first ${plural(run.length, 'sync request')} to ${quote(endpoint)} carried no credentials; later ones did.`,
      fix: 'Create the plasma client (or start its pull loop) after sign-in, or make authHeaders() wait for the token.',
      requestIds: run.map((e) => e.requestId),
    });
  }
  return out;
}

export function detectRetryLoop(input: DetectorInput, threshold = 3): Draft[] {
  const out: Draft[] = [];
  const handled = new Set<string>();
  input.ledger.forEach((denied, i) => {
    const hash = denied.token.hash;
    if (hash === null || handled.has(hash) || (denied.status !== 401 && denied.status !== 403)) return;
    handled.add(hash);
    const duration = input.events[i]?.durationMs;
    const answeredAt = denied.startedAt + (typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : 0);
    const resent = input.ledger.slice(i + 1).filter((e) => e.token.hash === hash && e.startedAt >= answeredAt);
    if (resent.length < threshold) return;
    out.push({
      key: hash, code: 'retry-loop', severity: 'warning',
      title: 'Refused token sent again',
      cause: `The server answered ${denied.status} for token ${hash.slice(0, 8)}, and it was sent ${plural(resent.length, 'more time')} unchanged.`,
      fix: 'On a 401, refresh or drop the token in authHeaders() (it is called again before each retry) instead of re-sending it.',
      requestIds: [denied.requestId, ...resent.map((e) => e.requestId)],
    });
  });
  return out;
}

interface Signal {
  at: number;
  what: string;
}

/** Moments after which the app should have had credentials: sign-in evidence on the page. */
function signInSignals(input: DetectorInput, entries: readonly LedgerEntry[]): Signal[] {
  const signals: Signal[] = [];
  for (const e of entries) {
    if (hasCredentials(e.credentialKind) && e.status >= 200 && e.status < 300) {
      signals.push({ at: e.startedAt, what: 'an authenticated request succeeded' });
    }
  }
  for (const c of input.cookies) {
    if (isSessionCookieName(c.cookie.name) && !c.cookie.deletes) signals.push({ at: c.startedAt, what: `the auth cookie ${quote(c.cookie.name, 40)} was set` });
  }
  for (const s of input.seen) {
    const okStatus = typeof s?.status !== 'number' || (s.status >= 200 && s.status < 400);
    if (typeof s?.url === 'string' && okStatus && /sign-?in|log-?in|token|oauth|callback/i.test(pathOf(s.url))) {
      signals.push({ at: s.startedAt, what: `a request to ${quote(pathOf(s.url), 60)}` });
    }
  }
  return signals.filter((s) => Number.isFinite(s.at)).sort((a, b) => a.at - b.at);
}

export function detectStuckUnauthenticated(input: DetectorInput, threshold = 3): Draft[] {
  const out: Draft[] = [];
  for (const [endpoint, all] of byEndpoint(input.ledger)) {
    const entries = all.filter((e) => e.credentialKind !== 'unknown');
    const signals = signInSignals(input, entries);
    let start = 0;
    while (start < entries.length) {
      if (entries[start]?.credentialKind !== 'none') { start++; continue; }
      let end = start;
      while (end < entries.length && entries[end]?.credentialKind === 'none') end++;
      const run = entries.slice(start, end);
      const last = run[run.length - 1];
      // The earliest sign-in evidence before the run's last request: everything after it is stuck.
      const signal = last ? signals.find((s) => s.at < last.startedAt) : undefined;
      let stuck = signal ? run.filter((e) => e.startedAt > signal.at) : [];
      let what = signal?.what ?? '';
      const firstDenied = run.findIndex((e) => e.status === 401);
      if (stuck.length < threshold && end === entries.length && firstDenied >= 0) {
        // No sign-in seen, but the server already said 401 and nothing changed until the end.
        stuck = run.slice(firstDenied + 1);
        what = 'a 401';
      }
      // Anonymous requests the server accepts are a public app, not a stuck one.
      const refused = stuck.some((e) => e.status === 401 || e.status === 403);
      if (stuck.length >= threshold && refused) {
        out.push({
          key: `${endpoint}|${stuck[0]?.requestId}`, code: 'stuck-unauthenticated', severity: 'error',
          title: 'Still unauthenticated after sign-in',
          cause: `${plural(stuck.length, 'sync request')} to ${quote(endpoint)} went out without credentials after ${what}.`,
          fix: 'Have authHeaders() read the current token on every call (not a value captured when the client was created).',
          requestIds: stuck.map((e) => e.requestId),
        });
      }
      start = end;
    }
  }
  return out;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
