// Test data for bench/panel.bench.ts: HAR entries shaped like a plasma app's sync traffic (pulls,
// pushes, other requests; some refused, some without credentials) and a local page that floods
// /sync/pull and /sync/push at a set rate.

import { createServer } from 'node:http';
import { harEntry, pushBody } from '../../shared/sync/fixtures.ts';
import type { HarEntryLike } from '../../shared/sync/types.ts';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
export const now = Math.floor(Date.now() / 1000);
export const token = (sub: string, exp: number) =>
  `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp, iat: now - 60, aud: 'plasma-demo-sync', iss: 'plasma-demo' })}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU`;

export function entries(n: number, prefix: string, startMs: number) {
  const out: { type: 'requestFinished'; id: string; entry: HarEntryLike; recovered: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(startMs + i * 100).toISOString();
    const auth =
      i % 7 === 0
        ? []
        : [{ name: 'Authorization', value: `Bearer ${token(`user-${i % 5}`, i % 11 === 0 ? now - 30 : now + 3600)}` }];
    const denied = auth.length === 0 || i % 11 === 0;
    const entry =
      i % 10 === 9
        ? harEntry({ url: `https://app.test/api/other/${i}`, startedDateTime: at })
        : i % 3 === 0
          ? harEntry({
              method: 'POST',
              url: 'https://app.test/sync/push',
              body: pushBody({ clientGroupID: 'cg-1', clientID: `c-${i % 4}` }),
              requestHeaders: auth,
              status: denied ? 401 : 200,
              startedDateTime: at,
            })
          : harEntry({
              url: `https://app.test/sync/pull?clientGroupID=cg-1&clientID=c-${i % 4}&schemaVersion=3&protocolVersion=1`,
              requestHeaders: auth,
              status: denied ? 401 : 200,
              startedDateTime: at,
            });
    out.push({ type: 'requestFinished', id: `${prefix}${i}`, entry, recovered: false });
  }
  return out;
}

/** A local plasma-shaped server: a page that floods /sync/pull and /sync/push at a set rate. */
/** What the flood page puts on its window. */
export interface FloodWindow {
  startFlood(perSec: number, sec: number): Promise<number>;
  flood: { sent: number; done: number; failed: number };
}

export function floodServer() {
  const page = `<!doctype html><title>flood</title><script>
    const tok = ${JSON.stringify(token('flood-user', now + 3600))};
    window.flood = { sent: 0, done: 0, failed: 0 };
    // Bounded in flight: past a few hundred pending fetches Chromium fails them (insufficient resources).
    const MAX_IN_FLIGHT = 48;
    window.startFlood = (perSec, sec) => new Promise((resolve) => {
      const t0 = performance.now();
      const total = perSec * sec;
      let cookie = 0;
      const one = (i) => {
        const push = i % 4 === 0;
        const url = push ? '/sync/push' : '/sync/pull?clientGroupID=cg-f&clientID=c-f&schemaVersion=3&protocolVersion=1&cookie=' + cookie;
        const init = push
          ? { method: 'POST', headers: { authorization: 'Bearer ' + tok, 'content-type': 'application/json' }, body: JSON.stringify({ protocolVersion: 1, schemaVersion: '3', clientGroupID: 'cg-f', clientID: 'c-f', mutations: [{ id: i, name: 'createTodo', args: { id: 't' + i }, timestamp: Date.now() }] }) }
          : { headers: { authorization: 'Bearer ' + tok } };
        flood.sent++;
        fetch(url, init).then((r) => r.text()).then(() => { flood.done++; cookie = i; }, () => { flood.failed++; });
      };
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * perSec));
        while (flood.sent < due && flood.sent - flood.done - flood.failed < MAX_IN_FLIGHT) one(flood.sent);
        // Time-bounded: a machine that cannot send that many in time sends fewer (the report says how many).
        if (flood.sent < total && performance.now() - t0 < sec * 1000) setTimeout(tick, 4);
        else resolve(performance.now() - t0);
      };
      tick();
    });
  </script>`;
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    req.resume();
    req.on('end', () => {
      const body = url.startsWith('/sync/pull')
        ? JSON.stringify({
            cookie: `c1:${Buffer.from(JSON.stringify({ 0: '1' })).toString('base64')}`,
            patch: [{ op: 'put', table: 'todos', id: 't1', value: { id: 't1', title: 'a' }, rowVersion: 1 }],
            lastMutationIDs: { 'c-f': 1 },
          })
        : JSON.stringify({ ok: true });
      res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(body);
    });
  });
  return new Promise<{ origin: string; close(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}
