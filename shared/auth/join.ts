// Joins the server's auth-decision log (admin API `/auth-log`) to the captured sync requests, so
// a 401 shows the reason the app's own auth() gave. Three clocks are involved: the browser's
// (request start), the server's (decision `at`) and the server's again in the response `Date`
// header; Date − start measures the difference, and where no response has a Date, pairs that can
// only be one another (same token hash, path, client) measure it instead.

import type { AuthDecision } from '../admin/authLog.ts';
import type { SyncEvent } from '../sync/types.ts';
import type { LedgerEntry } from './types.ts';

export interface JoinRequest {
  requestId: string;
  kind: 'push' | 'pull';
  /** URL path without the query string. */
  path: string;
  status: number;
  /** Browser clock, unix ms. */
  startedAt: number;
  durationMs: number;
  credential: LedgerEntry['credentialKind'];
  tokenHash: string | null;
  clientID: string | null;
  /** Response Date − request start, ms; null without a Date header. */
  skewMs: number | null;
}

export interface JoinOptions {
  /** Slack around the request's own span, ms, on top of Date's 1 s resolution (default 2000). */
  toleranceMs?: number;
  /** How far apart the clocks may be when nothing measured it (default 10 min). */
  maxSkewMs?: number;
}

export function joinRequestsOf(events: readonly SyncEvent[], ledger: readonly LedgerEntry[]): JoinRequest[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  return ledger.map((entry) => {
    const duration = byId.get(entry.requestId)?.durationMs;
    return {
      requestId: entry.requestId,
      kind: entry.kind,
      path: pathOf(entry.url),
      status: entry.status,
      startedAt: entry.startedAt,
      durationMs: typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : 0,
      credential: entry.credentialKind,
      tokenHash: entry.token.hash,
      clientID: entry.clientID,
      skewMs: entry.clockSkewSec !== null ? entry.clockSkewSec * 1000 : null,
    };
  });
}

/** Captured request id → the decision the server recorded for it. */
export type AuthDecisionJoin = ReadonlyMap<string, AuthDecision>;

/** Each captured request with the decision the server recorded for it (one-to-one, nearest in time). */
export function joinDecisions(
  requests: readonly JoinRequest[],
  decisions: readonly AuthDecision[],
  opts: JoinOptions = {},
): Map<string, AuthDecision> {
  const tolerance = opts.toleranceMs ?? 2000;
  const maxSkew = opts.maxSkewMs ?? 600_000;
  const usable = requests.filter((r) => Number.isFinite(r.startedAt));
  if (usable.length === 0 || decisions.length === 0) return new Map();
  const index = indexDecisions(decisions);
  const near = (r: JoinRequest, from: number, to: number) =>
    inRange(index.get(keyOf(r.kind, r.status, r.path)) ?? [], from, to).filter((d) => compatible(r, d));
  // The server's clock minus the browser's: measured by Date headers, else by pairs that can only
  // be each other, else by where all plausible pairs cluster (repeated pulls with one token).
  const sample = usable.slice(-200);
  const wide = new Map(sample.map((r) => [r.requestId, near(r, r.startedAt - maxSkew, r.startedAt + maxSkew)]));
  const mid = (r: JoinRequest, d: AuthDecision) => d.at - r.startedAt - r.durationMs / 2;
  const counts = new Map<number, number>();
  for (const ds of wide.values()) for (const d of ds) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
  const offset =
    median(usable.flatMap((r) => (r.skewMs !== null && Number.isFinite(r.skewMs) ? [r.skewMs] : []))) ??
    median(
      sample.flatMap((r) => {
        const ds = wide.get(r.requestId) ?? [];
        const [only] = ds;
        return ds.length === 1 && only && counts.get(only.id) === 1 ? [mid(r, only)] : [];
      }),
    ) ??
    median(sample.flatMap((r) => (wide.get(r.requestId) ?? []).map((d) => mid(r, d))));
  const candidates: { r: JoinRequest; d: AuthDecision; distance: number }[] = [];
  for (const r of usable) {
    const own = r.skewMs !== null && Number.isFinite(r.skewMs) ? r.skewMs : offset;
    if (own === null) continue;
    const center = r.startedAt + r.durationMs / 2 + own;
    const halfWidth = r.durationMs / 2 + 1000 + tolerance;
    for (const d of near(r, center - halfWidth, center + halfWidth))
      candidates.push({ r, d, distance: Math.abs(d.at - center) });
  }
  candidates.sort((a, b) => a.distance - b.distance);
  const out = new Map<string, AuthDecision>();
  const used = new Set<number>();
  for (const { r, d } of candidates) {
    if (out.has(r.requestId) || used.has(d.id)) continue;
    out.set(r.requestId, d);
    used.add(d.id);
  }
  return out;
}

function keyOf(kind: string, status: number, path: string): string {
  return `${kind} ${status} ${trim(path)}`;
}

/** Decisions by kind, status and path, each list in time order, for binary search. */
function indexDecisions(decisions: readonly AuthDecision[]): Map<string, AuthDecision[]> {
  const index = new Map<string, AuthDecision[]>();
  for (const d of decisions) {
    if (!Number.isFinite(d.at)) continue;
    const k = keyOf(d.kind, d.status, d.path);
    const list = index.get(k) ?? [];
    list.push(d);
    index.set(k, list);
  }
  for (const list of index.values()) list.sort((a, b) => a.at - b.at);
  return index;
}

function inRange(list: readonly AuthDecision[], from: number, to: number): AuthDecision[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((list[m]?.at ?? Infinity) < from) lo = m + 1;
    else hi = m;
  }
  const out: AuthDecision[] = [];
  for (const d of list.slice(lo)) {
    if (d.at > to) break;
    out.push(d);
  }
  return out;
}

function compatible(r: JoinRequest, d: AuthDecision): boolean {
  if (r.clientID !== null && d.clientID !== null && r.clientID !== d.clientID) return false;
  if (r.tokenHash !== null || d.tokenHash !== null) {
    // A bearer token is hashed alike on both sides; a cookie session's token only on the server's.
    if (r.tokenHash !== null && d.tokenHash !== null) return r.tokenHash === d.tokenHash;
    return r.tokenHash === null && r.credential === 'cookie' && d.credential === 'cookie';
  }
  return true;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

function trim(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
