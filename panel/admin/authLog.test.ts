// The auth-log poll and its reducer, with a fake admin GET; then the whole store: a decision
// arriving from the admin API turns a captured 401's cause into the server's reason.

import { describe, expect, it } from 'vitest';
import type { AuthDecision } from '../../shared/admin/authLog.ts';
import { tokenHash } from '../../shared/auth/index.ts';
import { harEntry, PULL_QUERY } from '../../shared/sync/fixtures.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { applyMessage } from '../store/applyMessage.ts';
import { createStore } from '../store/store.ts';
import { pollAuthLog } from './authLog.ts';
import type { Got } from './http.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6Im90aGVyIn0.c2ln';
const START = Date.parse('2025-01-02T03:04:05.000Z');

function decision(id: number, o: Partial<AuthDecision> = {}): AuthDecision {
  return {
    id,
    at: START + 20,
    kind: 'pull',
    path: '/sync/pull',
    status: 401,
    ok: false,
    reason: 'unexpected "aud" claim value',
    clientGroupID: 'group-1',
    clientID: 'client-1',
    credential: 'bearer',
    claims: null,
    tokenHash: tokenHash(TOKEN),
    ...o,
  };
}

/** A fake admin API: answers by path; records what was asked. */
function fakeApi(routes: Record<string, (since: number) => Got<unknown>>) {
  const asked: string[] = [];
  const getNow = <T>(
    path: string,
    guard: (x: unknown) => { ok: true; value: T } | { ok: false; reason: string },
  ): Got<T> => {
    asked.push(path);
    const route = Object.keys(routes).find((p) => path.startsWith(p))!;
    const answer = routes[route]!(Number(new URL(path, 'http://x').searchParams.get('since') ?? 0));
    if (!answer.ok) return answer;
    const g = guard(answer.value);
    return g.ok ? { ok: true, value: g.value } : { ok: false, reach: { state: 'bad-shape', message: g.reason } };
  };
  const get = <T>(path: string, guard: (x: unknown) => { ok: true; value: T } | { ok: false; reason: string }) =>
    Promise.resolve(getNow(path, guard));
  return { get, asked };
}

function harness(api: ReturnType<typeof fakeApi>) {
  const store = createStore();
  applyMessage(store, {
    type: 'adminSettings',
    baseUrl: 'http://app.test/sync/admin',
    credential: null,
    persist: false,
  });
  const dispatch = (m: CaptureMessage) => applyMessage(store, m);
  const poll = () =>
    pollAuthLog({
      state: store.admin.authLog,
      baseUrl: 'http://app.test/sync/admin',
      get: api.get,
      dispatch,
      stale: () => false,
      limit: 2,
      maxPages: 10,
    });
  return { store, poll };
}

describe('pollAuthLog', () => {
  it('reads /info auth once, walks the log page by page, then only asks for what is new', async () => {
    const all = [decision(1), decision(2), decision(3)];
    const api = fakeApi({
      '/info': () => ({ ok: true, value: { adminApiVersion: 1, auth: { audience: 'plasma-demo-sync' } } }),
      '/auth-log': (since) => {
        const page = all.filter((d) => d.id > since).slice(0, 2);
        return {
          ok: true,
          value: { decisions: page, maxId: 3, hasMore: page.length === 2 && page[1]!.id < 3, tapInstalled: true },
        };
      },
    });
    const { store, poll } = harness(api);
    await poll();
    expect(api.asked).toEqual(['/info', '/auth-log?since=0&limit=2', '/auth-log?since=2&limit=2']);
    expect(store.admin.authLog.log.value.decisions.map((d) => d.id)).toEqual([1, 2, 3]);
    expect(store.admin.authLog.expectations.value).toEqual({ audience: ['plasma-demo-sync'] });
    await poll();
    expect(api.asked.slice(3)).toEqual(['/auth-log?since=3&limit=2']);
  });

  it('an older handler without /auth-log: a problem line, and the admin API stays reachable', async () => {
    const api = fakeApi({
      '/info': () => ({ ok: true, value: {} }),
      '/auth-log': () => ({ ok: false, reach: { state: 'not-found', message: '404' } }),
    });
    const { store, poll } = harness(api);
    const before = store.admin.reachability.value;
    await poll();
    expect(store.admin.authLog.log.value.problem).toMatch(/no \/auth-log/);
    expect(store.admin.reachability.value).toBe(before);
  });

  it('another base URL starts a new log', async () => {
    const api = fakeApi({
      '/info': () => ({ ok: true, value: {} }),
      '/auth-log': () => ({
        ok: true,
        value: { decisions: [decision(1)], maxId: 1, hasMore: false, tapInstalled: true },
      }),
    });
    const { store, poll } = harness(api);
    await poll();
    expect(store.admin.authLog.log.value.decisions).toHaveLength(1);
    applyMessage(store, {
      type: 'adminSettings',
      baseUrl: 'http://other.test/sync/admin',
      credential: null,
      persist: false,
    });
    expect(store.admin.authLog.log.value.decisions).toEqual([]);
    expect(store.admin.authLog.expectationsFor.value).toBeNull();
  });
});

describe('the store joins decisions into the findings', () => {
  it("a captured 401 shows the server's reason, marked as the server's, once the log arrives", () => {
    const store = createStore();
    const entry = harEntry({
      url: `https://app.test/sync/pull${PULL_QUERY}`,
      status: 401,
      startedDateTime: new Date(START).toISOString(),
      time: 40,
      requestHeaders: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
      responseHeaders: [{ name: 'date', value: new Date(START).toUTCString() }],
    });
    applyMessage(store, { type: 'requestFinished', id: 'r1', entry, recovered: false });
    const before = store.analysis.findings.value.find((f) => f.requestIds.includes('r1'));
    expect(before?.source).toBeUndefined();
    applyMessage(store, {
      type: 'adminAuthLog',
      page: { decisions: [decision(1)], maxId: 1, hasMore: false, tapInstalled: true },
      since: 0,
    });
    const after = store.analysis.findings.value.find((f) => f.requestIds.includes('r1'));
    expect(after).toMatchObject({
      code: 'server-reason',
      source: 'server',
      title: 'Refused by the server: "unexpected "aud" claim value"',
    });
    expect(store.analysis.decisions.value.get('r1')?.id).toBe(1);
  });
});
