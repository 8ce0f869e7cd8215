// Reading credentials out of a captured sync request. Header evidence wins over the parser's
// summary in `credential`, because the Authorization header as sent is what the server judged.

import type { HarHeader, SyncEvent } from '../sync/types.ts';
import { headerValue as syncHeaderValue, headerValues as syncHeaderValues } from '../sync/headers.ts';
import type { CredentialState } from './types.ts';
import { isArray, isRecord, isString } from '../guards.ts';

const isHarHeader = (h: unknown): h is HarHeader => isRecord(h) && isString(h.name) && isString(h.value);

/** The header list as the parser's lookups take it: a list from the parser as it is (no copy), others guarded. */
function guarded(headers: readonly HarHeader[] | undefined): readonly HarHeader[] {
  const list: unknown = headers;
  if (!isArray(list)) return [];
  return list.every(isHarHeader) ? list : list.filter(isHarHeader);
}

/** The parser's header lookup, made safe for events that did not come from the parser (imports, tests). */
export function headerValues(headers: readonly HarHeader[] | undefined, name: string): string[] {
  return syncHeaderValues(guarded(headers), name);
}

export function header(headers: readonly HarHeader[] | undefined, name: string): string | undefined {
  return syncHeaderValue(guarded(headers), name) ?? undefined;
}

export interface AuthorizationParts {
  /** The header value as sent, or null when no Authorization header was sent. */
  raw: string | null;
  scheme: string | null;
  /** Everything after the scheme, trimmed; '' when the scheme came alone. */
  token: string | undefined;
}

export function authorizationOf(event: SyncEvent): AuthorizationParts {
  const raw = header(event.requestHeaders, 'authorization');
  if (raw === undefined) {
    const c = event.credential;
    if ((c.kind === 'bearer' || c.kind === 'other') && (c.scheme || c.token !== undefined)) {
      const token = typeof c.token === 'string' ? c.token.trim() : undefined;
      return { raw: `${c.scheme ?? ''} ${token ?? ''}`.trim(), scheme: c.scheme ?? null, token };
    }
    return { raw: null, scheme: null, token: undefined };
  }
  const trimmed = raw.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) {
    // A lone word is either a scheme with nothing after it, or a token with the scheme missing.
    return /^(bearer|basic|token|digest)$/i.test(trimmed)
      ? { raw, scheme: trimmed, token: '' }
      : { raw, scheme: null, token: trimmed };
  }
  return { raw, scheme: trimmed.slice(0, space), token: trimmed.slice(space + 1).trim() };
}

/** Names of the cookies sent, from the Cookie header(s), else from the parser's summary. */
export function cookieNamesOf(event: SyncEvent): string[] {
  const values = headerValues(event.requestHeaders, 'cookie');
  if (values.length === 0) {
    return event.credential.cookieNames?.filter(isString) ?? [];
  }
  const names: string[] = [];
  for (const value of values) {
    for (const pair of value.split(';')) {
      const name = pair.split('=')[0]?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

export function isBearer(scheme: string | null): boolean {
  return scheme !== null && scheme.toLowerCase() === 'bearer';
}

/**
 * An Authorization header that carries nothing: empty, or a scheme with no token (`Bearer `, what
 * `Bearer ${token}` sends before the token exists). The server has nothing to check, exactly as
 * with no header, so it is judged as no credentials.
 */
export function isEmptyAuthorization(auth: AuthorizationParts): boolean {
  return auth.raw !== null && (auth.raw.trim() === '' || (auth.scheme !== null && !auth.token));
}

/**
 * What the request carried. 'unknown' when DevTools captured no request headers at all (Chrome's
 * "provisional headers"): a real request always has some, so silence proves nothing.
 */
export function credentialState(event: SyncEvent): CredentialState {
  return credentialStateOf(event, authorizationOf(event), () => cookieNamesOf(event));
}

/** credentialState, from the event's Authorization parts and cookie names already read. */
export function credentialStateOf(
  event: SyncEvent,
  auth: AuthorizationParts,
  cookieNames: () => readonly string[],
): CredentialState {
  if (auth.raw !== null && !isEmptyAuthorization(auth))
    return auth.scheme === null || isBearer(auth.scheme) ? 'bearer' : 'other';
  if (cookieNames().length > 0) return 'cookie';
  if (auth.raw !== null) return 'none';
  const noHeaders = event.requestHeaders.length === 0;
  const kind = event.credential.kind;
  if (noHeaders) return kind !== 'none' ? kind : 'unknown';
  return 'none';
}

export function hasCredentials(state: CredentialState): boolean {
  return state === 'bearer' || state === 'cookie' || state === 'other';
}
