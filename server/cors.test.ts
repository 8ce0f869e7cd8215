// CORS: echoed only for allow-listed origins (never `*`), preflight answered only for them, and the
// headers present on error answers too so an allowed panel can read a 401.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminHandler } from './index.ts';
import { createPlasmaTables, startD1, type TestD1 } from './testing/fixtures.ts';

const SECRET = 'test-only-cors-secret';
const PANEL = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
let d1: TestD1;
let handler: (r: Request) => Promise<Response>;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  handler = createAdminHandler({
    db: d1.db,
    schemaVersion: '3',
    tables: {},
    auth: { secret: SECRET },
    allowedOrigins: [PANEL, 'https://admin.example'],
  });
});

afterAll(() => d1.dispose());

const send = (
  path: string,
  init: { method?: string; origin?: string | null; auth?: boolean; extra?: Record<string, string> },
) =>
  handler(
    new Request(`http://x/sync/admin/${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.origin ? { origin: init.origin } : {}),
        ...(init.auth === false ? {} : { authorization: `Bearer ${SECRET}` }),
        ...init.extra,
      },
    }),
  );

describe('CORS', () => {
  it.each([
    ['info', true, 200],
    ['changes', true, 200],
    ['info', false, 401],
    ['nope', true, 404],
    ['changes?limit=0', true, 400],
  ])('%s (auth %s → %i) echoes an allowed origin', async (path, auth, status) => {
    const res = await send(path, { origin: PANEL, auth });
    expect(res.status).toBe(status);
    expect(res.headers.get('access-control-allow-origin')).toBe(PANEL);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it.each([
    ['https://evil.example'],
    ['null'],
    ['*'],
    ['chrome-extension://otherextensionid'],
    [`${PANEL}.evil.example`],
    [null],
  ])('sends no allow-origin for %s', async (origin) => {
    const res = await send('info', { origin });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from an allowed origin, for GET with authorization only', async () => {
    const res = await send('changes', {
      method: 'OPTIONS',
      origin: 'https://admin.example',
      auth: false,
      extra: { 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it.each([['https://evil.example'], [null]])('refuses a preflight from %s without CORS headers', async (origin) => {
    const res = await send('changes', { method: 'OPTIONS', origin, auth: false });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('never sends * even with no allow-list, and refuses to be configured with *', async () => {
    const open = createAdminHandler({ db: d1.db, schemaVersion: '3', tables: {}, auth: { secret: SECRET } });
    const res = await open(
      new Request('http://x/sync/admin/info', { headers: { origin: PANEL, authorization: `Bearer ${SECRET}` } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(() =>
      createAdminHandler({
        db: d1.db,
        schemaVersion: '3',
        tables: {},
        auth: { secret: SECRET },
        allowedOrigins: ['*'],
      }),
    ).toThrow(/\*/);
  });
});
