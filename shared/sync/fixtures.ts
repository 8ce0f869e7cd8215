// Builders for HAR entries and plasma bodies, used by tests here and by anyone testing code that
// consumes SyncEvents. Defaults describe a healthy reference-app pull; each option overrides one part.

import type { HarEntryLike, HarHeader } from './types.ts';

export interface EntryOptions {
  method?: string;
  url?: string;
  requestHeaders?: HarHeader[];
  /** A string is sent as is; anything else is JSON-encoded. Omitted: no postData. */
  body?: unknown;
  status?: number;
  statusText?: string;
  responseHeaders?: HarHeader[];
  /** A string is sent as is; anything else is JSON-encoded. Omitted: no content text. */
  response?: unknown;
  responseEncoding?: string;
  responseMimeType?: string;
  startedDateTime?: string;
  time?: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function harEntry(options: EntryOptions = {}): HarEntryLike {
  const entry: HarEntryLike = {
    startedDateTime: options.startedDateTime ?? '2025-01-02T03:04:05.678Z',
    time: options.time ?? 42,
    request: {
      method: options.method ?? 'GET',
      url: options.url ?? 'https://app.test/sync/pull',
      headers: options.requestHeaders ?? [],
    },
    response: {
      status: options.status ?? 200,
      statusText: options.statusText ?? 'OK',
      headers: options.responseHeaders ?? [{ name: 'content-type', value: 'application/json' }],
    },
  };
  if ('body' in options) entry.request.postData = { mimeType: 'application/json', text: text(options.body) };
  if ('response' in options) {
    entry.response.content = { mimeType: options.responseMimeType ?? 'application/json', text: text(options.response) };
    if (options.responseEncoding !== undefined) entry.response.content.encoding = options.responseEncoding;
  }
  return entry;
}

export function pushBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    protocolVersion: 1,
    schemaVersion: 'v1',
    clientGroupID: 'group-1',
    clientID: 'client-1',
    mutations: [{ id: 1, name: 'createTodo', args: { id: 't1', title: 'a' }, timestamp: 1735787045678 }],
    ...overrides,
  };
}

/** `c1:` cookie for row_version 123, as the reference server sends it. */
export const COOKIE_123 = 'c1:eyIwIjoiMTIzIn0=';

export function pullResponseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cookie: COOKIE_123,
    patch: [{ op: 'put', table: 'todos', id: 't1', value: { id: 't1', title: 'a' }, rowVersion: 123 }],
    lastMutationIDs: { 'client-1': 1 },
    ...overrides,
  };
}

export const PULL_QUERY = '?clientGroupID=group-1&clientID=client-1&schemaVersion=v1&protocolVersion=1';
