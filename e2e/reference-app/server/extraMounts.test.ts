// The extra sync mounts over HTTP on workerd: each refuses the way its scenario needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { REPORTS_BASE, SKEWED_BASE, SKEW_MS, V2_BASE, V2_COOKIE } from './extraMounts.ts';
import { pullRaw, signIn } from './testKit.ts';

let app: ReferenceApp;
beforeAll(async () => {
  app = await startReferenceApp();
});
afterAll(async () => {
  await app.dispose();
});

describe('extra sync mounts', () => {
  it(`${V2_BASE}: cookie session only, a sign-in URL in the 401 body, then 200 with its cookie`, async () => {
    const q = { clientGroupID: 'v2-g1', clientID: 'c1' };
    const bearer = await signIn(app, 'alice');
    const refused = await pullRaw(app, bearer, q, { basePath: V2_BASE });
    expect(refused).toEqual({
      status: 401,
      body: { message: 'Sign in to continue', login: { url: '/api/v2/login?next=%2F' } },
    });
    const res = await fetch(`${app.url}/api/v2/sign-in`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'alice', mode: 'cookie' }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${V2_COOKIE}=.+; Path=/api/v2; HttpOnly; SameSite=Lax$`));
    const cookie = setCookie.split(';')[0]!;
    expect((await pullRaw(app, undefined, q, { basePath: V2_BASE, headers: { cookie } })).status).toBe(200);
  });

  it(`${REPORTS_BASE}: 403 naming the scope deep in a JSON:API body; 200 with the scope`, async () => {
    const q = { clientGroupID: 'rep-g1', clientID: 'c1' };
    const refused = await pullRaw(app, await signIn(app, 'alice'), q, { basePath: REPORTS_BASE });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      errors: [
        { status: '403', code: 'insufficient_scope', title: 'Forbidden', meta: { needs: { scope: 'reports:read' } } },
      ],
    });
    const scoped = await signIn(app, 'alice', { scope: 'reports:read sync' });
    expect((await pullRaw(app, scoped, q, { basePath: REPORTS_BASE })).status).toBe(200);
  });

  it(`${SKEWED_BASE}: its clock is ${SKEW_MS / 60_000} min ahead, in auth() and in the Date header`, async () => {
    const q = { clientGroupID: 'skew-g1', clientID: 'c1' };
    const fresh = await signIn(app, 'alice', { ttlSeconds: 120 });
    const res = await fetch(
      `${app.url}${SKEWED_BASE}/pull?clientGroupID=skew-g1&clientID=c1&schemaVersion=3&protocolVersion=1`,
      { headers: { authorization: `Bearer ${fresh}` } },
    );
    expect(res.status).toBe(401);
    const skew = Date.parse(res.headers.get('date') ?? '') - Date.now();
    expect(skew).toBeGreaterThan(SKEW_MS - 3000);
    expect(skew).toBeLessThan(SKEW_MS + 3000);
    expect(
      (await pullRaw(app, await signIn(app, 'alice', { ttlSeconds: 3600 }), q, { basePath: SKEWED_BASE })).status,
    ).toBe(200);
  });
});
