// startReferenceApp: static assets through the ASSETS binding, and fresh secrets per launch.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from './launch.ts';
import { pullRaw, signIn } from './server/testKit.ts';

const staticDir = join(dirname(fileURLToPath(import.meta.url)), 'demo', 'static');
let app: ReferenceApp;

beforeAll(async () => {
  app = await startReferenceApp();
});
afterAll(async () => {
  await app.dispose();
});

describe('startReferenceApp', () => {
  it('listens on 127.0.0.1 with a D1 handle that already holds the seeds', async () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { results } = await app.db.prepare(`SELECT id FROM todos WHERE id = 'todo-bob-1'`).all();
    expect(results).toEqual([{ id: 'todo-bob-1' }]);
  });

  it.each([
    ['/', 'text/html'],
    ['/index.html', 'text/html'],
    ['/app.js', 'text/javascript'],
  ])('serves %s', async (path, type) => {
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
  });

  it('serves demo/static files and nothing outside it', async () => {
    const [first] = readdirSync(staticDir, { withFileTypes: true }).filter((f) => f.isFile());
    if (first) expect((await fetch(`${app.url}/${first.name}`)).status).toBe(200);
    expect((await fetch(`${app.url}/..%2f..%2flaunch.ts`)).status).toBe(404);
    expect((await fetch(`${app.url}/no-such-file.html`)).status).toBe(404);
  });

  it('uses fresh secrets per launch: a token of one app is refused by another', async () => {
    const other = await startReferenceApp();
    try {
      expect(other.adminToken).not.toBe(app.adminToken);
      const token = await signIn(app, 'alice');
      expect((await pullRaw(app, token, { clientGroupID: 'l-1', clientID: 'c1' })).status).toBe(200);
      expect((await pullRaw(other, token, { clientGroupID: 'l-1', clientID: 'c1' })).status).toBe(401);
    } finally {
      await other.dispose();
    }
  });
});
