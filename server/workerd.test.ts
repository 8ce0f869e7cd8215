// The admin handler inside real workerd: a tiny Worker (testing/adminWorker.ts) bundled with
// esbuild and run by Miniflare, hit with dispatchFetch in both auth modes.

import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { D1Like } from './index.ts';
import { tokenHash } from '../shared/auth/hash.ts';
import { createPlasmaTables, es256Keys, isD1Like } from './testing/fixtures.ts';
import { isRecord } from '../shared/guards.ts';
import type { AuthLogPage } from '../shared/admin/authLog.ts';

const SECRET = 'test-only-workerd-static-secret';
const JWT_SECRET = 'test-only-workerd-jwt-secret-0123456789';
let mf: Miniflare;
let jwksServer: Server;
let jwksHits = 0;
let esToken: string;

const jwt = (role: string) =>
  new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://issuer.test')
    .setAudience('plasma-admin')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
const userToken = (sub: string, role = 'member') =>
  new SignJWT({ sub, role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://issuer.test')
    .setAudience('plasma-sync')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode('test-only-user-key-0123456789abcdef'));

async function fetchJson(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await mf.dispatchFetch(`http://localhost${path}`, { headers });
  const body: unknown = await res.json();
  if (!isRecord(body)) throw new Error(`${path} did not answer a JSON object`);
  return { status: res.status, body };
}

beforeAll(async () => {
  const keys = await es256Keys('k-workerd');
  esToken = await keys.sign({ role: 'admin' });
  jwksServer = createServer((_req, res) => {
    jwksHits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys.jwks));
  });
  await new Promise<void>((ok) => jwksServer.listen(0, '127.0.0.1', ok));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./testing/adminWorker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
  });
  const script = bundle.outputFiles[0]!.text;
  expect(script).not.toMatch(/require\(["']node:/);
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    d1Databases: ['DB'],
    bindings: { ADMIN_SECRET: SECRET, ADMIN_JWT_SECRET: JWT_SECRET, JWKS_URL: jwksUrl },
  });
  const db: unknown = await mf.getD1Database('DB');
  if (!isD1Like(db)) throw new Error('Miniflare did not hand out a D1 database');
  await createPlasmaTables(db);
  await db.prepare(`INSERT INTO todos VALUES ('t1', 'alice', 'mine', 0, 1)`).run();
  await db.prepare(`INSERT INTO todos VALUES ('t2', 'bob', 'theirs', 0, 2)`).run();
});

afterAll(async () => {
  await mf.dispose();
  await new Promise((ok) => jwksServer.close(ok));
});

describe('admin API on workerd', () => {
  it('records ctx and errors from inside the Worker, and the tap calls next', async () => {
    const { status, body } = await fetchJson('/sync/simulate');
    expect(status).toBe(200);
    expect(body).toEqual({ nextCalledWith: ['updateTodo'] });
  });

  it('static secret: 401 without or with a wrong one, 200 with it', async () => {
    expect((await fetchJson('/sync/admin/info')).status).toBe(401);
    expect((await fetchJson('/sync/admin/info', { authorization: 'Bearer nope' })).status).toBe(401);
    const { status, body } = await fetchJson('/sync/admin/info', { authorization: `Bearer ${SECRET}` });
    expect(status).toBe(200);
    expect(body).toEqual({
      adminApiVersion: 1,
      schemaVersion: '3',
      basePath: '/sync',
      tables: ['todos'],
      maxRowVersion: 2,
      auth: {
        issuer: 'https://issuer.test',
        audience: 'plasma-sync',
        algorithms: ['HS256'],
        requiredRoles: ['member'],
      },
    });
  });

  it('serves every route from workerd', async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const changes = await fetchJson('/sync/admin/changes?since=0&limit=1', auth);
    expect(changes.body).toMatchObject({
      maxRowVersion: 2,
      hasMore: true,
      changes: [{ rowVersion: 1, id: 't1', op: 'put' }],
    });
    expect((await fetchJson('/sync/admin/clients', auth)).body).toEqual({ clients: [], truncated: false });
    const errors = await fetchJson('/sync/admin/errors?since=0', auth);
    expect(errors.body.errors).toEqual([
      expect.objectContaining({
        kind: 'mutation-error',
        mutationID: 4,
        mutationName: 'updateTodo',
        message: 'PlasmaAuthorizationError: todos.write',
      }),
    ]);
    expect((await fetchJson('/sync/admin/rows/todos/t1?as=g-alice', auth)).body).toMatchObject({ readable: true });
    expect((await fetchJson('/sync/admin/rows/todos/t2?as=g-alice', auth)).body).toMatchObject({ readable: false });
    expect((await fetchJson('/sync/admin/rows/nope/t2', auth)).status).toBe(404);
  });

  it('JWT (HS256 via jose) on a custom basePath: 401, 403 for a member, 200 for an admin', async () => {
    expect((await fetchJson('/api/plasma/admin/info')).status).toBe(401);
    expect((await fetchJson('/api/plasma/admin/info', { authorization: `Bearer ${await jwt('member')}` })).status).toBe(
      403,
    );
    const ok = await fetchJson('/api/plasma/admin/info', { authorization: `Bearer ${await jwt('admin')}` });
    expect(ok.status).toBe(200);
    expect(ok.body.basePath).toBe('/api/plasma');
  });

  it("records the app's auth decisions (200, 401 with reason, 403 from a gate) and serves them at /auth-log", async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    expect((await fetchJson('/sync/admin/auth-log', {})).status).toBe(401);
    expect((await fetchJson('/sync/admin/auth-log', auth)).body).toEqual({
      decisions: [],
      maxId: 0,
      hasMore: false,
      tapInstalled: false,
    });
    const alice = await userToken('alice');
    const mallory = await userToken('mallory');
    const q = 'clientGroupID=g1&clientID=c1';
    expect((await fetchJson(`/sync/pull?${q}`, { authorization: `Bearer ${alice}` })).status).toBe(200);
    expect((await fetchJson(`/sync/pull?${q}`, { authorization: `Bearer ${mallory}` })).status).toBe(401);
    expect((await fetchJson(`/admin-sync/pull?${q}`, { authorization: `Bearer ${alice}` })).status).toBe(403);
    expect((await fetchJson(`/sync/pull?${q}`)).status).toBe(401);
    const res = await mf.dispatchFetch('http://localhost/sync/admin/auth-log?since=0&limit=3', { headers: auth });
    const text = await res.text();
    for (const t of [alice, mallory]) expect(text).not.toContain(t);
    const page = JSON.parse(text) as AuthLogPage;
    expect(page).toMatchObject({ hasMore: true, tapInstalled: true, maxId: 4 });
    expect(page.decisions.map((d) => [d.status, d.ok, d.reason])).toEqual([
      [200, true, null],
      [401, false, 'user mallory is revoked'],
      [403, false, null],
    ]);
    expect(page.decisions[0]).toMatchObject({
      kind: 'pull',
      path: '/sync/pull',
      clientGroupID: 'g1',
      clientID: 'c1',
      credential: 'bearer',
      claims: { sub: 'alice', aud: 'plasma-sync', role: 'member' },
      tokenHash: tokenHash(alice),
    });
    const rest = (await fetchJson(`/sync/admin/auth-log?since=${page.decisions[2]!.id}`, auth)).body;
    expect(rest.decisions).toEqual([
      expect.objectContaining({ status: 401, credential: 'none', reason: 'no credentials', claims: null }),
    ]);
  });

  it('fetches a remote JWKS once across requests: the handler is built once per isolate', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await fetchJson('/jwks/admin/info', { authorization: `Bearer ${esToken}` })).status).toBe(200);
    }
    expect(jwksHits).toBe(1);
  });

  it('refuses writes on workerd too', async () => {
    const res = await mf.dispatchFetch('http://localhost/sync/admin/changes', {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}` },
      body: '{}',
    });
    expect(res.status).toBe(405);
    await res.arrayBuffer();
  });
});

// Type-level: D1Like accepts the shape of @cloudflare/workers-types' D1Database (mirrored here
// because that package is not installed; Miniflare's getD1Database types resolve to it).
declare abstract class WorkersD1PreparedStatement {
  bind(...values: unknown[]): WorkersD1PreparedStatement;
  // eslint-disable-next-line @typescript-eslint/unified-signatures -- mirrors workers-types' overloads as they are
  first<T = unknown>(colName: string): Promise<T | null>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors workers-types
  run<T = Record<string, unknown>>(): Promise<{ success: true; meta: Record<string, unknown>; results: T[] }>;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors workers-types
  all<T = Record<string, unknown>>(): Promise<{ success: true; meta: Record<string, unknown>; results: T[] }>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
}
declare abstract class WorkersD1Database {
  prepare(query: string): WorkersD1PreparedStatement;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors workers-types
  batch<T = unknown>(statements: WorkersD1PreparedStatement[]): Promise<{ results: T[] }[]>;
  exec(query: string): Promise<{ count: number; duration: number }>;
  dump(): Promise<ArrayBuffer>;
}
export type D1LikeAcceptsWorkersD1 = WorkersD1Database extends D1Like ? true : never;
export const acceptsWorkersD1: D1LikeAcceptsWorkersD1 = true;
