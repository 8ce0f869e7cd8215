// Reads a guarded entry once into everything recognition and parsing look at, so a body is decoded
// and JSON-parsed a single time per entry.

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
  responseJson: Json;
  pullParams: PullParams;
}

export function prepare(entry: HarEntryLike, responseBody: string | null | undefined): Prepared {
  const requestJson = parseJson(requestText(entry.request.postData));
  const url = splitUrl(entry.request.url);
  return {
    entry,
    method: entry.request.method.toUpperCase(),
    url,
    status: entry.response.status,
    requestJson,
    responseJson: parseJson(responseText(entry.response.content, responseBody)),
    pullParams: readPullParams(url.query, entry.request.headers, jsonObject(requestJson)),
  };
}
