// Patterns over the whole ordered capture that no single request shows: sync starting before
// sign-in, requests that stay unauthenticated after it, and a refused token sent again and again.

import type { SyncEvent } from '../sync/types.ts';
import type { SeenCookie } from './cookieCause.ts';
import { clockOf, plural, quote } from './format.ts';
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
  /** Other evidence that credentials existed (the page's bridge state), with its time. */
  signals: readonly TokenSignal[];
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

/** One client's requests to one endpoint (clients of one page share the endpoint, not their credentials). */
function byStream(ledger: readonly LedgerEntry[]): LedgerEntry[][] {
  const groups = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    const key = `${entry.endpoint}\u0000${entry.clientID ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(entry);
    groups.set(key, list);
  }
  return [...groups.values()];
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
      key: endpoint,
      code: 'booted-unauthenticated',
      severity: 'warning',
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
  // Each token's requests in ledger order, so a refused token's re-sends are read from its own list.
  const byHash = new Map<string, number[]>();
  input.ledger.forEach((e, i) => {
    const hash = e.token.hash;
    if (hash === null) return;
    const list = byHash.get(hash);
    if (list) list.push(i);
    else byHash.set(hash, [i]);
  });
  input.ledger.forEach((denied, i) => {
    const hash = denied.token.hash;
    if (hash === null || handled.has(hash) || (denied.status !== 401 && denied.status !== 403)) return;
    handled.add(hash);
    const duration = input.events[i]?.durationMs;
    const answeredAt =
      denied.startedAt + (typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : 0);
    const resent: LedgerEntry[] = [];
    for (const j of byHash.get(hash) ?? []) {
      const e = input.ledger[j];
      if (j > i && e && e.startedAt >= answeredAt) resent.push(e);
    }
    if (resent.length < threshold) return;
    out.push({
      key: hash,
      code: 'retry-loop',
      severity: 'warning',
      title: 'Refused token sent again',
      cause: `The server answered ${denied.status} for token ${hash.slice(0, 8)}, and it was sent ${plural(resent.length, 'more time')} unchanged.`,
      fix:
        denied.status === 401
          ? 'On a 401, refresh or drop the token in authHeaders() (it is called again before each retry) instead of re-sending it.'
          : 'A 403 will not pass with the same token: stop retrying it, and sign in again once the missing role or scope is granted.',
      requestIds: [denied.requestId, ...resent.map((e) => e.requestId)],
    });
  });
  return out;
}

/** A moment after which the app had credentials to send, and what showed it. */
export interface TokenSignal {
  at: number;
  what: string;
  /** sign-in: a sign-in call or an auth cookie; credentialed: a request that carried credentials; state: the page said so. */
  kind: 'sign-in' | 'credentialed' | 'state';
}

const SIGN_IN_PATH = /sign-?in|log-?in|token|oauth|callback|session|(^|\/)auth(\/|$)/i;

/** A response that handed out a token (its JSON body held one: issuesToken), as evidence. */
export function tokenResponseSignal(url: string, at: number): TokenSignal {
  return {
    at,
    kind: 'sign-in',
    what: `${SIGN_IN_PATH.test(pathOf(url)) ? 'a sign-in response' : 'a response'} from ${quote(pathOf(url), 60)} handed out a token`,
  };
}

/** Moments after which the app should have had credentials, from everything captured. */
function tokenSignals(input: DetectorInput): TokenSignal[] {
  const signals: TokenSignal[] = [...input.signals];
  const firstCredentialed = new Map<string, LedgerEntry>();
  for (const e of input.ledger) {
    if (hasCredentials(e.credentialKind) && !firstCredentialed.has(e.endpoint)) firstCredentialed.set(e.endpoint, e);
  }
  for (const e of firstCredentialed.values()) {
    signals.push({
      at: e.startedAt,
      kind: 'credentialed',
      what: `a request to ${quote(pathOf(e.url), 60)} carried ${e.credentialKind === 'cookie' ? 'a cookie' : 'a token'}`,
    });
  }
  for (const c of input.cookies) {
    if (isSessionCookieName(c.cookie.name) && !c.cookie.deletes)
      signals.push({ at: c.startedAt, kind: 'sign-in', what: `the auth cookie ${quote(c.cookie.name, 40)} was set` });
  }
  for (const s of input.seen) {
    const okStatus = s.status === undefined || (s.status >= 200 && s.status < 400);
    if (!okStatus) continue;
    if (s.issuedToken === true) signals.push(tokenResponseSignal(s.url, s.startedAt));
    else if (SIGN_IN_PATH.test(pathOf(s.url)))
      signals.push({ at: s.startedAt, kind: 'sign-in', what: `a sign-in response from ${quote(pathOf(s.url), 60)}` });
  }
  return signals.filter((s) => Number.isFinite(s.at)).sort((a, b) => a.at - b.at);
}

const emptyNote = (stuck: readonly LedgerEntry[]): string =>
  stuck.some((e) => e.emptyAuthorization) ? ' (an empty Authorization header counts as none)' : '';

/**
 * A stream of requests without credentials (none, or an empty `Bearer `) that goes on after the
 * page had credentials: booted unauthenticated and never upgraded, or credentials dropped. With no
 * such evidence, a stream the server keeps refusing is reported as never authenticated, and
 * nothing claims a sign-in that was not seen.
 */
export function detectStuckUnauthenticated(input: DetectorInput, threshold = 3): Draft[] {
  const out: Draft[] = [];
  const signals = tokenSignals(input);
  // The sign-in signals alone, still in time order: a run's first one at or after a moment is a binary search.
  const signIns = signals.filter((s) => s.kind === 'sign-in');
  for (const all of byStream(input.ledger)) {
    const endpoint = all[0]?.endpoint;
    if (endpoint === undefined) continue;
    const entries = all.filter((e) => e.credentialKind !== 'unknown');
    let start = 0;
    while (start < entries.length) {
      if (entries[start]?.credentialKind !== 'none') {
        start++;
        continue;
      }
      let end = start;
      while (end < entries.length && entries[end]?.credentialKind === 'none') end++;
      const run = entries.slice(start, end);
      const first = run[0];
      const last = run.at(-1);
      if (!first || !last) break; // not reached: entries[start] is in the run
      // Right after a credentialed request the stream itself is the evidence, unless a sign-in
      // came later; at the stream's start, the earliest evidence before its last request.
      const prev = start > 0 ? entries[start - 1] : undefined;
      const signIn = prev ? firstSignInBetween(signIns, prev.startedAt, last.startedAt) : undefined;
      const signal: TokenSignal | undefined = prev
        ? (signIn ?? {
            at: prev.startedAt,
            kind: 'credentialed',
            what: `the request before carried ${prev.credentialKind === 'cookie' ? 'a cookie' : 'credentials'}`,
          })
        : signals[0] && signals[0].at < last.startedAt
          ? signals[0]
          : undefined;
      let stuck = signal ? run.filter((e) => e.startedAt > signal.at) : [];
      let draft: Pick<Draft, 'title' | 'cause' | 'fix'> | null = null;
      const empty = emptyNote(stuck);
      // A run that later requests left behind was upgraded: booted-unauthenticated says how late.
      if (end < entries.length) stuck = [];
      if (signal && start === 0) {
        draft = {
          title: 'Booted unauthenticated and never upgraded',
          cause: `Sync to ${quote(endpoint)} started at ${clockOf(first.startedAt)} without credentials; ${signal.what} at ${clockOf(signal.at)}, yet ${plural(stuck.length, 'later sync request')} until ${clockOf(last.startedAt)} still carried none${empty}.`,
          fix: 'authHeaders() holds what it read before sign-in: have it read the current token on every call (not a value captured when the client was created).',
        };
      } else if (signal) {
        draft = {
          title: signal.kind === 'sign-in' ? 'Still unauthenticated after sign-in' : 'Credentials dropped',
          cause: `${plural(stuck.length, 'sync request')} to ${quote(endpoint)} from ${clockOf(stuck[0]?.startedAt ?? first.startedAt)} to ${clockOf(last.startedAt)} went out without credentials after ${signal.what} at ${clockOf(signal.at)}${empty}.`,
          fix: 'Have authHeaders() read the current token on every call (not a value captured when the client was created).',
        };
      }
      const firstDenied = run.findIndex((e) => e.status === 401);
      if (!signal && end === entries.length && firstDenied >= 0) {
        // No credentials ever seen, but the server already said 401 and nothing changed until the end.
        // With evidence of credentials this claim would be false, so it is made only without any.
        stuck = run.slice(firstDenied + 1);
        const denied = run[firstDenied] ?? first;
        draft = {
          title: 'Never authenticated: refused without credentials',
          cause: `${plural(stuck.length, 'sync request')} to ${quote(endpoint)} went out without credentials after the server answered 401 at ${clockOf(denied.startedAt)}, until ${clockOf(last.startedAt)}${emptyNote(stuck)}; no sign-in, token or auth cookie was seen in the capture.`,
          fix: 'Sign in before the client syncs (or delay starting it), and return the token from authHeaders().',
        };
      }
      // Anonymous requests the server accepts are a public app, not a stuck one.
      const refused = stuck.some((e) => e.status === 401 || e.status === 403);
      if (draft && stuck.length >= threshold && refused) {
        out.push({
          key: `${endpoint}|${stuck[0]?.requestId}`,
          code: 'stuck-unauthenticated',
          severity: 'error',
          ...draft,
          requestIds: stuck.map((e) => e.requestId),
        });
      }
      start = end;
    }
  }
  return out;
}

/** The first of `sorted` (ascending `at`) with from <= at < to, as `find` over it would give. */
function firstSignInBetween(sorted: readonly TokenSignal[], from: number, to: number): TokenSignal | undefined {
  if (Number.isNaN(from)) return undefined;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.at ?? Infinity) < from) lo = mid + 1;
    else hi = mid;
  }
  const s = sorted[lo];
  return s && s.at < to ? s : undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
