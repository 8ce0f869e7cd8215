// A redacted sync event as a HAR 1.2 entry and back. Bodies are written in plasma's wire shape
// (what the parser read, re-serialised), so the entry opens in any HAR viewer and parses again to
// the same event; what a viewer cannot know (capture id, how it was recognised, the credential
// summary) rides in `_plasma`.

import { isRecord as isObj } from '../guards.ts';
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

const wireOp = (o: ChangeOp) =>
  o.op === 'put'
    ? { op: 'put', table: o.table, id: o.id, value: o.value, rowVersion: o.rowVersion }
    : { op: 'del', table: o.table, id: o.id, rowVersion: o.rowVersion };

function requestText(e: SyncEvent): string | undefined {
  if (e.kind === 'push')
    return wire(e.request, (v) => ({
      protocolVersion: v.protocolVersion,
      schemaVersion: v.schemaVersion,
      clientGroupID: v.clientGroupID,
      clientID: v.clientID,
      mutations: v.mutations,
    }));
  // A GET pull carries its fields in the URL; only a POST pull has a body.
  if (e.method.toUpperCase() === 'GET') return undefined;
  return wire(e.request, (v) => ({
    protocolVersion: v.protocolVersion,
    schemaVersion: v.schemaVersion,
    clientGroupID: v.clientGroupID,
    clientID: v.clientID,
    cookie: v.cookie?.raw ?? null,
    limit: v.limit,
  }));
}

function responseText(e: SyncEvent): string | undefined {
  // What plasma's parser read decides: a sync answer, else an error body, else the raw text.
  if (e.response.state === 'ok') {
    if (e.kind === 'push') return JSON.stringify({ ok: e.response.value.ok });
    const v = e.response.value;
    return JSON.stringify({
      cookie: v.cookie?.raw ?? null,
      patch: v.patch.map(wireOp),
      lastMutationIDs: v.lastMutationIDs,
      hasMore: v.hasMore,
    });
  }
  if (e.errorBody.state === 'ok')
    return JSON.stringify(Object.fromEntries(Object.entries(e.errorBody.value).filter(([, v]) => v !== null)));
  if (e.response.state === 'unparseable') return e.response.raw;
  if (e.errorBody.state === 'unparseable') return e.errorBody.raw;
  return undefined;
}

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const mimeOf = (headers: readonly HarHeader[], fallback: string) =>
  headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? fallback;

/** An ISO time HAR accepts; a start outside what Date can hold reads as the epoch. */
function isoTime(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

/** `event` must already be redacted. */
export function toHarEntry(event: SyncEvent): HarEntry {
  const reqText = requestText(event);
  const resText = responseText(event);
  const cookies = (event.credential.cookieNames ?? []).map((name) => ({ name, value: '<redacted>' }));
  const time = Number.isFinite(event.durationMs) && event.durationMs >= 0 ? event.durationMs : 0;
  return {
    startedDateTime: isoTime(event.startedAt),
    time,
    request: {
      method: event.method,
      url: event.url,
      httpVersion: 'HTTP/1.1',
      cookies,
      headers: event.requestHeaders,
      queryString: queryOf(event.url),
      ...(reqText !== undefined
        ? { postData: { mimeType: mimeOf(event.requestHeaders, 'application/json'), text: reqText } }
        : {}),
      headersSize: -1,
      bodySize: reqText?.length ?? 0,
    },
    response: {
      status: event.status,
      statusText: event.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: event.responseHeaders,
      content: {
        size: resText?.length ?? 0,
        mimeType: mimeOf(event.responseHeaders, 'application/json'),
        ...(resText !== undefined ? { text: resText } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: resText?.length ?? -1,
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    _plasma: { id: event.id, kind: event.kind, recognisedBy: event.recognisedBy, credential: event.credential },
  };
}

function credentialOf(v: unknown): Credential | null {
  if (!isObj(v) || !['bearer', 'cookie', 'none', 'other'].includes(v.kind as string) || v.token !== undefined)
    return null;
  const c: Credential = { kind: v.kind as Credential['kind'] };
  if (typeof v.scheme === 'string') c.scheme = v.scheme;
  if (Array.isArray(v.cookieNames)) c.cookieNames = v.cookieNames.filter((n): n is string => typeof n === 'string');
  if (typeof v.malformed === 'string') c.malformed = v.malformed;
  return c;
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** The entry as a bare event of its recorded kind, for one whose bodies no longer tell it apart. */
function bareEvent(
  entry: Record<string, unknown>,
  id: string,
  kind: SyncEvent['kind'],
  credential: Credential,
): SyncEvent | null {
  const req = entry.request,
    res = entry.response;
  if (!isObj(req) || !isObj(res) || typeof req.url !== 'string' || typeof req.method !== 'string') return null;
  const headers = (h: unknown): HarHeader[] =>
    Array.isArray(h)
      ? h.filter((x): x is HarHeader => isObj(x) && typeof x.name === 'string' && typeof x.value === 'string')
      : [];
  let origin = '';
  try {
    origin = new URL(req.url).origin;
  } catch {
    // a relative or odd URL: no origin
  }
  const started = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : NaN;
  const common = {
    id,
    method: req.method,
    url: req.url,
    basePath: '',
    origin,
    status: num(res.status, 0),
    statusText: typeof res.statusText === 'string' ? res.statusText : '',
    startedAt: Number.isFinite(started) ? started : 0,
    durationMs: num(entry.time, 0),
    credential,
    requestHeaders: headers(req.headers),
    responseHeaders: headers(res.headers),
    recognisedBy: 'path' as const,
    errorBody: { state: 'unavailable' as const },
  };
  return kind === 'push'
    ? { ...common, kind, request: { state: 'unavailable' }, response: { state: 'unavailable' } }
    : { ...common, kind, request: { state: 'unavailable' }, response: { state: 'unavailable' } };
}

/**
 * A HAR entry this exporter wrote, read back as its event; null for anything else. An entry whose
 * redacted bodies no longer parse as its kind (odd statuses, a shape-only match) comes back bare.
 */
export function fromHarEntry(entry: unknown): SyncEvent | null {
  if (!isObj(entry) || !isObj(entry._plasma) || !isObj(entry.response)) return null;
  const meta = entry._plasma;
  const credential = credentialOf(meta.credential);
  if (typeof meta.id !== 'string' || !credential || (meta.kind !== 'push' && meta.kind !== 'pull')) return null;
  const content = entry.response.content;
  const text = isObj(content) && typeof content.text === 'string' ? content.text : null;
  const event = parseEntry(entry, meta.id, text);
  if (!event || event.kind !== meta.kind) return bareEvent(entry, meta.id, meta.kind, credential);
  const recognisedBy =
    meta.recognisedBy === 'path' || meta.recognisedBy === 'shape' || meta.recognisedBy === 'path+shape'
      ? meta.recognisedBy
      : event.recognisedBy;
  // The headers hold markers, not tokens: the credential is the one recorded, never one re-read.
  return { ...event, credential, recognisedBy };
}
