import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parsePullBody } from './pullBody.ts';
import { createFakeFetch, makeClient, pullReply } from './testing.ts';

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not met');
}

describe('start()', () => {
  it('pulls at once and on every poll, pushes after mutate, pulls on online', async () => {
    const { fetch, requests } = createFakeFetch((req) =>
      req.method === 'POST' ? { status: 200, body: { ok: true } } : pullReply(),
    );
    const online = new EventTarget();
    const { client } = makeClient({ fetch, pollMs: 10, onlineTarget: online });
    const count = (m: string) => requests.filter((r) => r.method === m).length;
    client.start();
    await until(() => count('GET') >= 3);
    expect(count('POST')).toBe(0); // empty outbox: nothing to push
    await client.mutate('touch', {});
    await until(() => count('POST') === 1);
    client.stop();
    await client.pullOnce(); // settles any poll already in flight
    const gets = count('GET');
    online.dispatchEvent(new Event('online'));
    await client.pullOnce(); // pulls run in order: a pull the event started would be counted too
    expect(count('GET')).toBe(gets + 1); // stopped: only our own pull, no listener left
    client.start();
    await until(() => count('GET') > gets);
    const before = count('GET');
    online.dispatchEvent(new Event('online'));
    await until(() => count('GET') > before);
    await client.close();
  });
});

describe('parsePullBody', () => {
  it.each<[string, unknown, unknown]>([
    [
      'the documented shape',
      {
        cookie: 'c1:x',
        patch: [{ op: 'put', table: 't', id: 'a', value: { v: 1 }, rowVersion: 3 }],
        lastMutationIDs: { c: 2 },
        hasMore: true,
      },
      {
        cookie: 'c1:x',
        patch: [{ op: 'put', table: 't', id: 'a', value: { id: 'a', v: 1 } }],
        lastMutationIDs: { c: 2 },
        hasMore: true,
      },
    ],
    [
      'rowId/row variants and a del by key',
      {
        cookie: null,
        patch: [
          { op: 'put', table: 't', rowId: 'a', row: { v: 1 } },
          { op: 'del', table: 't', key: 'b' },
        ],
      },
      {
        cookie: null,
        patch: [
          { op: 'put', table: 't', id: 'a', value: { id: 'a', v: 1 } },
          { op: 'del', table: 't', id: 'b' },
        ],
        lastMutationIDs: {},
        hasMore: false,
      },
    ],
    [
      'a plain integer cookie',
      { cookie: 12, patch: [], lastMutationIDs: { c: 'x', d: 4 } },
      { cookie: '12', patch: [], lastMutationIDs: { d: 4 }, hasMore: false },
    ],
    ['not an object', [], 'pull body is not an object'],
    ['patch missing', { cookie: null }, 'patch is not an array'],
    ['bad op', { cookie: null, patch: [{ op: 'upsert', table: 't', id: 'a' }] }, 'unknown op upsert'],
    ['put without a value', { cookie: null, patch: [{ op: 'put', table: 't', id: 'a' }] }, 'put without a row value'],
    ['object cookie', { cookie: {}, patch: [] }, 'cookie is neither a string nor null'],
  ])('%s', (_name, body, expected) => {
    expect(parsePullBody(body)).toEqual(expected);
  });
});
