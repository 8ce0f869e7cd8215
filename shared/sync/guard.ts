// Guards an unknown HAR-ish object into a HarEntryLike. Missing or mistyped fields get neutral
// defaults instead of failing: a half-captured entry is still worth showing.

import { normaliseHeaders } from './headers.ts';
import type { HarEntryLike } from './types.ts';
import { field, isRecord } from './util.ts';

export function toEntryLike(raw: unknown): HarEntryLike {
  const entry = isRecord(raw) ? raw : {};
  const request = record(field(entry, 'request'));
  const response = record(field(entry, 'response'));
  const postData = field(request, 'postData');
  const content = field(response, 'content');
  const time = field(entry, 'time');
  const status = field(response, 'status');
  const statusText = field(response, 'statusText');
  const method = field(request, 'method');
  const out: HarEntryLike = {
    startedDateTime: text(field(entry, 'startedDateTime')),
    time: typeof time === 'number' && Number.isFinite(time) && time >= 0 ? time : 0,
    request: {
      // No method recorded: a body means it was sent with one, so POST; otherwise GET.
      method: typeof method === 'string' && method !== '' ? method.toUpperCase() : isRecord(postData) ? 'POST' : 'GET',
      url: text(field(request, 'url')),
      headers: normaliseHeaders(field(request, 'headers')),
    },
    response: {
      status: typeof status === 'number' && Number.isInteger(status) ? status : 0,
      statusText: text(statusText),
      headers: normaliseHeaders(field(response, 'headers')),
    },
  };
  if (isRecord(postData)) out.request.postData = pickStrings(postData, ['mimeType', 'text']);
  if (isRecord(content)) {
    out.response.content = pickStrings(content, ['mimeType', 'text', 'encoding']);
    const size = field(content, 'size');
    if (typeof size === 'number' && Number.isFinite(size)) out.response.content.size = size;
  }
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function pickStrings(obj: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = field(obj, key);
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
