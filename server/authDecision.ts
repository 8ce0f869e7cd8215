// Builds one auth-log record from a sync request, the app's auth() result and the status answered.
// Pure apart from reading the request's headers and URL. The token itself never leaves this file:
// only its claims and the same FNV-1a hash the panel computes (shared/auth/hash.ts).

import { decodeJwt } from 'jose';
import type { AuthDecision, CredentialKind, DecisionClaims, SyncKind } from '../shared/admin/authLog.ts';
import { tokenHash } from '../shared/auth/hash.ts';
import { isRecord, ownField } from '../shared/guards.ts';
import { roleOf } from '../shared/auth/role.ts';
import { readCredential } from '../shared/sync/headers.ts';

/** What the tapped auth() saw and answered for one request. */
export interface AuthCall {
  result?: unknown;
  /** The error name when auth() threw instead of answering. */
  threw?: string;
  /** The second argument some servers pass auth() (the ids the body or query named). */
  hint?: unknown;
}

/** Everything but the id, which the table assigns. */
export type DecisionRecord = Omit<AuthDecision, 'id'>;

const MAX_REASON = 500;
const MAX_PATH = 512;
const MAX_ID = 256;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function syncKindOf(pathname: string): SyncKind | null {
  if (pathname.endsWith('/push')) return 'push';
  if (pathname.endsWith('/pull')) return 'pull';
  return null;
}

const rec = (v: unknown): Record<string, unknown> | null => (isRecord(v) ? v : null);
const own = (o: Record<string, unknown> | null, k: string): unknown => (o ? ownField(o, k) : undefined);
const idText = (v: unknown): string | null => (typeof v === 'string' && v !== '' && v.length <= MAX_ID ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function headerList(req: Request): { name: string; value: string }[] {
  const list: { name: string; value: string }[] = [];
  req.headers.forEach((value, name) => list.push({ name, value }));
  return list;
}

/** The first cookie value shaped like a JWT: where cookie-session apps keep their token. */
function jwtCookie(req: Request): string | null {
  for (const pair of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    let value = pair.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (JWT_SHAPE.test(value)) return value;
  }
  return null;
}

export function credentialOf(req: Request): { kind: CredentialKind; token: string | null } {
  const credential = readCredential(headerList(req));
  if (credential.kind === 'bearer') return { kind: 'bearer', token: credential.token ?? null };
  return { kind: credential.kind, token: credential.kind === 'cookie' ? jwtCookie(req) : null };
}

export function claimsOf(token: string | null): DecisionClaims | null {
  if (token === null) return null;
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch {
    return null; // opaque or malformed: the hash still identifies it
  }
  const aud = payload.aud;
  return {
    sub: str(payload.sub),
    iss: str(payload.iss),
    aud:
      typeof aud === 'string' ? aud : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : null,
    exp: num(payload.exp),
    iat: num(payload.iat),
    nbf: num(payload.nbf),
    role: roleOf(payload),
  };
}

/** The app's reason, capped, with the token (should an app echo it) cut out. */
export function reasonOf(call: AuthCall | undefined, token: string | null): string | null {
  if (!call) return null;
  if (call.threw !== undefined) return `auth() threw ${call.threw}`;
  const reason = own(rec(call.result), 'reason');
  if (typeof reason !== 'string') return null;
  const clean = token !== null && token.length >= 8 ? reason.split(token).join('<token>') : reason;
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}

/** Ids from, in order: an ok result, the hint auth() was given, the pull query, the push body. */
export function idsOf(
  call: AuthCall | undefined,
  url: URL,
  body: unknown,
): { clientGroupID: string | null; clientID: string | null } {
  const sources = [
    rec(call?.result),
    rec(call?.hint),
    { clientGroupID: url.searchParams.get('clientGroupID'), clientID: url.searchParams.get('clientID') },
    rec(body),
  ];
  let clientGroupID: string | null = null;
  let clientID: string | null = null;
  for (const s of sources) {
    clientGroupID ??= idText(own(s, 'clientGroupID'));
    clientID ??= idText(own(s, 'clientID'));
  }
  return { clientGroupID, clientID };
}

export function buildDecision(input: {
  req: Request;
  at: number;
  kind: SyncKind;
  status: number;
  call: AuthCall | undefined;
  body: unknown;
  tokenFrom?: (req: Request) => string | null | undefined;
}): DecisionRecord {
  const { req, call } = input;
  const url = new URL(req.url);
  const credential = credentialOf(req);
  const token = input.tokenFrom?.(req) ?? credential.token;
  return {
    at: input.at,
    kind: input.kind,
    path: url.pathname.slice(0, MAX_PATH),
    status: input.status,
    ok: call?.threw === undefined && own(rec(call?.result), 'ok') === true,
    reason: reasonOf(call, token),
    ...idsOf(call, url, input.body),
    credential: credential.kind,
    claims: claimsOf(token),
    tokenHash: token ? tokenHash(token) : null,
  };
}
