// Explains one 401 or 403 sync response in a sentence a plasma developer can act on. Synchronous:
// signature checks arrive precomputed (see verifyEvents), Set-Cookie history comes from the caller.

import type { SyncEvent } from '../sync/types.ts';
import { cookieNotSent, type SeenCookie } from './cookieCause.ts';
import { oneLine, quote, safeLink } from './format.ts';
import { authorizationOf } from './headers.ts';
import { isSessionCookieName } from './setCookie.ts';
import { malformedAuthorization, tokenCause, type TokenContext } from './tokenCause.ts';
import type { Cause, LedgerEntry } from './types.ts';

export interface DenialContext extends TokenContext {
  /** Set-Cookie headers seen so far (collectSetCookies); only those before the request count. */
  cookies?: readonly SeenCookie[];
}

export function explainDenial(event: SyncEvent, entry: LedgerEntry, context: DenialContext = {}): Cause | null {
  if (event.status !== 401 && event.status !== 403) return null;
  const cause = event.status === 403 ? forbidden(event, entry) : unauthorized(event, entry, context);
  const link = signInLink(event);
  const flat = { ...cause, title: oneLine(cause.title), cause: oneLine(cause.cause), fix: oneLine(cause.fix) };
  return link ? { ...flat, link } : flat;
}

function unauthorized(event: SyncEvent, entry: LedgerEntry, ctx: DenialContext): Cause {
  const cookies = ctx.cookies ?? [];
  switch (entry.credentialKind) {
    case 'unknown':
      return headersUnavailable();
    case 'none':
      return cookieNotSent(event, [], cookies) ?? noCredentials(event);
    case 'cookie': {
      const session = entry.cookieNames.filter(isSessionCookieName);
      if (session.length === 0) {
        const missing = cookieNotSent(event, entry.cookieNames, cookies);
        if (missing) return missing;
      }
      return serverRefusedCookie(entry.cookieNames, session);
    }
    default: {
      const auth = authorizationOf(event);
      return malformedAuthorization(auth, entry) ?? tokenCause(event, entry, auth, ctx);
    }
  }
}

function forbidden(event: SyncEvent, entry: LedgerEntry): Cause {
  if (entry.credentialKind === 'none') return { ...noCredentials(event), title: 'Forbidden without credentials' };
  const details = event.errorBody?.state === 'ok' ? event.errorBody.value.details : null;
  const required = details ? firstString(details.requiredRole, details.required_role, details.requiredRoles) : null;
  const role = entry.token.role;
  const carried = entry.token.shape === 'jwt'
    ? role !== null ? `the token carries role ${quote(role, 40)}` : 'the token carries no role claim'
    : 'the role of this session is not visible to the panel';
  return {
    code: 'forbidden-role',
    severity: 'error',
    title: 'Forbidden: role not allowed',
    cause: `The server answered 403: ${carried}${required !== null ? `, and it requires ${quote(required, 40)}` : ''}.`,
    fix: required !== null
      ? `Sign in as a user with role ${quote(required, 40)}, or grant that role in the identity provider.`
      : "Check which role the server's auth() or middleware requires for this endpoint and grant it.",
  };
}

function noCredentials(event: SyncEvent): Cause {
  return {
    code: 'no-credentials',
    severity: 'error',
    title: 'No credentials sent',
    cause: `The ${event.kind === 'push' ? 'push' : 'pull'} carried no Authorization header and no Cookie, so auth() had nothing to check.`,
    fix: 'Return { authorization: `Bearer ${token}` } from authHeaders() (called before every push and pull), or make sure the session cookie is sent.',
  };
}

function headersUnavailable(): Cause {
  return {
    code: 'headers-unavailable',
    severity: 'warning',
    title: 'Request headers not captured',
    cause: 'DevTools captured no request headers for this request (provisional headers), so the credentials sent are unknown.',
    fix: 'Open DevTools before the page loads and reload, so full request headers are captured.',
  };
}

function serverRefusedCookie(names: readonly string[], session: readonly string[]): Cause {
  const list = names.slice(0, 5).map((n) => quote(n, 40)).join(', ');
  return {
    code: 'server-refused-cookie',
    severity: 'error',
    title: 'Session cookie refused',
    cause: session.length > 0
      ? `The request carried the cookie(s) ${list}, but the server's auth() refused them: the session may have expired or been revoked server-side.`
      : `The request carried cookies (${list}), but none looks like a session cookie, and the server's auth() refused it.`,
    fix: "Sign in again, and check how the server's auth() looks the session up (cookie name, session store, expiry).",
  };
}

/** A sign-in URL the server offered in `details.signInUrl`, http(s) only. */
function signInLink(event: SyncEvent): string | undefined {
  const body = event.errorBody;
  if (!body || body.state !== 'ok' || !body.value.details) return undefined;
  return safeLink(body.value.details.signInUrl, event.url);
}

function firstString(...values: unknown[]): string | null {
  for (const v of values) {
    if (typeof v === 'string' && v !== '') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v.filter((x) => typeof x === 'string').join(' or ');
  }
  return null;
}
