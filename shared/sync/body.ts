// Turns a captured body (request postData, response content, or text fetched later by the capture
// layer) into JSON or one of the not-a-body states of Parsed<T>. Nothing here throws.

import { decodeBase64Text } from './base64.ts';
import type { Parsed } from './types.ts';
import { clip, field, isRecord } from './util.ts';

export type NotOk = Exclude<Parsed<unknown>, { state: 'ok' }>;
export type BodyText = { state: 'text'; text: string } | NotOk;
/** JSON that parsed, with the text it came from (kept so a wrong shape can still show raw). */
export type Json = { state: 'ok'; value: unknown; raw: string } | NotOk;
/** What a shape reader returns: the typed value, or why the JSON is not that shape. */
export type ShapeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function unparseable(reason: string, raw: string): NotOk {
  return { state: 'unparseable', reason, raw: clip(raw) };
}

/**
 * The response body. An explicit `responseBody` (fetched by the capture layer) wins over the HAR
 * content: undefined means "not fetched yet", null means "the browser could not give it".
 */
export function responseText(content: unknown, responseBody: string | null | undefined): BodyText {
  if (typeof responseBody === 'string') return { state: 'text', text: responseBody };
  if (responseBody === null) return { state: 'unavailable' };
  if (!isRecord(content)) return { state: 'pending' };
  const text = field(content, 'text');
  if (typeof text !== 'string') return { state: 'pending' };
  const encoding = field(content, 'encoding');
  if (typeof encoding === 'string' && encoding.toLowerCase() === 'base64') {
    const decoded = decodeBase64Text(text);
    if (decoded === null) return unparseable('content is marked base64 but is not valid base64 UTF-8', text);
    return { state: 'text', text: decoded };
  }
  return { state: 'text', text };
}

/** The request body: HAR leaves postData out when there was none or it was not captured. */
export function requestText(postData: unknown): BodyText {
  const text = isRecord(postData) ? field(postData, 'text') : undefined;
  return typeof text === 'string' ? { state: 'text', text } : { state: 'unavailable' };
}

/** Whitespace-only counts as empty: there is nothing to show. */
export function parseJson(body: BodyText): Json {
  if (body.state !== 'text') return body;
  const { text } = body;
  if (text.trim() === '') return { state: 'empty' };
  try {
    return { state: 'ok', value: JSON.parse(text) as unknown, raw: text };
  } catch (error) {
    return unparseable(jsonFailure(text, error), text);
  }
}

function jsonFailure(text: string, error: unknown): string {
  const head = text.trimStart();
  if (head.startsWith('<')) return 'not JSON: looks like an HTML or XML page';
  if ((head.startsWith('{') || head.startsWith('[')) && isUnbalanced(head)) return 'truncated JSON';
  const message = error instanceof Error ? error.message : 'invalid JSON';
  return `not JSON: ${clip(message, 200)}`;
}

/** True when brackets opened outside strings are never closed: a body cut off mid-way. */
function isUnbalanced(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

/** Applies a shape reader to parsed JSON; a mismatch becomes 'unparseable' with the raw text. */
export function readShape<T>(json: Json, read: (value: unknown) => ShapeResult<T>): Parsed<T> {
  if (json.state !== 'ok') return json;
  const result = read(json.value);
  return result.ok ? { state: 'ok', value: result.value } : unparseable(result.reason, json.raw);
}

/** The JSON value when the body parsed as a JSON object, else null. */
export function jsonObject(json: Json): Record<string, unknown> | null {
  return json.state === 'ok' && isRecord(json.value) ? json.value : null;
}
