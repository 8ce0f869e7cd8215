// Types of the auth analysis: what the panel shows about each sync request's credentials, why a
// request was denied, and the findings over a whole capture. Pure data, structured-clone safe,
// and never holding a raw token (tokens are identified by their hash only).

import type { CredentialKind, SyncKind } from '../sync/types.ts';

export type Severity = 'error' | 'warning' | 'info';

/** How a credential string looked: absent, a decodable JWT, an opaque token, or broken. */
export type TokenShape = 'absent' | 'jwt' | 'opaque' | 'malformed';

/** What a token says about itself, judged at the moment its request started. No raw token inside. */
export interface TokenInfo {
  present: boolean;
  decodable: boolean;
  shape: TokenShape;
  /** Why a present token could not be read as a JWT (malformed only). */
  error?: string;
  /** Oddities that do not stop decoding (exp in milliseconds, a JWE, non-numeric dates). */
  warnings: string[];
  alg: string | null;
  kid: string | null;
  typ: string | null;
  iss: string | null;
  aud: string[];
  sub: string | null;
  role: string | null;
  /** NumericDate claims, unix seconds. */
  exp: number | null;
  nbf: number | null;
  iat: number | null;
  /** exp − request start, seconds. Negative: already expired when sent. */
  expiresInSec: number | null;
  /** nbf − request start, seconds. Positive: not valid yet when sent. */
  notYetValidBySec: number | null;
  /** request start − iat, seconds. */
  ageSec: number | null;
  /** response Date − request start, seconds (Date has 1 s resolution and includes the round trip). */
  clockSkewSec: number | null;
  /** FNV-1a 64 of the trimmed token, 16 hex digits: an identifier, not the token. */
  hash: string | null;
  length: number;
}

export type VerifyCode =
  'bad-signature' | 'expired' | 'not-yet-valid' | 'wrong-issuer' | 'wrong-audience' | 'malformed' | 'no-key' | 'error';

export type VerifyResult = { ok: true } | { ok: false; code: VerifyCode; message: string };

/** Keys are supplied by the user and kept in memory only. */
export type Verifier =
  { kind: 'hs256'; secret: string } | { kind: 'jwks'; jwks: object } | { kind: 'remote-jwks'; url: string };

export interface Expectations {
  issuer?: string;
  audience?: string;
}

export type CredentialState = CredentialKind | 'unknown';

export interface LedgerEntry {
  requestId: string;
  /** Position in start order. */
  index: number;
  kind: SyncKind;
  url: string;
  /** origin + basePath: the sync endpoint this request belongs to. */
  endpoint: string;
  status: number;
  startedAt: number;
  credentialKind: CredentialState;
  scheme: string | null;
  cookieNames: string[];
  token: TokenInfo;
  /** The token hash differs from the previous request's to the same endpoint. */
  tokenChanged: boolean;
  clockSkewSec: number | null;
  clientGroupID: string | null;
  clientID: string | null;
  /** An Authorization header with nothing in it (`Bearer `): counted as no credentials. */
  emptyAuthorization?: boolean;
}

/** A response seen outside the sync traffic (sign-in pages, auth APIs) and the cookies it set. */
export interface SeenResponse {
  url: string;
  startedAt: number;
  status?: number;
  /** Raw Set-Cookie header values. */
  setCookies?: string[];
  /** The response body handed out a token (issuesToken): from then on the page had one. */
  issuedToken?: boolean;
}

export type CauseCode =
  | 'no-credentials'
  | 'headers-unavailable'
  | 'malformed-authorization'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'bad-signature'
  | 'server-refused-valid-token'
  | 'server-refused-opaque-token'
  | 'server-refused-cookie'
  | 'cookie-not-sent'
  | 'forbidden-role'
  | 'wrong-algorithm'
  | 'server-reason';

export interface Cause {
  code: CauseCode;
  severity: Severity;
  title: string;
  /** One line, for a plasma developer. */
  cause: string;
  /** One line: what to change. */
  fix: string;
  /** A sign-in URL offered by the server (http/https only). */
  link?: string;
  /** 'server': the cause is the server's own recorded reason (its auth-decision log). */
  source?: CauseSource;
}

export type CauseSource = 'server' | 'inferred';

export type FindingCode =
  | CauseCode
  | 'booted-unauthenticated'
  | 'stuck-unauthenticated'
  | 'retry-loop'
  | 'near-expiry'
  | 'identity-switch'
  | 'schema-mismatch'
  | 'too-many-mutations'
  | 'payload-too-large'
  | 'samesite-none-auth-cookie';

export interface Finding {
  /** Stable across recomputation and across later events being added. */
  id: string;
  code: FindingCode;
  severity: Severity;
  title: string;
  cause: string;
  fix: string;
  /** In start order. */
  requestIds: string[];
  link?: string;
  /** 'server': the cause quotes the server's recorded decision; otherwise the panel inferred it. */
  source?: CauseSource;
}
