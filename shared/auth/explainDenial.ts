// Explains one 401 or 403 sync response in a sentence a plasma developer can act on. Synchronous:
// signature checks arrive precomputed (see verifyEvents), Set-Cookie history comes from the caller.

import type { SyncEvent } from '../sync/types.ts';
import { cookieNotSent, type SeenCookie } from './cookieCause.ts';
import { formatDuration, isoOf, oneLine, quote, safeLink } from './format.ts';
import { authorizationOf, header } from './headers.ts';
import { requirementOf, signInUrlOf } from './requirement.ts';
import { isSessionCookieName } from './setCookie.ts';
import { malformedAuthorization, tokenCause, type TokenContext } from './tokenCause.ts';
import type { Cause, LedgerEntry } from './types.ts';

export interface DenialContext extends TokenContext {
  /** Set-Cookie headers seen so far (collectSetCookies); only those before the request count. */
  cookies?: readonly SeenCookie[];
}

export function explainDenial(event: SyncEvent, entry: LedgerEntry, context: DenialContext = {}): Cause | null {
  if (event.status !== 401 && event.status !== 403) return null;
  const cause = event.status === 403 ? forbidden(event, entry, context) : unauthorized(event, entry, context);
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
      return cookieNotSent(event, [], cookies) ?? noCredentials(event, entry);
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

function forbidden(event: SyncEvent, entry: LedgerEntry, ctx: DenialContext): Cause {
  if (entry.credentialKind === 'none')
    return { ...noCredentials(event, entry), title: 'Forbidden without credentials' };
  const body = event.errorBody.state === 'ok' ? event.errorBody.value : null;
  const t = entry.token;
  const declared = ctx.declared?.requiredRoles ?? [];
  const need =
    requirementOf(body?.raw ?? body?.details ?? null, header(event.responseHeaders, 'www-authenticate'), t.role) ??
    (declared.length > 0
      ? {
          kind: 'role' as const,
          value: declared.slice(0, 3).join(' or '),
          from: "declared by the app's admin API /info",
        }
      : null);
  const carried =
    t.shape === 'jwt'
      ? t.role !== null
        ? `the token carries role ${quote(t.role, 40)}`
        : 'the token carries no role claim'
      : 'the role of this session is not visible to the panel';
  const required = need ? `; the response names ${need.kind} ${quote(need.value, 60)} as required (${need.from})` : '';
  const age =
    t.ageSec !== null && t.iat !== null
      ? ` The token was minted ${formatDuration(t.ageSec)} before this ${event.kind} (iat ${isoOf(t.iat)}), so a ${need?.kind ?? 'role'} granted since then is not in it.`
      : t.shape === 'jwt'
        ? ' The token has no iat, so when it was minted is unknown.'
        : '';
  const already = need !== null && t.role !== null && need.kind === 'role' && need.value === t.role;
  return {
    code: 'forbidden-role',
    severity: 'error',
    title: need ? `Forbidden: requires ${need.kind} ${quote(need.value, 40)}` : 'Forbidden: role not allowed',
    cause: `The server answered 403: ${carried}${required}.${already ? ' The token already carries it, so the server refused for another reason.' : ''}${age}`,
    fix:
      need && !already
        ? `Give this user ${need.kind} ${quote(need.value, 40)} in the identity provider, then sign in again so the new token carries it.`
        : "Check which role or scope the server's auth() or middleware requires for this endpoint, grant it, and sign in again.",
  };
}

function noCredentials(event: SyncEvent, entry?: LedgerEntry): Cause {
  const what = event.kind === 'push' ? 'push' : 'pull';
  return {
    code: 'no-credentials',
    severity: 'error',
    title: 'No credentials sent',
    cause: entry?.emptyAuthorization
      ? `The ${what} sent an Authorization header with no token in it (${quote(entry.scheme ?? '', 20)} and nothing after) and no Cookie, so auth() had nothing to check.`
      : `The ${what} carried no Authorization header and no Cookie, so auth() had nothing to check.`,
    fix: entry?.emptyAuthorization
      ? 'authHeaders() built `Bearer ${token}` before a token existed: read the token when it is called, and send no header until there is one.'
      : 'Return { authorization: `Bearer ${token}` } from authHeaders() (called before every push and pull), or make sure the session cookie is sent.',
  };
}

function headersUnavailable(): Cause {
  return {
    code: 'headers-unavailable',
    severity: 'warning',
    title: 'Request headers not captured',
    cause:
      'DevTools captured no request headers for this request (provisional headers), so the credentials sent are unknown.',
    fix: 'Open DevTools before the page loads and reload, so full request headers are captured.',
  };
}

function serverRefusedCookie(names: readonly string[], session: readonly string[]): Cause {
  const list = names
    .slice(0, 5)
    .map((n) => quote(n, 40))
    .join(', ');
  return {
    code: 'server-refused-cookie',
    severity: 'error',
    title: 'Session cookie refused',
    cause:
      session.length > 0
        ? `The request carried the cookie(s) ${list}, but the server's auth() refused them: the session may have expired or been revoked server-side.`
        : `The request carried cookies (${list}), but none looks like a session cookie, and the server's auth() refused it.`,
    fix: "Sign in again, and check how the server's auth() looks the session up (cookie name, session store, expiry).",
  };
}

/** A sign-in URL the server offered in its refusal body (any nesting, http(s) only). */
function signInLink(event: SyncEvent): string | undefined {
  const body = event.errorBody;
  if (body.state !== 'ok') return undefined;
  const url = signInUrlOf(body.value.raw ?? body.value.details);
  return url === null ? undefined : safeLink(url, event.url);
}
