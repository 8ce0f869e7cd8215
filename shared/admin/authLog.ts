// The admin API's record of the app's own `auth()` decisions (`GET {base}/admin/auth-log`), as the
// server's opt-in tap writes it and the panel reads it. Never the token: its claims and the same
// hash the panel computes (shared/auth/hash.ts `tokenHash`), so a captured request can be joined.

import type { CredentialKind, SyncKind } from '../sync/types.ts';
import { isFiniteNumber, isRecord, isString } from '../guards.ts';

export type { CredentialKind, SyncKind };

export interface DecisionClaims {
  sub: string | null;
  iss: string | null;
  aud: string | string[] | null;
  exp: number | null;
  iat: number | null;
  nbf: number | null;
  role: string | null;
}

/** One sync request's auth decision, as the server saw it. `at` is the server's clock (unix ms). */
export interface AuthDecision {
  id: number;
  at: number;
  kind: SyncKind;
  /** The request's path, e.g. /sync/pull (no query string). */
  path: string;
  /** The status the handler answered (200, 401, 403, ...). */
  status: number;
  ok: boolean;
  /** The `reason` the app's `auth()` returned with `{ ok: false }`; null when it gave none. */
  reason: string | null;
  clientGroupID: string | null;
  clientID: string | null;
  credential: CredentialKind;
  claims: DecisionClaims | null;
  tokenHash: string | null;
}

/** `GET /auth-log?since=<id>&limit=<n ≤ 1000>` */
export interface AuthLogPage {
  decisions: AuthDecision[];
  maxId: number;
  hasMore: boolean;
  /** False: the app did not install the auth tap. */
  tapInstalled: boolean;
}

/** What the app declares it expects of tokens; `/info` reports it under `auth` (each field optional). */
export interface AuthExpectations {
  issuer?: string | string[];
  audience?: string | string[];
  algorithms?: string[];
  jwksUrl?: string;
  requiredRoles?: string[];
}

// ---- Guards: the server's answers are hostile input; a bad record is skipped and counted. ----

type Rec = Record<string, unknown>;
const MAX_STRING = 4096;
const own = (o: Rec, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const str = (x: unknown): string | null => (typeof x === 'string' && x.length <= MAX_STRING ? x : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const strList = (x: unknown): string[] | undefined => {
  const list = typeof x === 'string' ? [x] : Array.isArray(x) ? x : null;
  const out = list?.flatMap((v) => (isString(v) && str(v) !== null && v !== '' ? [v] : [])).slice(0, 32);
  return out && out.length > 0 ? out : undefined;
};
const CREDENTIALS: readonly CredentialKind[] = ['bearer', 'cookie', 'none', 'other'];

export type AuthLogGuarded<T> = { ok: true; value: T } | { ok: false; reason: string };

function toClaims(x: unknown): DecisionClaims | null {
  if (!isRecord(x)) return null;
  const aud = own(x, 'aud');
  return {
    sub: str(own(x, 'sub')),
    iss: str(own(x, 'iss')),
    aud: typeof aud === 'string' ? str(aud) : (strList(aud) ?? null),
    exp: num(own(x, 'exp')),
    iat: num(own(x, 'iat')),
    nbf: num(own(x, 'nbf')),
    role: str(own(x, 'role')),
  };
}

export function toDecision(x: unknown): AuthDecision | null {
  if (!isRecord(x)) return null;
  const id = own(x, 'id'),
    at = own(x, 'at'),
    kind = own(x, 'kind'),
    path = own(x, 'path'),
    status = own(x, 'status'),
    ok = own(x, 'ok');
  if (
    !isNat(id) ||
    !isFiniteNumber(at) ||
    (kind !== 'push' && kind !== 'pull') ||
    !isString(path) ||
    str(path) === null ||
    !isNat(status) ||
    typeof ok !== 'boolean'
  )
    return null;
  const credential = own(x, 'credential');
  const hash = str(own(x, 'tokenHash'));
  return {
    id,
    at,
    kind,
    path,
    status,
    ok,
    reason: str(own(x, 'reason')),
    clientGroupID: str(own(x, 'clientGroupID')),
    clientID: str(own(x, 'clientID')),
    credential: CREDENTIALS.find((k) => k === credential) ?? 'other',
    claims: toClaims(own(x, 'claims')),
    tokenHash: hash !== null && /^[0-9a-f]{16}$/.test(hash) ? hash : null,
  };
}

/** `GET /auth-log` answer, ids strictly increasing (an out-of-order record would break the cursor). */
export function parseAuthLog(x: unknown): AuthLogGuarded<AuthLogPage & { skipped: number }> {
  if (!isRecord(x)) return { ok: false, reason: '/auth-log did not answer a JSON object' };
  const list = own(x, 'decisions');
  const tap = own(x, 'tapInstalled');
  if (!Array.isArray(list)) {
    if (tap === false)
      return { ok: true, value: { decisions: [], maxId: 0, hasMore: false, tapInstalled: false, skipped: 0 } };
    return { ok: false, reason: '/auth-log has no "decisions" array' };
  }
  const decisions: AuthDecision[] = [];
  let skipped = 0;
  let last = -1;
  for (const item of list) {
    const d = toDecision(item);
    if (!d || d.id <= last) skipped++;
    else {
      decisions.push(d);
      last = d.id;
    }
  }
  const maxId = own(x, 'maxId');
  return {
    ok: true,
    value: {
      decisions,
      maxId: isNat(maxId) ? maxId : Math.max(0, last),
      hasMore: own(x, 'hasMore') === true,
      tapInstalled: tap !== false,
      skipped,
    },
  };
}

/** `/info`'s `auth`: what the app declares it expects of tokens; null when it declares nothing usable. */
export function parseAuthExpectations(x: unknown): AuthExpectations | null {
  const auth = isRecord(x) ? own(x, 'auth') : undefined;
  if (!isRecord(auth)) return null;
  const out: AuthExpectations = {};
  const issuer = strList(own(auth, 'issuer'));
  const audience = strList(own(auth, 'audience'));
  const algorithms = strList(own(auth, 'algorithms'));
  const requiredRoles = strList(own(auth, 'requiredRoles'));
  const jwksUrl = str(own(auth, 'jwksUrl'));
  if (issuer) out.issuer = issuer;
  if (audience) out.audience = audience;
  if (algorithms) out.algorithms = algorithms;
  if (requiredRoles) out.requiredRoles = requiredRoles;
  if (jwksUrl && /^https?:\/\//.test(jwksUrl)) out.jwksUrl = jwksUrl;
  return Object.keys(out).length > 0 ? out : null;
}

// ---- The panel's copy of the log: an incremental cursor over a bounded buffer. ----

export const DEFAULT_MAX_DECISIONS = 5000;

export interface AuthLog {
  decisions: AuthDecision[];
  /** The next request's `since`: the last id received. */
  since: number;
  /** null: not asked yet or the route is absent; false: the app did not install the tap. */
  tapInstalled: boolean | null;
  /** Why the last read failed (the route is absent on older handlers), or null. */
  problem: string | null;
  dropped: number;
  skipped: number;
}

export function emptyAuthLog(): AuthLog {
  return { decisions: [], since: 0, tapInstalled: null, problem: null, dropped: 0, skipped: 0 };
}

/** Adds one page fetched with `requestedSince`; null for a stale page, so none is added twice. */
export function mergeAuthLog(
  log: AuthLog,
  page: AuthLogPage & { skipped?: number },
  requestedSince: number,
  bound = DEFAULT_MAX_DECISIONS,
): AuthLog | null {
  if (requestedSince !== log.since) return null;
  const fresh = page.decisions.filter((d) => d.id > log.since);
  const since = fresh.at(-1)?.id ?? log.since;
  let decisions = fresh.length ? log.decisions.concat(fresh) : log.decisions;
  let dropped = log.dropped;
  const over = decisions.length - Math.max(1, bound);
  if (over > 0) {
    decisions = decisions.slice(over);
    dropped += over;
  }
  return {
    decisions,
    since,
    tapInstalled: page.tapInstalled,
    problem: null,
    dropped,
    skipped: log.skipped + (page.skipped ?? 0),
  };
}

/** The auth-log poll's messages into the panel store (merged into CaptureMap by shared/protocol.ts). */
export interface AuthLogMap {
  /** One `/auth-log` page, fetched with `since` (a decision id); a page whose `since` is not the cursor is dropped. */
  adminAuthLog: { page: AuthLogPage & { skipped?: number }; since: number };
  /** Why the log could not be read (an older handler has no /auth-log): shown, never fatal. */
  adminAuthLogProblem: { problem: string };
  /** `/info`'s `auth` for `baseUrl` (null: it declares nothing). */
  adminAuthExpectations: { baseUrl: string; expectations: AuthExpectations | null };
}
