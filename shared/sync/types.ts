// The typed sync event: what one captured HTTP exchange becomes once recognised as plasma traffic.
// Pure data, structured-clone safe. Raw bearer tokens stay in memory only: exports go through redaction.

export interface HarHeader {
  name: string;
  value: string;
}

/** The subset of a HAR 1.2 entry the recogniser reads. Anything else on the entry is ignored. */
export interface HarEntryLike {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    headers: HarHeader[];
    postData?: { mimeType?: string; text?: string };
  };
  response: {
    status: number;
    statusText?: string;
    headers: HarHeader[];
    content?: { mimeType?: string; text?: string; encoding?: string; size?: number };
  };
}

export type SyncKind = 'push' | 'pull';
export type CredentialKind = 'bearer' | 'cookie' | 'none' | 'other';

export interface Credential {
  kind: CredentialKind;
  /** The Authorization scheme as sent ("Bearer", "Basic", ...), when there was one. */
  scheme?: string;
  /** The raw bearer token. In memory only; never exported or logged. */
  token?: string;
  /** Cookie names sent (never values). */
  cookieNames?: string[];
  /** Set when an Authorization header was sent but is not well formed ("Bearer" with no token, ...): why. */
  malformed?: string;
}

/** A body that may be absent, still arriving, or not what plasma sends. Parsing never throws. */
export type Parsed<T> =
  | { state: 'ok'; value: T }
  | { state: 'empty' }
  | { state: 'pending' }
  | { state: 'unavailable' }
  | { state: 'unparseable'; reason: string; raw: string };

export interface Mutation {
  id: number;
  name: string;
  args: unknown;
  timestamp: number | null;
}

export interface PushRequest {
  protocolVersion: number | null;
  schemaVersion: string | null;
  clientGroupID: string | null;
  clientID: string | null;
  mutations: Mutation[];
  /** Entries of `mutations` that were not readable mutations (not objects, no numeric id). */
  skipped?: number;
}

export interface PullRequest {
  protocolVersion: number | null;
  schemaVersion: string | null;
  clientGroupID: string | null;
  clientID: string | null;
  cookie: DecodedCookie | null;
  limit: number | null;
}

export type ChangeOp =
  | { op: 'put'; table: string; id: string; value: unknown; rowVersion: number | null }
  | { op: 'del'; table: string; id: string; rowVersion: number | null };

/** A plasma cookie: `c1:` base64 JSON of region -> row_version, a plain integer, or opaque. */
export type DecodedCookie =
  | { format: 'c1'; raw: string; regions: Record<string, string>; rowVersion: number | null }
  | { format: 'integer'; raw: string; rowVersion: number }
  | { format: 'opaque'; raw: string };

export interface PullResponse {
  cookie: DecodedCookie | null;
  patch: ChangeOp[];
  lastMutationIDs: Record<string, number>;
  hasMore: boolean;
  /** Entries of `patch` that were not readable change ops (not objects, unknown op, no id). */
  skipped?: number;
}

export interface PushResponse {
  ok: boolean;
}

/** 4xx/5xx bodies: plasma's and the reference server's error shapes, read loosely. */
export interface ErrorBody {
  error: string | null;
  reason: string | null;
  expected: string | null;
  max: number | null;
  details: Record<string, unknown> | null;
  /** The whole decoded body, for readers that look past the usual fields (a 403's required role). */
  raw?: Record<string, unknown>;
}

interface SyncEventCommon {
  /** Stable id assigned by whoever captured the entry. */
  id: string;
  method: string;
  url: string;
  /** Everything before the final /push or /pull segment ("/sync", "/api/plasma", ""). */
  basePath: string;
  origin: string;
  status: number;
  statusText: string;
  /** Request start, unix ms. */
  startedAt: number;
  durationMs: number;
  credential: Credential;
  requestHeaders: HarHeader[];
  responseHeaders: HarHeader[];
  /** How the request was recognised. */
  recognisedBy: 'path' | 'shape' | 'path+shape';
  /** Response body as an error body, when the status is not 2xx and the body parsed. */
  errorBody: Parsed<ErrorBody>;
}

export interface PushEvent extends SyncEventCommon {
  kind: 'push';
  request: Parsed<PushRequest>;
  response: Parsed<PushResponse>;
}

export interface PullEvent extends SyncEventCommon {
  kind: 'pull';
  request: Parsed<PullRequest>;
  response: Parsed<PullResponse>;
}

export type SyncEvent = PushEvent | PullEvent;
