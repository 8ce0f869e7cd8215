// CORS for the admin API: an explicit allow-list, echoed per request. Never `*`, never credentials
// mode (the token travels in Authorization, which a cross-site page cannot read or forge).

import type { HeaderMap } from './http.ts';

export function isAllowedOrigin(origin: string | null, allowed: readonly string[]): origin is string {
  return origin !== null && origin !== 'null' && origin !== '*' && allowed.includes(origin);
}

/** Headers for a normal response. `vary: origin` always, since the answer depends on the origin. */
export function corsHeaders(origin: string | null, allowed: readonly string[]): HeaderMap {
  if (!isAllowedOrigin(origin, allowed)) return { vary: 'origin' };
  return {
    vary: 'origin',
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'www-authenticate',
  };
}

/** Extra headers of a preflight answer for an allowed origin. */
export function preflightHeaders(origin: string, allowed: readonly string[], opts: { post?: boolean } = {}): HeaderMap {
  // POST (and the JSON content-type it carries) only when the app enabled the dry-run routes.
  return {
    ...corsHeaders(origin, allowed),
    'access-control-allow-methods': opts.post ? 'GET, POST' : 'GET',
    'access-control-allow-headers': opts.post ? 'authorization, content-type' : 'authorization',
    'access-control-max-age': '600',
  };
}
