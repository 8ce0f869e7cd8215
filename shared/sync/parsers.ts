// Public body parsers for callers outside parseEntry (the devtools bridge, exported files, tests).
// Each takes body text (a string) or an already-parsed JSON value, and returns a Parsed<T>.

import { parseJson, readShape, type Json, type ShapeResult } from './body.ts';
import { readErrorBody } from './errorBody.ts';
import { readPullResponse } from './pull.ts';
import { readPushRequest, readPushResponse } from './push.ts';
import type { ErrorBody, Parsed, PullResponse, PushRequest, PushResponse } from './types.ts';
import { safeString } from './util.ts';

/** A string is body text to JSON-parse; undefined means not there yet; anything else is a parsed value. */
export function parseBody<T>(body: unknown, read: (value: unknown) => ShapeResult<T>): Parsed<T> {
  try {
    let json: Json;
    if (typeof body === 'string') json = parseJson({ state: 'text', text: body });
    else if (body === undefined) json = { state: 'pending' };
    else json = { state: 'ok', value: body, raw: safeString(body) };
    return readShape(json, read);
  } catch {
    return { state: 'unparseable', reason: 'unreadable value', raw: '' };
  }
}

export const parsePushRequest = (body: unknown): Parsed<PushRequest> => parseBody(body, readPushRequest);
export const parsePushResponse = (body: unknown): Parsed<PushResponse> => parseBody(body, readPushResponse);
export const parsePullResponse = (body: unknown): Parsed<PullResponse> => parseBody(body, readPullResponse);
export const parseErrorBody = (body: unknown): Parsed<ErrorBody> => parseBody(body, readErrorBody);
