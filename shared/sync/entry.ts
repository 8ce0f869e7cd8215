// parseEntry: one captured HTTP exchange (a HAR entry, possibly half-filled or hostile) into a typed
// SyncEvent, or null when it is not plasma traffic. The panel calls it per network entry and again
// when the response body arrives; it never throws.

import { readShape, type Json } from './body.ts';
import { readErrorBody } from './errorBody.ts';
import { toEntryLike } from './guard.ts';
import { readCredential } from './headers.ts';
import { prepare, type Prepared } from './prepare.ts';
import { readPullResponse } from './pull.ts';
import { readPushRequest, readPushResponse } from './push.ts';
import { recognisePrepared, type Recognition } from './recognise.ts';
import type { ErrorBody, Parsed, PullEvent, PullRequest, PushEvent, SyncEvent } from './types.ts';

/**
 * `responseBody` is the response text fetched separately (chrome's getContent): it wins over
 * `entry.response.content.text`. undefined = not fetched yet, null = the browser could not give it.
 */
export function parseEntry(entry: unknown, id: string, responseBody?: string | null): SyncEvent | null {
  try {
    const body = typeof responseBody === 'string' || responseBody === null ? responseBody : undefined;
    const p = prepare(toEntryLike(entry), body);
    const recognition = recognisePrepared(p);
    return recognition === null ? null : build(p, typeof id === 'string' ? id : String(id), recognition);
  } catch {
    return null;
  }
}

function build(p: Prepared, id: string, r: Recognition): SyncEvent {
  const { entry } = p;
  const startedAt = Date.parse(entry.startedDateTime);
  const common = {
    id,
    method: p.method,
    url: entry.request.url,
    basePath: r.basePath,
    origin: p.url.origin,
    status: p.status,
    statusText: entry.response.statusText ?? '',
    startedAt: Number.isFinite(startedAt) ? startedAt : 0,
    durationMs: entry.time,
    credential: readCredential(entry.request.headers),
    requestHeaders: entry.request.headers,
    responseHeaders: entry.response.headers,
    recognisedBy: r.recognisedBy,
    errorBody: errorBodyOf(p),
  };
  if (r.kind === 'push') {
    const push: PushEvent = {
      ...common,
      kind: 'push',
      request: readShape(p.requestJson, readPushRequest),
      response: readShape(p.responseJson, readPushResponse),
    };
    return push;
  }
  const pull: PullEvent = {
    ...common,
    kind: 'pull',
    request: pullRequestOf(p),
    response: readShape(p.responseJson, readPullResponse),
  };
  return pull;
}

/** 2xx answers carry no error body: 'empty'. Otherwise the body read as an error, in whatever state. */
function errorBodyOf(p: Prepared): Parsed<ErrorBody> {
  if (p.status >= 200 && p.status <= 299) return { state: 'empty' };
  return readShape(p.responseJson, readErrorBody);
}

/**
 * A pull's request is its parameters (query, headers, JSON body). A POST body that is there but is not
 * a JSON object makes the request unparseable; no body at all is fine (GET).
 */
function pullRequestOf(p: Prepared): Parsed<PullRequest> {
  const json: Json = p.requestJson;
  if (json.state === 'unparseable') return json;
  if (json.state === 'ok' && (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value))) {
    return { state: 'unparseable', reason: 'pull body is not a JSON object', raw: json.raw.slice(0, 2048) };
  }
  return { state: 'ok', value: p.pullParams.request };
}
