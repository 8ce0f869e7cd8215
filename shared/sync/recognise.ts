// Decides whether a captured exchange is plasma sync traffic, and which kind. Pure; runs in the
// panel for every network entry, so it reads each body once (see prepare.ts) and never throws.
//
// The rule:
//  0. Only POST can be a push; only GET or POST can be a pull. Preflights (OPTIONS), HEAD... never count.
//  1. Shape, wherever the request goes:
//       push: a POST whose JSON body is an object with a string clientGroupID and a mutations array;
//       pull: a response whose JSON has a patch array and a lastMutationIDs object.
//     -> 'shape', or 'path+shape' when the last path segment names the same kind.
//  2. A last path segment `pull` plus clientGroupID / clientID / schemaVersion in the query, the JSON
//     body or the headers (x-client, x-group, ...) -> 'path+shape'.
//  3. A last path segment `push` / `pull` (any base path, trailing slashes and query ignored) counts on
//     its own only when nothing contradicts it -> 'path':
//     - a request body that is a JSON object with no plasma field (clientGroupID, clientID,
//       schemaVersion, protocolVersion, mutations, cookie) contradicts it, whatever the response;
//     - a body that is not a JSON object (malformed, truncated, an array, form data) counts only when
//       the response body is plasma's ({ ok } for push, a pull body, or a plasma error string);
//     - a push with no body counts unless a 2xx response body contradicts it (non-plasma JSON, HTML);
//     - a pull with no plasma parameters counts only when the response body is plasma's or the status
//       is 401, 403, 409 or 413 (auth and schema answers carry no pull shape).

import { jsonObject } from './body.ts';
import { looksLikePlasmaError } from './errorBody.ts';
import { toEntryLike } from './guard.ts';
import { prepare, type Prepared } from './prepare.ts';
import { looksLikePullResponse, PULL_IDENTITY } from './pull.ts';
import type { HarEntryLike, SyncKind } from './types.ts';
import { pathKind } from './url.ts';
import { field, isRecord } from './util.ts';

export interface Recognition {
  kind: SyncKind;
  basePath: string;
  recognisedBy: 'path' | 'shape' | 'path+shape';
}

const PLASMA_FIELDS = ['clientGroupID', 'clientID', 'schemaVersion', 'protocolVersion', 'mutations', 'cookie'];
const BARE_PULL_STATUSES = [401, 403, 409, 413];

/** Recognises a HAR entry from its own content (response text included when the HAR carries it). */
export function recognise(entry: HarEntryLike): Recognition | null {
  try {
    return recognisePrepared(prepare(toEntryLike(entry), undefined));
  } catch {
    return null;
  }
}

export function recognisePrepared(p: Prepared): Recognition | null {
  const byPath = pathKind(p.url.path);
  const canPush = p.method === 'POST';
  const canPull = p.method === 'GET' || p.method === 'POST';
  // Shape-only matches have no push/pull segment: their base path is the whole endpoint path.
  const match = (kind: SyncKind, shape: boolean): Recognition => {
    const pathAgrees = byPath?.kind === kind;
    const basePath = pathAgrees ? byPath.basePath : p.url.path;
    return { kind, basePath, recognisedBy: shape ? (pathAgrees ? 'path+shape' : 'shape') : 'path' };
  };
  const body = jsonObject(p.requestJson);
  const response = (): unknown => (p.responseJson.state === 'ok' ? p.responseJson.value : undefined);

  if (
    canPush &&
    body !== null &&
    typeof field(body, 'clientGroupID') === 'string' &&
    Array.isArray(field(body, 'mutations'))
  ) {
    return match('push', true);
  }
  if (canPull && p.responseMayBeObject() && looksLikePullResponse(response())) return match('pull', true);
  if (byPath === null) return null;
  if (byPath.kind === 'pull' && canPull && p.pullParams.present.some((f) => PULL_IDENTITY.includes(f))) {
    return match('pull', true);
  }
  if (byPath.kind === 'push' ? !canPush : !canPull) return null;

  const responseIsPlasma = looksLikePlasmaError(response()) || (byPath.kind === 'push' && hasBooleanOk(response()));
  const requestState = p.requestJson.state;
  if (body !== null) return PLASMA_FIELDS.some((f) => field(body, f) !== undefined) ? match(byPath.kind, false) : null;
  if (requestState === 'ok' || requestState === 'unparseable')
    return responseIsPlasma ? match(byPath.kind, false) : null;
  if (byPath.kind === 'push') return contradictsPush(p) ? null : match('push', false);
  return responseIsPlasma || BARE_PULL_STATUSES.includes(p.status) ? match('pull', false) : null;
}

function hasBooleanOk(value: unknown): boolean {
  return isRecord(value) && typeof field(value, 'ok') === 'boolean';
}

/** A successful answer whose body is something other than plasma's. */
function contradictsPush(p: Prepared): boolean {
  if (p.status < 200 || p.status > 299) return false;
  const r = p.responseJson;
  if (r.state === 'unparseable') return true;
  return r.state === 'ok' && !hasBooleanOk(r.value) && !looksLikePlasmaError(r.value);
}
