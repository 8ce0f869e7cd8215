import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { retryDelay } from './http.ts';
import { createFakeFetch, makeClient, pullReply, type Reply } from './testing.ts';

describe('retry policy', () => {
  it('calls authHeaders before every attempt and uses the refreshed token', async () => {
    let token = 'old';
    const { fetch, requests } = createFakeFetch((req) => {
      if (req.headers.authorization !== 'Bearer fresh') {
        token = 'fresh'; // the app refreshes its token after the first 401
        return { status: 401, body: { error: 'unauthorized' } };
      }
      return { status: 200, body: { ok: true } };
    });
    let calls = 0;
    const { client, errors } = makeClient({
      fetch,
      authHeaders: () => (calls++, Promise.resolve({ authorization: `Bearer ${token}` })),
    });
    await client.mutate('touch', {});
    expect(await client.pushOnce()).toEqual({ ok: true });
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer fresh']);
    expect(calls).toBe(2);
    expect(errors).toEqual([]);
    await client.close();
  });

  it('reports push-http 401 only after 5 attempts, with doubling delays', async () => {
    const { fetch, requests } = createFakeFetch(() => ({ status: 401, body: { error: 'unauthorized' } }));
    let calls = 0;
    const { client, errors, sleeps } = makeClient({ fetch, authHeaders: () => (calls++, {}) });
    await client.mutate('touch', {});
    const r = await client.pushOnce();
    expect(r.ok).toBe(false);
    expect(requests).toHaveLength(5);
    expect(calls).toBe(5);
    expect(sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(errors).toEqual([
      { kind: 'push-http', status: 401, url: 'http://app.test/sync/push', error: 'unauthorized' },
    ]);
    expect((await client.snapshot()).errors).toEqual(errors);
    await client.close();
  });

  it.each<[string, Reply[], object[], number]>([
    [
      '409 at once as schema-mismatch',
      [{ status: 409, body: { error: 'schema mismatch', expected: '3' } }],
      [{ kind: 'schema-mismatch', phase: 'pull', expected: '3', status: 409 }],
      1,
    ],
    ['403 at once', [{ status: 403, body: { error: 'forbidden' } }], [{ kind: 'pull-http', status: 403 }], 1],
    ['503 then success', [{ status: 503 }, pullReply()], [], 2],
    ['429 then success', [{ status: 429 }, pullReply()], [], 2],
    [
      'network errors until exhaustion',
      [new TypeError('Failed to fetch')],
      [{ kind: 'network', phase: 'pull', message: 'Failed to fetch' }],
      5,
    ],
    ['an invalid 200 body', [{ status: 200, body: { patch: 'nope' } }], [{ kind: 'pull-http', status: 200 }], 1],
  ])('pull: %s', async (_name, replies, expected, attempts) => {
    const { fetch, requests } = createFakeFetch((_r, i) => replies[Math.min(i, replies.length - 1)]!);
    const { client, errors } = makeClient({ fetch, retry: { baseMs: 10 } });
    await client.pullOnce();
    expect(requests).toHaveLength(attempts);
    expect(errors).toEqual(expected.map((e): unknown => expect.objectContaining(e)));
    await client.close();
  });

  it('reports 413 on push at once', async () => {
    const { fetch, requests } = createFakeFetch(() => ({
      status: 413,
      body: { error: 'too many mutations', max: 200 },
    }));
    const { client, errors } = makeClient({ fetch });
    for (let i = 0; i < 3; i++) await client.mutate('touch', {});
    await client.pushOnce();
    expect(requests).toHaveLength(1);
    expect((requests[0]!.body as { mutations: unknown[] }).mutations).toHaveLength(3);
    expect(errors).toEqual([
      { kind: 'push-http', status: 413, url: 'http://app.test/sync/push', error: 'too many mutations' },
    ]);
    await client.close();
  });

  it('caps the delay at maxMs', () => {
    const policy = { attempts: 9, baseMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 5, 6, 7].map((n) => retryDelay(policy, n))).toEqual([500, 1000, 2000, 16_000, 30_000, 30_000]);
  });
});
