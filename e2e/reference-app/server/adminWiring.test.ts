// The auth tap as the reference worker mounts it (auth() wrapped in sync.ts, the Worker wrapped in
// worker.ts): every sync mount's decisions land in /sync/admin/auth-log, with the app's reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthDecision, AuthLogPage } from '../../../shared/admin/authLog.ts';
import { tokenHash } from '../../../shared/auth/hash.ts';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { pullRaw, signIn } from './testKit.ts';
import { AUDIENCE, ISSUER } from './tokens.ts';

let app: ReferenceApp;

beforeAll(async () => {
  app = await startReferenceApp();
});
afterAll(async () => {
  await app.dispose();
});

async function admin(path: string, token: string | null = app.adminToken): Promise<{ status: number; text: string }> {
  const res = await fetch(`${app.url}/sync/admin${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, text: await res.text() };
}

async function decisionsFor(group: string): Promise<AuthDecision[]> {
  const page = JSON.parse((await admin('/auth-log?since=0&limit=1000')).text) as AuthLogPage;
  expect(page.tapInstalled).toBe(true);
  return page.decisions.filter((d) => d.clientGroupID === group);
}

describe('auth tap in the reference worker', () => {
  it('says the tap is installed before any sync request', async () => {
    const fresh = await startReferenceApp();
    try {
      const res = await fetch(`${fresh.url}/sync/admin/auth-log`, {
        headers: { authorization: `Bearer ${fresh.adminToken}` },
      });
      expect(await res.json()).toEqual({ decisions: [], maxId: 0, hasMore: false, tapInstalled: true });
    } finally {
      await fresh.dispose();
    }
  });

  it('records accepted and refused pulls on both sync mounts with the reasons auth() gave', async () => {
    const alice = await signIn(app, 'alice');
    const wrongAud = await signIn(app, 'alice', { audience: 'another-app' });
    const q = { clientGroupID: 'tap-g1', clientID: 'c1' };
    expect((await pullRaw(app, alice, q)).status).toBe(200);
    expect((await pullRaw(app, undefined, q)).status).toBe(401);
    expect((await pullRaw(app, wrongAud, q)).status).toBe(401);
    expect((await pullRaw(app, alice, q, { basePath: '/api/admin-sync' })).status).toBe(403);

    const got = await decisionsFor('tap-g1');
    expect(got.map((d) => [d.path, d.status, d.ok, d.credential])).toEqual([
      ['/sync/pull', 200, true, 'bearer'],
      ['/sync/pull', 401, false, 'none'],
      ['/sync/pull', 401, false, 'bearer'],
      ['/api/admin-sync/pull', 403, false, 'bearer'],
    ]);
    expect(got[0]).toMatchObject({
      kind: 'pull',
      clientID: 'c1',
      reason: null,
      tokenHash: tokenHash(alice),
      claims: { sub: 'alice', iss: ISSUER, aud: AUDIENCE, role: 'member' },
    });
    expect(got[1]?.reason).toBe('no credentials');
    expect(got[2]?.reason).toMatch(/aud/);
    expect(got[2]?.claims?.aud).toBe('another-app');

    const whole = (await admin('/auth-log?since=0&limit=1000')).text;
    for (const t of [alice, wrongAud]) expect(whole).not.toContain(t);
  });

  it('serves /auth-log only to the admin and reports the expectations in /info', async () => {
    expect((await admin('/auth-log', null)).status).toBe(401);
    expect((await admin('/auth-log', 'wrong')).status).toBe(401);
    const info: unknown = JSON.parse((await admin('/info')).text);
    expect(info).toHaveProperty('auth', { issuer: ISSUER, audience: AUDIENCE });
  });
});
