// Why a 401 came back for a request that carried an Authorization header: a broken header, a
// token the panel can prove bad (expired, wrong audience, failed verification), or none of those,
// in which case the server's auth() is the place to look.

import type { SyncEvent } from '../sync/types.ts';
import { clockOf, formatDuration, isoOf, quote } from './format.ts';
import type { AuthorizationParts } from './headers.ts';
import type { AuthExpectations } from '../admin/authLog.ts';
import { mergeExpectations } from './serverCause.ts';
import type { Cause, Expectations, LedgerEntry, TokenInfo, VerifyResult } from './types.ts';

export interface TokenContext {
  expect?: Expectations;
  /** Verification results by token hash, computed ahead (verification is async). */
  verifications?: ReadonlyMap<string, VerifyResult>;
  /** What the app declares (admin API `/info` `auth`); typed expectations win over it. */
  declared?: AuthExpectations | null;
  /** Distinct tokens the same endpoint answered 2xx before this request, by hash (acceptedTokens). */
  accepted?: ReadonlyMap<string, AcceptedToken>;
}

/** Skew below this is Date-header rounding plus the round trip, not a clock problem. */
const SKEW_NOISE_SEC = 2;

const e = (code: Cause['code'], title: string, cause: string, fix: string): Cause => ({
  code,
  severity: 'error',
  title,
  cause,
  fix,
});

export function malformedAuthorization(auth: AuthorizationParts, entry: LedgerEntry): Cause | null {
  const title = 'Malformed Authorization header';
  if (!auth.raw?.trim()) {
    return e(
      'malformed-authorization',
      title,
      'The Authorization header is present but empty.',
      'Send no Authorization header until there is a token, then `Bearer ${token}`.',
    );
  }
  if (auth.scheme === null) {
    return e(
      'malformed-authorization',
      title,
      'The Authorization header holds a token with no scheme in front of it.',
      'Return { authorization: `Bearer ${token}` } from authHeaders().',
    );
  }
  if (!auth.token) {
    return e(
      'malformed-authorization',
      title,
      `The Authorization header is ${quote(auth.scheme, 20)} with no token after it.`,
      'authHeaders() ran before a token existed: wait for sign-in, or send no header until there is a token.',
    );
  }
  if (entry.token.shape === 'malformed') {
    return e(
      'malformed-authorization',
      title,
      `The bearer token is malformed: ${entry.token.error ?? 'unreadable'}.`,
      'Send the raw token string: `Bearer ${token}` with the token exactly as the identity provider issued it.',
    );
  }
  return null;
}

export function tokenCause(event: SyncEvent, entry: LedgerEntry, auth: AuthorizationParts, ctx: TokenContext): Cause {
  const t = entry.token;
  const what = event.kind === 'push' ? 'push' : 'pull';
  if (auth.scheme !== null && auth.scheme.toLowerCase() !== 'bearer') {
    return e(
      'server-refused-opaque-token',
      'Credentials refused',
      `The ${what} used the ${quote(auth.scheme, 20)} scheme and the server's auth() refused it.`,
      "Check that the server's auth() accepts this scheme; plasma apps usually send `Bearer <token>`.",
    );
  }
  if (t.shape !== 'jwt') {
    return e(
      'server-refused-opaque-token',
      'Opaque token refused',
      `The bearer token is opaque (not a JWT), so its expiry and claims cannot be read here; the server's auth() refused it.`,
      "Check how the server's auth() validates this token (session store, introspection) and that authHeaders() returns a current one.",
    );
  }
  const verified = t.hash !== null ? ctx.verifications?.get(t.hash) : undefined;
  if (verified && !verified.ok) {
    if (verified.code === 'bad-signature' || verified.code === 'no-key') {
      return e(
        'bad-signature',
        'Signature does not verify',
        `The token${t.kid ? ` (kid ${quote(t.kid, 40)})` : ''} fails verification with the key you set: ${verified.message}`,
        "Sign tokens with the key the server's auth() verifies with, or point auth() at the issuer's current JWKS.",
      );
    }
    if (verified.code === 'malformed') {
      return e(
        'malformed-authorization',
        'Malformed token',
        `jose rejects the token's structure: ${verified.message}`,
        'Issue standard JWTs: numeric exp/nbf/iat, string iss/sub, aud a string or list.',
      );
    }
  }
  const skew =
    t.clockSkewSec !== null && Math.abs(t.clockSkewSec) > SKEW_NOISE_SEC + event.durationMs / 1000
      ? t.clockSkewSec
      : null;
  if (t.expiresInSec !== null && t.expiresInSec <= 0) {
    const same = t.hash !== null ? ctx.accepted?.get(t.hash) : undefined;
    const before = same
      ? ` The same token was accepted ${same.count === 1 ? 'once' : `${same.count} times`} before it expired, last at ${clockOf(same.lastAt)}: it expired mid-session and was never refreshed.`
      : '';
    return e(
      'expired',
      'Token expired',
      `The token expired ${formatDuration(-t.expiresInSec)} before this ${what} was sent${t.exp !== null ? ` (exp ${isoOf(t.exp)})` : ''}.${before}`,
      'Refresh the token inside authHeaders() (called before every push and pull) instead of caching it past exp.',
    );
  }
  if (t.expiresInSec !== null && skew !== null && skew > 0 && t.expiresInSec - skew <= 0) {
    return e(
      'expired',
      'Token expired by the server clock',
      `The token had ${formatDuration(t.expiresInSec)} left by this browser's clock, but the server's clock is ${formatDuration(skew)} ahead, so it had expired there.`,
      'Fix the clock difference (NTP), or refresh tokens well before exp.',
    );
  }
  if (t.notYetValidBySec !== null && t.notYetValidBySec > 0) {
    const clock =
      skew !== null && skew < 0 ? ` The server's clock is ${formatDuration(-skew)} behind this browser's.` : '';
    return e(
      'not-yet-valid',
      'Token not valid yet',
      `The token's nbf is ${formatDuration(t.notYetValidBySec)} after this ${what} was sent.${clock}`,
      "Allow a small clock tolerance in auth() (jose's clockTolerance), or fix the issuer's clock.",
    );
  }
  const want = mergeExpectations(ctx.expect, ctx.declared);
  const said = (from: 'typed' | 'declared' | null) =>
    from === 'declared' ? " (declared by the app's admin API /info)" : '';
  const list = (values: readonly string[]) =>
    values
      .slice(0, 3)
      .map((v) => quote(v, 60))
      .join(' or ');
  if (want.algorithms.length > 0 && t.alg !== null && !want.algorithms.includes(t.alg)) {
    return e(
      'wrong-algorithm',
      'Wrong signing algorithm',
      `The token is signed with alg ${quote(t.alg, 20)}; the app accepts ${list(want.algorithms)}${said('declared')}.`,
      "Issue tokens with an algorithm the server's auth() accepts, or add this one to its allowed algorithms.",
    );
  }
  if (
    (want.issuers.length > 0 && (t.iss === null || !want.issuers.includes(t.iss))) ||
    (verified?.ok === false && verified.code === 'wrong-issuer')
  ) {
    return e(
      'wrong-issuer',
      'Wrong issuer',
      `The token's iss is ${t.iss === null ? 'missing' : quote(t.iss)}; expected ${want.issuers.length ? list(want.issuers) : 'another issuer'}${said(want.issuerFrom)}.`,
      "Get tokens from the issuer the server's auth() trusts, or change the issuer auth() checks.",
    );
  }
  if (
    (want.audiences.length > 0 && !t.aud.some((a) => want.audiences.includes(a))) ||
    (verified?.ok === false && verified.code === 'wrong-audience')
  ) {
    const got =
      t.aud.length === 0
        ? 'no aud'
        : `aud ${t.aud
            .slice(0, 3)
            .map((a) => quote(a, 60))
            .join(', ')}`;
    return e(
      'wrong-audience',
      'Wrong audience',
      `The token carries ${got}; expected ${want.audiences.length ? list(want.audiences) : 'another audience'}${said(want.audienceFrom)}.`,
      'Request the token for the audience the server checks (the API identifier), or fix the audience auth() expects.',
    );
  }
  const differences = compareWithAccepted(t, ctx.accepted ?? new Map());
  const group = entry.clientGroupID !== null ? quote(entry.clientGroupID, 60) : 'unknown';
  const checked = verified?.ok ? 'its signature verifies with the key you set' : 'its signature was not checked here';
  const itself = t.hash !== null ? ctx.accepted?.get(t.hash) : undefined;
  const before = itself
    ? ` This same token was accepted ${itself.count === 1 ? 'once' : `${itself.count} times`} before, last at ${clockOf(itself.lastAt)}: what changed is on the server's side (a revoked session, a user or client-group check).`
    : '';
  const history =
    differences === null
      ? itself
        ? before.trim()
        : 'This endpoint accepted no token earlier in the capture, so there is nothing to compare it with.'
      : differences.length > 0
        ? `${differences.map((d) => `accepted tokens had ${d.field} ${d.accepted}; this one has ${d.refused}`).join('; ')}.${before}`
        : `It matches the ${differences.accepted} other token(s) this endpoint accepted earlier in alg, kid, iss, aud and sub.${before}`;
  const title =
    differences && differences.length > 0
      ? `Token refused: its ${differences.map((d) => d.field).join(', ')} differ${differences.length === 1 ? 's' : ''} from accepted tokens`
      : 'Server refused an unexpired token';
  return e(
    'server-refused-valid-token',
    title,
    `The server's auth() refused a token that is not expired (${describeToken(t)}; ${checked}). ${history}`,
    differences && differences.length > 0
      ? `Issue the token the way the accepted ones were (same ${differences.map((d) => d.field).join(', ')}), or make the server's auth() accept it.`
      : `Check the server's auth(): it must accept this token and return ok with clientGroupID ${group} for sub ${t.sub !== null ? quote(t.sub, 60) : '(none)'}.`,
  );
}

/** The claims a refused token is judged by, named in one line. */
export function describeToken(t: TokenInfo): string {
  const aud =
    t.aud.length === 0
      ? 'none'
      : t.aud
          .slice(0, 3)
          .map((a) => quote(a, 60))
          .join(', ');
  const exp =
    t.exp === null
      ? 'none'
      : `${isoOf(t.exp)}${t.expiresInSec !== null ? `, ${formatDuration(t.expiresInSec)} ${t.expiresInSec >= 0 ? 'left' : 'ago'}` : ''}`;
  return `alg ${t.alg ?? 'none'}, kid ${t.kid !== null ? quote(t.kid, 40) : 'none'}, iss ${t.iss !== null ? quote(t.iss, 60) : 'none'}, aud ${aud}, sub ${t.sub !== null ? quote(t.sub, 60) : 'none'}, exp ${exp}`;
}

interface Difference {
  field: 'alg' | 'kid' | 'iss' | 'aud' | 'sub';
  accepted: string;
  refused: string;
}

export interface AcceptedToken {
  token: TokenInfo;
  count: number;
  /** Start of the last request that carried it, unix ms. */
  lastAt: number;
}

/** Records one accepted request in its endpoint's table: one entry per distinct token, so cost follows tokens, not requests. */
export function noteAccepted(table: Map<string, AcceptedToken>, entry: LedgerEntry): void {
  const hash = entry.token.hash;
  if (hash === null || !entry.token.decodable) return;
  const known = table.get(hash);
  if (known) {
    known.count++;
    known.lastAt = entry.startedAt;
  } else table.set(hash, { token: entry.token, count: 1, lastAt: entry.startedAt });
}

/** How a refused token differs from the tokens the same endpoint accepted; null when none was accepted. */
export function compareWithAccepted(
  t: TokenInfo,
  accepted: ReadonlyMap<string, AcceptedToken>,
): (Difference[] & { accepted: number }) | null {
  const list = [...accepted.values()].filter((a) => a.token.hash !== t.hash).map((a) => a.token);
  if (list.length === 0) return null;
  const out: Difference[] = [];
  const fields: [Difference['field'], (x: TokenInfo) => string][] = [
    ['alg', (x) => x.alg ?? '(none)'],
    ['kid', (x) => x.kid ?? '(none)'],
    ['iss', (x) => x.iss ?? '(none)'],
    ['aud', (x) => (x.aud.length ? [...x.aud].sort().join(' ') : '(none)')],
    ['sub', (x) => x.sub ?? '(none)'],
  ];
  for (const [field, read] of fields) {
    const seen = new Set(list.map(read));
    const mine = read(t);
    if (seen.has(mine)) continue;
    out.push({
      field,
      accepted: [...seen]
        .slice(0, 3)
        .map((v) => quote(v, 60))
        .join(' or '),
      refused: quote(mine, 60),
    });
  }
  return Object.assign(out, { accepted: list.length });
}
