// Why a session cookie the browser received was not on a denied sync request. Works from the
// Set-Cookie headers seen before the request (sync responses and any others the caller passes).

import type { SyncEvent } from '../sync/types.ts';
import { quote } from './format.ts';
import { header, headerValues } from './headers.ts';
import {
  cookieHostMatches,
  cookiePathMatches,
  hostOf,
  isSessionCookieName,
  parseSetCookie,
  siteOf,
  splitSetCookieHeader,
  type SetCookie,
} from './setCookie.ts';
import type { Cause, SeenResponse } from './types.ts';

export interface SeenCookie {
  cookie: SetCookie;
  url: string;
  startedAt: number;
}

/** Every Set-Cookie seen, from sync responses and the caller's other responses, in time order. */
export function collectSetCookies(events: readonly SyncEvent[], seen: readonly SeenResponse[] = []): SeenCookie[] {
  const out: SeenCookie[] = [];
  const add = (raws: readonly unknown[], url: unknown, startedAt: unknown) => {
    if (typeof url !== 'string' || typeof startedAt !== 'number') return;
    for (const raw of raws) {
      if (typeof raw !== 'string') continue;
      for (const one of splitSetCookieHeader(raw)) {
        const cookie = parseSetCookie(one, startedAt);
        if (cookie) out.push({ cookie, url, startedAt });
      }
    }
  };
  for (const e of events) add(headerValues(e.responseHeaders, 'set-cookie'), e.url, e.startedAt);
  for (const s of seen) add(s.setCookies ?? [], s.url, s.startedAt);
  return out.sort((a, b) => a.startedAt - b.startedAt);
}

/** Session cookies alive just before `at`: the latest Set-Cookie per name+host, deletions dropped. */
export function liveSessionCookies(cookies: readonly SeenCookie[], at: number): SeenCookie[] {
  const latest = new Map<string, SeenCookie>();
  for (const c of cookies) {
    if (!(c.startedAt < at) || !isSessionCookieName(c.cookie.name)) continue;
    latest.set(`${c.cookie.name}@${c.cookie.domain ?? hostOf(c.url)}`, c);
  }
  return [...latest.values()].filter((c) => !c.cookie.deletes);
}

export function cookieNotSent(
  event: SyncEvent,
  sentNames: readonly string[],
  cookies: readonly SeenCookie[],
): Cause | null {
  const missing = liveSessionCookies(cookies, event.startedAt).filter((c) => !sentNames.includes(c.cookie.name));
  const last = missing[missing.length - 1];
  if (!last) return null;
  const { cookie, url: setUrl } = last;
  const name = quote(cookie.name, 40);
  const reqHost = hostOf(event.url) ?? 'the sync host';
  const base = { code: 'cookie-not-sent' as const, severity: 'error' as const, title: 'Session cookie not sent' };
  if (!cookieHostMatches(cookie, setUrl, event.url)) {
    const from = cookie.domain
      ? `with Domain=${quote(cookie.domain, 60)}`
      : `host-only on ${hostOf(setUrl) ?? 'another host'}`;
    return {
      ...base,
      cause: `Cookie ${name} was set ${from}, so the browser never sends it to ${reqHost}.`,
      fix: `Set the session cookie from ${reqHost} (or with a Domain that covers it), or send a bearer token from authHeaders().`,
    };
  }
  if (!cookiePathMatches(cookie, event.url)) {
    return {
      ...base,
      cause: `Cookie ${name} has Path=${quote(cookie.path, 60)}, which does not cover the sync path ${quote(pathOf(event.url), 60)}.`,
      fix: 'Set the session cookie with Path=/ (or a path above basePath).',
    };
  }
  const page = pageOriginOf(event);
  const fetchSite = header(event.requestHeaders, 'sec-fetch-site')?.toLowerCase();
  const crossSite = fetchSite === 'cross-site' || (page !== null && siteOf(hostOf(page) ?? '') !== siteOf(reqHost));
  if (crossSite && cookie.sameSite !== 'none') {
    const mode =
      cookie.sameSite === null ? 'has no SameSite (Chrome treats it as Lax)' : `is SameSite=${cap(cookie.sameSite)}`;
    return {
      ...base,
      cause: `Cookie ${name} ${mode} and this sync request is cross-site (${page !== null ? quote(page, 60) : 'page'} → ${reqHost}), so the browser left it off.`,
      fix: "Serve sync from the app's own site, or set the cookie SameSite=None; Secure and fetch with credentials: 'include'.",
    };
  }
  if (cookie.secure && event.url.startsWith('http:') && !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(reqHost)) {
    return {
      ...base,
      cause: `Cookie ${name} is Secure and the sync request went over plain http.`,
      fix: 'Serve the sync endpoint over https.',
    };
  }
  const crossOrigin = fetchSite === 'same-site' || (page !== null && page !== event.origin);
  if (crossOrigin) {
    return {
      ...base,
      cause: `Cookie ${name} exists for ${reqHost}, but this cross-origin fetch from ${page !== null ? quote(page, 60) : 'the page'} did not include credentials.`,
      fix: "Fetch with credentials: 'include' in the plasma client and answer with Access-Control-Allow-Credentials: true and an explicit origin.",
    };
  }
  return {
    ...base,
    cause: `Cookie ${name} was set earlier but this request carried no such cookie: it may have expired or been cleared.`,
    fix: "Check the cookie's Expires/Max-Age and that nothing (sign-out, another tab) cleared it.",
  };
}

function pageOriginOf(event: SyncEvent): string | null {
  const origin = header(event.requestHeaders, 'origin');
  if (origin && origin !== 'null') return origin;
  const referer = header(event.requestHeaders, 'referer');
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
