// Header lists as HAR records them, read case-insensitively, and the credential a request carried.
// HTTP/2 pseudo-headers (":authority", ":path", ...) stay in the list for display but never match a lookup.

import type { Credential, HarHeader } from './types.ts';
import { field, isRecord } from './util.ts';

/** Guards a HAR header list (or a plain name -> value object); drops entries that are not name/value. */
export function normaliseHeaders(raw: unknown): HarHeader[] {
  const out: HarHeader[] = [];
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (!isRecord(item)) continue;
      const name = field(item, 'name');
      const value = headerText(field(item, 'value'));
      if (typeof name === 'string' && value !== null) out.push({ name, value });
    }
  } else if (isRecord(raw)) {
    for (const name of Object.keys(raw)) {
      const value = headerText(raw[name]);
      if (value !== null) out.push({ name, value });
    }
  }
  return out;
}

function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Every value of a header, in order. Names compare case-insensitively; pseudo-headers never match. */
export function headerValues(headers: readonly HarHeader[], name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  if (wanted.startsWith(':')) return out;
  // One pass, no intermediate arrays: every captured request is read through here several times.
  for (const h of headers) if (h.name.toLowerCase() === wanted) out.push(h.value);
  return out;
}

/** The first value of a header, or null when absent. */
export function headerValue(headers: readonly HarHeader[], name: string): string | null {
  const wanted = name.toLowerCase();
  if (wanted.startsWith(':')) return null;
  for (const h of headers) if (h.name.toLowerCase() === wanted) return h.value;
  return null;
}

/** Cookie names from every Cookie header (HTTP/2 may split them); values are never kept. */
export function cookieNames(headers: readonly HarHeader[]): string[] {
  const names: string[] = [];
  for (const value of headerValues(headers, 'cookie')) {
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
      if (name !== '' && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/**
 * What authenticated the request. Authorization wins over cookies (plasma's authHeaders() usually
 * returns a bearer token); cookie names are recorded whenever cookies were sent, whatever the kind.
 */
export function readCredential(headers: readonly HarHeader[]): Credential {
  const names = cookieNames(headers);
  const withCookies = (c: Credential): Credential => (names.length > 0 ? { ...c, cookieNames: names } : c);
  const authorization = headerValue(headers, 'authorization');
  if (authorization === null) return names.length > 0 ? { kind: 'cookie', cookieNames: names } : { kind: 'none' };
  const trimmed = authorization.trim();
  if (trimmed === '') return withCookies({ kind: 'other', scheme: '', malformed: 'empty Authorization header' });
  const space = trimmed.search(/\s/);
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  const rest = space === -1 ? '' : trimmed.slice(space).trim();
  if (scheme.toLowerCase() !== 'bearer') return withCookies({ kind: 'other', scheme });
  if (rest === '') return withCookies({ kind: 'other', scheme, malformed: 'Bearer scheme with no token' });
  if (/\s/.test(rest)) return withCookies({ kind: 'other', scheme, malformed: 'Bearer token contains whitespace' });
  return withCookies({ kind: 'bearer', scheme, token: rest });
}
