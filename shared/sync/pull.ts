// Readers for GET (or POST) {basePath}/pull: the request parameters, wherever the client put them,
// and the response { cookie, patch, lastMutationIDs, hasMore? }.

import type { ShapeResult } from './body.ts';
import { decodeCookie } from './cookie.ts';
import { parseChangeOp, readList } from './ops.ts';
import { asVersion } from './push.ts';
import type { HarHeader, PullRequest, PullResponse } from './types.ts';
import type { QueryPairs } from './url.ts';
import { asNumber, asString, field, isRecord } from './util.ts';

type Field = 'clientGroupID' | 'clientID' | 'schemaVersion' | 'protocolVersion' | 'cookie' | 'limit';

/** Header spellings accepted per field. The reference client sends x-client / x-group; others vary. */
const HEADER_NAMES: Record<Field, readonly string[]> = {
  clientGroupID: ['x-group', 'x-client-group', 'x-client-group-id', 'x-plasma-client-group-id', 'clientgroupid'],
  clientID: ['x-client', 'x-client-id', 'x-plasma-client-id', 'clientid'],
  schemaVersion: ['x-schema-version', 'x-plasma-schema-version', 'schemaversion'],
  protocolVersion: ['x-protocol-version', 'x-plasma-protocol-version', 'protocolversion'],
  cookie: ['x-plasma-cookie'],
  limit: [],
};

/** The identity fields whose presence marks a request as a plasma pull. */
export const PULL_IDENTITY: readonly Field[] = ['clientGroupID', 'clientID', 'schemaVersion'];

export interface PullParams {
  request: PullRequest;
  /** Fields that were present somewhere (query, JSON body or headers). */
  present: Field[];
}

/** Pull parameters: query first, then a JSON body, then headers. Empty or "null" values count as absent. */
export function readPullParams(
  query: QueryPairs,
  headers: readonly HarHeader[],
  body: Record<string, unknown> | null,
): PullParams {
  const lowerQuery = new Map<string, string>();
  for (const [key, value] of query) {
    const lower = key.toLowerCase();
    if (!lowerQuery.has(lower)) lowerQuery.set(lower, value);
  }
  // Each header's first value by lowercase name, read once rather than once per spelling looked up
  // (no spelling below starts with ":", so pseudo-headers never match, as in headerValue).
  const firstHeader = new Map<string, string>();
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    if (!firstHeader.has(lower)) firstHeader.set(lower, h.value);
  }
  const present: Field[] = [];
  const lookup = (name: Field): unknown => {
    let found = usable(lowerQuery.get(name.toLowerCase()));
    if (found === undefined && body !== null) found = usable(field(body, name));
    for (const header of HEADER_NAMES[name]) {
      if (found !== undefined) break;
      found = usable(firstHeader.get(header));
    }
    if (found !== undefined) present.push(name);
    return found;
  };
  const request: PullRequest = {
    protocolVersion: asNumber(lookup('protocolVersion')),
    schemaVersion: asVersion(lookup('schemaVersion')),
    clientGroupID: asString(lookup('clientGroupID')),
    clientID: asString(lookup('clientID')),
    cookie: decodeCookie(lookup('cookie') ?? null),
    limit: asNumber(lookup('limit')),
  };
  return { request, present };
}

/** A parameter's value, or undefined when it counts as absent (missing, null, empty or "null"). */
function usable(v: unknown): unknown {
  return v === undefined || v === null || v === '' || v === 'null' ? undefined : v;
}

export function readPullResponse(value: unknown): ShapeResult<PullResponse> {
  if (!isRecord(value)) return { ok: false, reason: 'pull response is not a JSON object' };
  const patch = field(value, 'patch');
  if (!Array.isArray(patch)) return { ok: false, reason: 'pull response has no patch array' };
  const list = readList(patch, parseChangeOp);
  const response: PullResponse = {
    cookie: decodeCookie(field(value, 'cookie')),
    patch: list.values,
    lastMutationIDs: readLastMutationIDs(field(value, 'lastMutationIDs')),
    hasMore: field(value, 'hasMore') === true,
  };
  if (list.skipped > 0) response.skipped = list.skipped;
  return { ok: true, value: response };
}

/** clientID -> last mutation id; entries that are not numbers are dropped. */
function readLastMutationIDs(raw: unknown): Record<string, number> {
  if (!isRecord(raw)) return {};
  const entries: [string, number][] = [];
  for (const [clientID, value] of Object.entries(raw)) {
    const n = asNumber(value);
    if (n !== null) entries.push([clientID, n]);
  }
  return Object.fromEntries(entries);
}

/** Whether a response value is a pull response: a patch array and a lastMutationIDs object. */
export function looksLikePullResponse(value: unknown): boolean {
  return isRecord(value) && Array.isArray(field(value, 'patch')) && isRecord(field(value, 'lastMutationIDs'));
}
