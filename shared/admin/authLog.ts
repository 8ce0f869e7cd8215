// The admin API's record of the app's own `auth()` decisions (`GET {base}/admin/auth-log`), as the
// server's opt-in tap writes it and the panel reads it. Never the token: its claims and the same
// hash the panel computes (shared/auth/hash.ts `tokenHash`), so a captured request can be joined.

import type { CredentialKind, SyncKind } from '../sync/types.ts';

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
