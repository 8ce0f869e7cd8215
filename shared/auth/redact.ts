// Redaction of one sync event for an exported incident bundle: credentials become hashes and
// cookie names, and every string (URL, headers, bodies) is scrubbed of token-looking text.

import type { HarHeader, SyncEvent } from '../sync/types.ts';
import { tokenHash } from './hash.ts';
import { authorizationOf, headerValues } from './headers.ts';
import { createScrub, deepScrub, marker, type Scrub } from './scrub.ts';
import { parseSetCookie, splitSetCookieHeader } from './setCookie.ts';
import type { LedgerEntry } from './types.ts';

const CREDENTIAL_HEADER = /^(proxy-)?authorization$|token|secret|api-?key|^x-session|^x-auth/i;

/** Every credential string an event carries: bearer token, cookie values, Set-Cookie values. */
export function secretsOf(event: SyncEvent): string[] {
  const out: string[] = [];
  if (typeof event.credential?.token === 'string') out.push(event.credential.token);
  const token = authorizationOf(event).token;
  if (token) out.push(token);
  for (const h of [...(event.requestHeaders ?? []), ...(event.responseHeaders ?? [])]) {
    if (typeof h?.name !== 'string' || typeof h.value !== 'string') continue;
    if (CREDENTIAL_HEADER.test(h.name)) out.push(h.value.replace(/^\S+\s+/, ''), h.value);
  }
  for (const cookie of headerValues(event.requestHeaders, 'cookie')) {
    for (const pair of cookie.split(';')) out.push(pair.slice(pair.indexOf('=') + 1).trim());
  }
  for (const raw of headerValues(event.responseHeaders, 'set-cookie')) {
    for (const one of splitSetCookieHeader(raw)) {
      const parsed = parseSetCookie(one);
      if (parsed) out.push(parsed.value);
    }
  }
  return out.filter((s) => s.length >= 8 || s === token);
}

function redactHeader(h: HarHeader, scrub: Scrub, hash: string | null): HarHeader {
  const name = typeof h?.name === 'string' ? h.name : '';
  const value = typeof h?.value === 'string' ? h.value : '';
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = value.trim().split(/\s+/)[0] ?? '';
    const rest = value.trim().slice(scheme.length).trim();
    if (!rest) return { name, value: `<redacted:${hash ?? tokenHash(value)}>` };
    return { name, value: `${scrub(scheme)} <redacted:${lower === 'authorization' && hash ? hash : tokenHash(rest)}>` };
  }
  if (lower === 'cookie') {
    const names = value.split(';').map((p) => p.split('=')[0]?.trim() ?? '').filter(Boolean);
    return { name, value: names.map((n) => `${scrub(n)}=<redacted>`).join('; ') };
  }
  if (lower === 'set-cookie') {
    const lines = splitSetCookieHeader(value).map((one) => {
      const c = parseSetCookie(one);
      return c ? [`${scrub(c.name)}=<redacted>`, ...c.attributes.map(scrub)].join('; ') : '<redacted>';
    });
    return { name, value: lines.join('\n') };
  }
  if (CREDENTIAL_HEADER.test(name)) return { name, value: value ? marker(value) : value };
  return { name: scrub(name), value: scrub(value) };
}

export function redactEvent(event: SyncEvent, entry?: LedgerEntry, extraSecrets: readonly string[] = []): SyncEvent {
  const scrub = createScrub([...secretsOf(event), ...extraSecrets]);
  const token = authorizationOf(event).token?.trim();
  const hash = entry?.token.hash ?? (token ? tokenHash(token) : null);
  const { token: _dropped, ...credential } = event.credential ?? { kind: 'none' };
  const cookieNames = Array.isArray(credential.cookieNames) ? credential.cookieNames.map((n) => scrub(String(n))) : undefined;
  const requestHeaders = (event.requestHeaders ?? []).map((h) => redactHeader(h, scrub, hash));
  const responseHeaders = (event.responseHeaders ?? []).map((h) => redactHeader(h, scrub, hash));
  const rest = deepScrub({ ...event, requestHeaders: [], responseHeaders: [], credential: {} }, scrub);
  return {
    ...rest,
    credential: {
      kind: credential.kind,
      ...(credential.scheme ? { scheme: scrub(credential.scheme) } : {}),
      ...(cookieNames ? { cookieNames } : {}),
      ...(typeof credential.malformed === 'string' ? { malformed: scrub(credential.malformed) } : {}),
    },
    requestHeaders,
    responseHeaders,
  } as SyncEvent;
}
