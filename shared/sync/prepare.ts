// Reads a guarded entry once into everything recognition and parsing look at. The response body is
// decoded and parsed lazily, at most once: most captured entries are not plasma, and decoding every
// image or bundle just to reject it would cost the panel on busy pages.

import { decodeBase64 } from './base64.ts';
import { jsonObject, parseJson, requestText, responseText, type Json } from './body.ts';
import { readPullParams, type PullParams } from './pull.ts';
import type { HarEntryLike } from './types.ts';
import { splitUrl, type UrlParts } from './url.ts';

export interface Prepared {
  entry: HarEntryLike;
  method: string;
  url: UrlParts;
  status: number;
  requestJson: Json;
  /** Parsed on first read. */
  readonly responseJson: Json;
  /** Cheap check that the response text starts with "{": only then can it be a pull body. */
  responseMayBeObject(): boolean;
  pullParams: PullParams;
}

export function prepare(entry: HarEntryLike, responseBody: string | null | undefined): Prepared {
  const requestJson = parseJson(requestText(entry.request.postData));
  const url = splitUrl(entry.request.url);
  const content = entry.response.content;
  let responseJson: Json | undefined;
  return {
    entry,
    method: entry.request.method.toUpperCase(),
    url,
    status: entry.response.status,
    requestJson,
    get responseJson(): Json {
      return (responseJson ??= parseJson(responseText(content, responseBody)));
    },
    responseMayBeObject: () => {
      if (typeof responseBody === 'string') return startsWithBrace(responseBody);
      if (responseBody === null || typeof content?.text !== 'string') return false;
      if (content.encoding?.toLowerCase() !== 'base64') return startsWithBrace(content.text);
      // The first 64 base64 characters are 48 bytes: enough to get past leading whitespace.
      const head = decodeBase64(content.text.slice(0, 128).replace(/\s+/g, '').slice(0, 64).replace(/=+$/, ''));
      return head !== null && startsWithBrace(String.fromCharCode(...head));
    },
    pullParams: readPullParams(url.query, entry.request.headers, jsonObject(requestJson)),
  };
}

function startsWithBrace(text: string): boolean {
  return /^\s*\{/.test(text.slice(0, 256));
}
