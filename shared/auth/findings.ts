// The one list the panel's Findings view renders: every 401/403 explained and grouped, the
// cross-request detectors, 409/413 refusals and risky auth cookies. Pure; recomputed on demand.

import type { SyncEvent } from '../sync/types.ts';
import { collectSetCookies, type SeenCookie } from './cookieCause.ts';
import {
  detectBootedUnauthenticated,
  detectRetryLoop,
  detectStuckUnauthenticated,
  type Draft,
  type TokenSignal,
} from './detectors.ts';
import { explainDenial } from './explainDenial.ts';
import { withServerDecision, type ServerAuth } from './serverCause.ts';
import { noteAccepted, type AcceptedToken } from './tokenCause.ts';
import { oneLine } from './format.ts';
import { tokenHash } from './hash.ts';
import { buildLedger, orderEvents } from './ledger.ts';
import { sameSiteNoneDrafts, statusDraft } from './statusFindings.ts';
import { detectIdentitySwitch, detectNearExpiry } from './tokenDetectors.ts';
import type { Expectations, Finding, LedgerEntry, SeenResponse, Severity, VerifyResult } from './types.ts';

export interface FindingOptions {
  expect?: Expectations;
  /** Verification results by token hash (verifyEvents), when the user set a key. */
  verifications?: ReadonlyMap<string, VerifyResult>;
  /** The server's recorded decisions joined to the requests, and what its /info declares. */
  server?: ServerAuth;
  /** Other moments the page had credentials (e.g. the bridge's state), for the booted-unauthenticated detector. */
  signals?: readonly TokenSignal[];
  /** Non-sync responses seen on the page: sign-in requests and the cookies they set. */
  seen?: readonly SeenResponse[];
  /** near-expiry margin, seconds (default 30). */
  nearExpiryMarginSec?: number;
  /** retry-loop: re-sends of a refused token before it is reported (default 3). */
  retryLoopThreshold?: number;
  /** stuck-unauthenticated: consecutive uncredentialed requests (default 3). */
  stuckThreshold?: number;
  /** The ledger of these same events (buildLedger of them), when the caller already holds it. */
  ledger?: readonly LedgerEntry[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function computeFindings(events: readonly SyncEvent[], options: FindingOptions = {}): Finding[] {
  const ordered = orderEvents(events);
  const ledger = options.ledger ?? buildLedger(ordered);
  const seen = Array.isArray(options.seen) ? options.seen : [];
  const cookies = collectSetCookies(ordered, seen);
  const fold = emptyRequestFold();
  foldRequests(fold, ordered, ledger, cookies, options);
  return finalise(fold.drafts.concat(captureDrafts(ordered, ledger, cookies, seen, options)), ledger);
}

/**
 * The per-request part of the findings (each 401/403 explained, 409/413), as a fold over the
 * requests in start order: a request's drafts depend only on the requests before it (the tokens
 * its endpoint accepted so far), the cookies set before it and the options, so a fold over a
 * prefix can go on when more requests follow (incrementalFindings.ts).
 */
export interface RequestFold {
  /** How many of the ordered requests are folded in. */
  done: number;
  drafts: Draft[];
  /** Tokens each endpoint has answered 2xx so far. */
  accepted: Map<string, Map<string, AcceptedToken>>;
}

export function emptyRequestFold(): RequestFold {
  return { done: 0, drafts: [], accepted: new Map() };
}

/** Folds `ordered[fold.done..]` into `fold`; `ledger` is theirs, `cookies` collectSetCookies of all. */
export function foldRequests(
  fold: RequestFold,
  ordered: readonly SyncEvent[],
  ledger: readonly LedgerEntry[],
  cookies: readonly SeenCookie[],
  options: FindingOptions,
): void {
  const { drafts, accepted } = fold;
  for (let i = fold.done; i < ordered.length; i++) {
    const event = ordered[i];
    const entry = ledger[i];
    if (!event || !entry) continue;
    let earlier = accepted.get(entry.endpoint);
    if (!earlier) accepted.set(entry.endpoint, (earlier = new Map<string, AcceptedToken>()));
    const inferred = explainDenial(event, entry, {
      expect: options.expect,
      declared: options.server?.expectations ?? null,
      verifications: options.verifications,
      cookies,
      accepted: earlier,
    });
    const cause = inferred && withServerDecision(inferred, options.server?.joined.get(entry.requestId), event.status);
    if (entry.status >= 200 && entry.status < 300) noteAccepted(earlier, entry);
    if (cause) {
      const { code, severity, title, cause: text, fix, link, source } = cause;
      const reason = options.server?.joined.get(entry.requestId)?.reason ?? '';
      const key = `${entry.endpoint}|${entry.token.hash ?? entry.credentialKind}|${event.status}|${reason}`;
      drafts.push({
        key,
        code,
        severity,
        title,
        cause: text,
        fix,
        requestIds: [entry.requestId],
        ...(link ? { link } : {}),
        ...(source ? { source } : {}),
      });
    }
    const status = statusDraft(event, entry);
    if (status) drafts.push(status);
  }
  fold.done = Math.max(fold.done, ordered.length);
}

/** The detectors over the whole capture (patterns no single request shows), in computeFindings' order. */
export function captureDrafts(
  ordered: readonly SyncEvent[],
  ledger: readonly LedgerEntry[],
  cookies: readonly SeenCookie[],
  seen: readonly SeenResponse[],
  options: FindingOptions,
): Draft[] {
  const input = {
    events: ordered,
    ledger,
    cookies,
    seen,
    signals: Array.isArray(options.signals) ? options.signals : [],
  };
  return [
    ...detectBootedUnauthenticated(ledger),
    ...detectStuckUnauthenticated(input, options.stuckThreshold ?? 3),
    ...detectRetryLoop(input, options.retryLoopThreshold ?? 3),
    ...detectNearExpiry(ledger, options.nearExpiryMarginSec ?? 30),
    ...detectIdentitySwitch(ledger, ordered),
    ...sameSiteNoneDrafts(cookies, ledger),
  ];
}

/** Merges drafts with the same code+key (50 identical 401s: one finding), ids them, sorts them. */
export function finalise(drafts: readonly Draft[], ledger: readonly LedgerEntry[]): Finding[] {
  const position = new Map(ledger.map((e) => [e.requestId, e.index]));
  const merged = new Map<string, Draft>();
  for (const d of drafts) {
    const k = `${d.code}\u0000${d.key}`;
    const existing = merged.get(k);
    if (!existing) merged.set(k, { ...d, requestIds: [...d.requestIds] });
    else if ((d.detail ?? 0) > (existing.detail ?? 0))
      merged.set(k, { ...d, requestIds: [...existing.requestIds, ...d.requestIds] });
    else existing.requestIds.push(...d.requestIds);
  }
  const used = new Set<string>();
  const findings = [...merged.entries()].map(([k, d]) => {
    const ids = inStartOrder([...new Set(d.requestIds)], position);
    let id = `${d.code}-${tokenHash(k).slice(0, 10)}`;
    for (let n = 2; used.has(id); n++) id = `${d.code}-${tokenHash(k).slice(0, 10)}-${n}`;
    used.add(id);
    const { key: _key, detail: _detail, ...rest } = d;
    const title = ids.length > 1 && !/^\d/.test(d.title) ? `${d.title} (${ids.length} requests)` : d.title;
    // Causes quote page data; this is the last guard that each stays one line.
    return { ...rest, id, title: oneLine(title), cause: oneLine(d.cause), fix: oneLine(d.fix), requestIds: ids };
  });
  // requestIds are already in start order, so the first one places the finding.
  const first = (f: Finding) =>
    f.requestIds[0] !== undefined ? (position.get(f.requestIds[0]) ?? Infinity) : Infinity;
  return findings.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || first(a) - first(b) || (a.id < b.id ? -1 : 1),
  );
}

/**
 * The ids sorted by their request's position (unknown ids count as 0), ties in their given order:
 * each position read once, then numbers sorted, instead of two map reads per comparison.
 */
function inStartOrder(ids: string[], position: ReadonlyMap<string, number>): string[] {
  const at = ids.map((id) => position.get(id) ?? 0);
  let sorted = true;
  for (let i = 1; i < at.length && sorted; i++) if ((at[i - 1] ?? 0) > (at[i] ?? 0)) sorted = false;
  if (sorted) return ids;
  const order = ids.map((_, i) => i).sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
  return order.map((i) => ids[i] ?? '');
}
