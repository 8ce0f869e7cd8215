// One captured request as the panel keeps it: the HAR entry, its body once it arrives, and the
// typed sync event the shared parser made of it (null when it is not plasma traffic).

import { parseEntry, plainPathAndSearch, readCredential } from '../../shared/sync/index.ts';
import type { CredentialKind, HarEntryLike, SyncEvent } from '../../shared/sync/types.ts';
import type { FilterRow } from '../../shared/filter/parseFilter.ts';

export interface CapturedRow {
  id: string;
  /** Capture order; stable across re-parses. */
  seq: number;
  entry: HarEntryLike;
  recovered: boolean;
  /** undefined: still arriving; null: DevTools could not give it. */
  body: string | null | undefined;
  event: SyncEvent | null;
  method: string;
  url: string;
  /** Path + query, what the Name column shows. */
  name: string;
  status: number;
  startedAt: number;
  durationMs: number;
  /** For every row, plasma or not, so the Credential column is never blank. */
  credentialKind: CredentialKind;
}

/** What tells one captured request from another when getHAR() and onRequestFinished both deliver it. */
export function fingerprint(entry: {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string };
}): string {
  return `${entry.startedDateTime}|${entry.request.method}|${entry.request.url}|${Math.round(entry.time * 1000)}`;
}

function nameOf(url: string): string {
  // Most captured URLs are of the plain shape, split by hand exactly as new URL would.
  const plain = plainPathAndSearch(url);
  if (plain !== null) return plain;
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

export function makeRow(
  id: string,
  seq: number,
  entry: HarEntryLike,
  recovered: boolean,
  body?: string | null,
): CapturedRow {
  const event = parseEntry(entry, id, body);
  const started = Date.parse(entry.startedDateTime);
  return {
    id,
    seq,
    entry,
    recovered,
    body,
    event,
    method: entry.request.method,
    url: entry.request.url,
    name: nameOf(entry.request.url),
    status: entry.response.status,
    startedAt: Number.isFinite(started) ? started : 0,
    durationMs: Number.isFinite(entry.time) ? entry.time : 0,
    credentialKind: event?.credential.kind ?? readCredential(entry.request.headers).kind,
  };
}

/** Re-parse with the body that just arrived; the rest of the row is unchanged. */
export function withBody(row: CapturedRow, body: string | null): CapturedRow {
  return { ...row, body, event: parseEntry(row.entry, row.id, body) };
}

/** What the filter language reads of a row. */
export function filterRowOf(row: CapturedRow, hasFinding: boolean): FilterRow {
  return {
    url: row.url,
    method: row.method,
    status: row.status,
    kind: row.event?.kind ?? null,
    credential: row.credentialKind,
    hasFinding,
  };
}

/** A row for an event imported from an incident bundle: no HAR entry, so one is rebuilt from it. */
export function rowFromEvent(event: SyncEvent, seq: number): CapturedRow {
  const entry: HarEntryLike = {
    startedDateTime: new Date(Number.isFinite(event.startedAt) ? event.startedAt : 0).toISOString(),
    time: event.durationMs,
    request: { method: event.method, url: event.url, headers: event.requestHeaders },
    response: { status: event.status, statusText: event.statusText, headers: event.responseHeaders },
  };
  return {
    id: event.id,
    seq,
    entry,
    recovered: false,
    body: null,
    event,
    method: event.method,
    url: event.url,
    name: nameOf(event.url),
    status: event.status,
    startedAt: event.startedAt,
    durationMs: event.durationMs,
    credentialKind: event.credential.kind,
  };
}
