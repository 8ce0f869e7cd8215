// POST /dev/sign-in and /dev/sign-out: mint demo tokens on demand so every auth failure
// (expired, not yet valid, wrong audience or issuer, stale role) can be produced on purpose.

import { demoUsers } from '../app/schema.ts';
import { json } from './d1.ts';
import { invalid, isRecord } from './requestChecks.ts';
import { SESSION_COOKIE, type TokenService } from './tokens.ts';

function optional<T>(v: unknown, check: (v: unknown) => v is T): T | undefined | null {
  if (v === undefined) return undefined;
  return check(v) ? v : null; // null = present but malformed
}
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export interface SessionCookie {
  name: string;
  path: string;
}

export async function handleSignIn(
  req: Request,
  tokens: TokenService,
  session: SessionCookie = { name: SESSION_COOKIE, path: '/' },
): Promise<Response> {
  if (req.method !== 'POST') return json(405, { error: 'method not allowed' }, { allow: 'POST' });
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return invalid('malformed JSON');
  }
  if (!isRecord(body) || !isStr(body.userId)) return invalid('userId is required');
  const role = optional(body.role, isStr);
  const ttlSeconds = optional(body.ttlSeconds, isNum);
  const notBeforeSeconds = optional(body.notBeforeSeconds, isNum);
  const audience = optional(body.audience, isStr);
  const issuer = optional(body.issuer, isStr);
  const scope = optional(body.scope, isStr);
  const mode = body.mode ?? 'bearer';
  if (
    [role, ttlSeconds, notBeforeSeconds, audience, issuer, scope].includes(null) ||
    (mode !== 'bearer' && mode !== 'cookie')
  ) {
    return invalid('bad sign-in option');
  }
  const { token, claims } = await tokens.sign({
    userId: body.userId,
    role: role ?? demoUsers[body.userId]?.role ?? 'member',
    ttlSeconds: ttlSeconds ?? 3600,
    ...(notBeforeSeconds ? { notBeforeSeconds } : {}),
    ...(audience ? { audience } : {}),
    ...(issuer ? { issuer } : {}),
    ...(scope ? { scope } : {}),
  });
  const headers: Record<string, string> =
    mode === 'cookie' ? { 'set-cookie': `${session.name}=${token}; Path=${session.path}; HttpOnly; SameSite=Lax` } : {};
  return json(200, { token, claims }, headers);
}

export function handleSignOut(req: Request): Response {
  if (req.method !== 'POST') return json(405, { error: 'method not allowed' }, { allow: 'POST' });
  return json(200, { ok: true }, { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
}
