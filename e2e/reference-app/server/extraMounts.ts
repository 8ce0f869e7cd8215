// Sync mounts that behave unlike /sync, so the panel is tried on shapes it was not written
// against: another base path with its own cookie session and a sign-in URL in its 401 body, a
// 403 shaped like JSON:API errors, and a deployment whose clock runs five minutes ahead.

import { tables } from '../app/schema.ts';
import { syncFor } from './app.ts';
import type { D1Database } from './d1.ts';
import { json } from './d1.ts';
import { handleSignIn } from './signIn.ts';
import { cookieFrom, tokenFrom, type TokenService } from './tokens.ts';

export const V2_BASE = '/api/v2/plasma';
export const V2_COOKIE = 'plasma_v2_sid';
export const V2_SIGN_IN_PAGE = '/api/v2/login?next=%2F';
export const REPORTS_BASE = '/api/reports-sync';
export const REPORTS_SCOPE = 'reports:read';
export const SKEWED_BASE = '/api/skewed-sync';
export const SKEW_MS = 5 * 60_000;

export function createExtraMounts(
  db: D1Database,
  tokens: TokenService,
): (req: Request) => Promise<Response | undefined> {
  const v2 = syncFor(db, V2_BASE, tables, tokens, {
    demoAuth: { credential: (req) => cookieFrom(req, V2_COOKIE) },
    unauthorizedBody: () => ({ message: 'Sign in to continue', login: { url: V2_SIGN_IN_PAGE } }),
  });
  const reports = syncFor(db, REPORTS_BASE, tables, tokens);
  const skewed = syncFor(db, SKEWED_BASE, tables, tokens, { demoAuth: { clockOffsetMs: SKEW_MS } });

  return async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/api/v2/sign-in') return handleSignIn(req, tokens, { name: V2_COOKIE, path: '/api/v2' });
    if (path.startsWith(`${V2_BASE}/`)) return v2(req);
    if (path.startsWith(`${REPORTS_BASE}/`)) return (await reportsGate(req, tokens)) ?? reports(req);
    if (path.startsWith(`${SKEWED_BASE}/`)) {
      const res = await skewed(req);
      if (!res) return undefined;
      // This deployment's clock is ahead: its Date header says so, as a real one would.
      const headers = new Headers(res.headers);
      headers.set('date', new Date(Date.now() + SKEW_MS).toUTCString());
      return new Response(res.body, { status: res.status, headers });
    }
    return undefined;
  };
}

/** 403 in JSON:API's error shape, naming the scope deep inside, for a token without it. */
async function reportsGate(req: Request, tokens: TokenService): Promise<Response | undefined> {
  const token = tokenFrom(req);
  const claims = token ? await tokens.verify(token).catch(() => undefined) : undefined;
  if (!claims) return undefined; // no or bad token: the sync handler's auth() answers 401
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (scopes.includes(REPORTS_SCOPE)) return undefined;
  return json(403, {
    errors: [
      { status: '403', code: 'insufficient_scope', title: 'Forbidden', meta: { needs: { scope: REPORTS_SCOPE } } },
    ],
  });
}
