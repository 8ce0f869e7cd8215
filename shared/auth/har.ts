// A redacted sync event as a HAR 1.2 entry and back. Bodies are written in plasma's wire shape
// (what the parser read, re-serialised), so the entry opens in any HAR viewer and parses again to
// the same event; what a viewer cannot know (capture id, how it was recognised, the credential
// summary) rides in `_plasma`.

import { parseEntry } from '../sync/index.ts';
import type { ChangeOp, Credential, HarHeader, Parsed, SyncEvent } from '../sync/types.ts';

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: { name: string; value: string }[];
    headers: HarHeader[];
    queryString: { name: string; value: string }[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: { name: string; value: string }[];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _plasma: { id: string; kind: SyncEvent['kind']; recognisedBy: SyncEvent['recognisedBy']; credential: Credential };
}

function wire<T>(p: Parsed<T>, shape: (v: T) => unknown): string | undefined {
  if (p.state === 'ok') return JSON.stringify(shape(p.value));
  if (p.state === 'unparseable') return p.raw;
  return undefined;
}

const wireOp = (o: ChangeOp) => (o.op === 'put' ? { op: 'put', table: o.table, id: o.id, value: o.value, rowVersion: o.rowVersion } : { op: 'del', table: o.table, id: o.id, rowVersion: o.rowVersion });

function requestText(e: SyncEvent): string | undefined {
  if (e.kind === 'push') return wire(e.request, (v) => ({ protocolVersion: v.protocolVersion, schemaVersion: v.schemaVersion, clientGroupID: v.clientGroupID, clientID: v.clientID, mutations: v.mutations }));
  // A GET pull carries its fields in the URL; only a POST pull has a body.
  if (e.method.toUpperCase() === 'GET') return undefined;
  return wire(e.request, (v) => ({ protocolVersion: v.protocolVersion, schemaVersion: v.schemaVersion, clientGroupID: v.clientGroupID, clientID: v.clientID, cookie: v.cookie?.raw ?? null, limit: v.limit }));
}

function responseText(e: SyncEvent): string | undefined {
  if (e.status < 200 || e.status >= 300) return wire(e.errorBody, (b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null)));
  if (e.kind === 'push') return wire(e.response, (v) => v);
  return wire(e.response, (v) => ({ cookie: v.cookie?.raw ?? null, patch: v.patch.map(wireOp), lastMutationIDs: v.lastMutationIDs, hasMore: v.hasMore }));
}

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const mimeOf = (headers: readonly HarHeader[], fallback: string) => headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? fallback;

/** `event` must already be redacted. */
export function toHarEntry(event: SyncEvent): HarEntry {
  const reqText = requestText(event);
  const resText = responseText(event);
  const cookies = (event.credential.cookieNames ?? []).map((name) => ({ name, value: '<redacted>' }));
  const time = Number.isFinite(event.durationMs) && event.durationMs >= 0 ? event.durationMs : 0;
  return {
    startedDateTime: new Date(Number.isFinite(event.startedAt) ? event.startedAt : 0).toISOString(),
    time,
    request: {
      method: event.method,
      url: event.url,
      httpVersion: 'HTTP/1.1',
      cookies,
      headers: event.requestHeaders,
      queryString: queryOf(event.url),
      ...(reqText !== undefined ? { postData: { mimeType: mimeOf(event.requestHeaders, 'application/json'), text: reqText } } : {}),
      headersSize: -1,
      bodySize: reqText?.length ?? 0,
    },
    response: {
      status: event.status,
      statusText: event.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: event.responseHeaders,
      content: { size: resText?.length ?? 0, mimeType: mimeOf(event.responseHeaders, 'application/json'), ...(resText !== undefined ? { text: resText } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: resText?.length ?? -1,
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    _plasma: { id: event.id, kind: event.kind, recognisedBy: event.recognisedBy, credential: event.credential },
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function credentialOf(v: unknown): Credential | null {
  if (!isObj(v) || !['bearer', 'cookie', 'none', 'other'].includes(v.kind as string) || v.token !== undefined) return null;
  const c: Credential = { kind: v.kind as Credential['kind'] };
  if (typeof v.scheme === 'string') c.scheme = v.scheme;
  if (Array.isArray(v.cookieNames)) c.cookieNames = v.cookieNames.filter((n): n is string => typeof n === 'string');
  if (typeof v.malformed === 'string') c.malformed = v.malformed;
  return c;
}

/** A HAR entry this exporter wrote, read back as its event; null for anything else. */
export function fromHarEntry(entry: unknown): SyncEvent | null {
  if (!isObj(entry) || !isObj(entry._plasma) || !isObj(entry.response)) return null;
  const meta = entry._plasma;
  const credential = credentialOf(meta.credential);
  if (typeof meta.id !== 'string' || !credential) return null;
  const content = entry.response.content;
  const text = isObj(content) && typeof content.text === 'string' ? content.text : null;
  const event = parseEntry(entry, meta.id, text);
  if (!event || event.kind !== meta.kind) return null;
  const recognisedBy = meta.recognisedBy === 'path' || meta.recognisedBy === 'shape' || meta.recognisedBy === 'path+shape' ? meta.recognisedBy : event.recognisedBy;
  // The headers hold markers, not tokens: the credential is the one recorded, never one re-read.
  return { ...event, credential, recognisedBy };
}
