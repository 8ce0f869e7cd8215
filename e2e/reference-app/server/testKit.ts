// Helpers for the conformance tests: talk to a launched reference app over HTTP the way a plasma
// client does (sign in, push, pull) and read its D1 from Node.

import { SCHEMA_VERSION } from '../app/schema.ts';
import type { ReferenceApp } from '../launch.ts';

export interface SignInOptions {
  role?: string;
  ttlSeconds?: number;
  notBeforeSeconds?: number;
  audience?: string;
  issuer?: string;
  scope?: string;
}

export async function signIn(app: ReferenceApp, userId: string, opts: SignInOptions = {}): Promise<string> {
  const res = await fetch(`${app.url}/dev/sign-in`, { method: 'POST', body: JSON.stringify({ userId, ...opts }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const body = (await res.json()) as { token: string };
  return body.token;
}

export interface PushMutation {
  id: number;
  name: string;
  args: Record<string, unknown>;
  timestamp?: number;
}

export function pushBody(
  clientGroupID: string,
  clientID: string,
  mutations: PushMutation[],
  extra: Record<string, unknown> = {},
) {
  return {
    protocolVersion: 1,
    schemaVersion: SCHEMA_VERSION,
    clientGroupID,
    clientID,
    mutations: mutations.map((m) => ({ timestamp: 1_700_000_000_000 + m.id, ...m })),
    ...extra,
  };
}

export function authHeaders(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

export async function push(
  app: ReferenceApp,
  token: string | undefined,
  body: unknown,
  opts: { basePath?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${app.url}${opts.basePath ?? '/sync'}/push`, {
    method: 'POST',
    headers: authHeaders(token, opts.headers),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export interface PullQuery {
  clientGroupID: string;
  clientID: string;
  cookie?: string | null;
  limit?: number;
  schemaVersion?: string;
  protocolVersion?: string;
}

export interface PullResponse {
  cookie: string | null;
  patch: { op: 'put' | 'del'; table: string; id: string; value?: Record<string, unknown>; rowVersion: number }[];
  lastMutationIDs: Record<string, number>;
  hasMore?: boolean;
}

export async function pullRaw(
  app: ReferenceApp,
  token: string | undefined,
  q: PullQuery,
  opts: { basePath?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const params = new URLSearchParams({
    clientGroupID: q.clientGroupID,
    clientID: q.clientID,
    schemaVersion: q.schemaVersion ?? SCHEMA_VERSION,
    protocolVersion: q.protocolVersion ?? '1',
  });
  if (q.cookie) params.set('cookie', q.cookie);
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  const res = await fetch(`${app.url}${opts.basePath ?? '/sync'}/pull?${params}`, {
    headers: authHeaders(token, opts.headers),
  });
  return { status: res.status, body: await res.json() };
}

export async function pull(app: ReferenceApp, token: string, q: PullQuery): Promise<PullResponse> {
  const res = await pullRaw(app, token, q);
  if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PullResponse;
}

/** The row_version a `c1:` cookie carries. */
export function cookieVersion(cookie: string | null): number {
  if (!cookie) return 0;
  const parsed = JSON.parse(Buffer.from(cookie.slice(3), 'base64').toString('utf8')) as Record<string, string>;
  return Number(parsed['0']);
}

export async function rows<T = Record<string, unknown>>(
  app: ReferenceApp,
  sql: string,
  ...binds: unknown[]
): Promise<T[]> {
  return (
    await app.db
      .prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
}

export async function watermark(
  app: ReferenceApp,
  clientGroupID: string,
  clientID: string,
): Promise<number | undefined> {
  const [r] = await rows<{ last_mutation_id: number }>(
    app,
    'SELECT last_mutation_id FROM _plasma_client_mutations WHERE client_group_id = ? AND client_id = ?',
    clientGroupID,
    clientID,
  );
  return r?.last_mutation_id;
}
