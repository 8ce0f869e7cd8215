import { describe, expect, it } from 'vitest';
import { agoText, behindOf, behindText, collectClients, healthOf } from './index.ts';
import { CLIENT, GROUP, db, pull, push, puts, server } from './testFixtures.ts';

const T = 1_700_000_000_000;

describe('collectClients', () => {
  it('names each client from requests, outbox entries and the bridge, once', () => {
    const facts = collectClients({
      events: [pull('r1', T, 200, 3), push('r2', T + 1, 200, 'client-b')],
      databases: [db({ outboxAt: [T], clientID: 'client-c' })],
      snapshot: {
        clientID: CLIENT,
        clientGroupID: GROUP,
        cookie: null,
        schemaVersion: '1',
        outboxCount: 0,
        outboxText: [],
        lastMutationIDs: {},
        errors: [],
      },
    });
    expect(facts.map((f) => f.clientID)).toEqual([CLIENT, 'client-b', 'client-c']);
  });

  it.each([
    [
      'push then pull ok',
      [push('p1', T, 200), pull('l1', T + 100, 200, 5)],
      { push: 'p1', pull: 'l1', failure: null, cookie: 5 },
    ],
    [
      'a failed push after an ok one',
      [push('p1', T, 200), push('p2', T + 50, 500)],
      { push: 'p1', pull: null, failure: 'p2', cookie: null },
    ],
    [
      'a network error counts as a failure with status 0',
      [pull('l1', T, 0, null)],
      { push: null, pull: null, failure: 'l1', cookie: null },
    ],
    [
      'the newest ok pull wins',
      [pull('l1', T, 200, 3), pull('l2', T + 9, 200, 8), pull('l3', T + 20, 401, null)],
      { push: null, pull: 'l2', failure: 'l3', cookie: 8 },
    ],
  ])('%s', (_name, events, want) => {
    const [f] = collectClients({ events, databases: [], snapshot: null });
    expect(f!.lastPushOk?.requestId ?? null).toBe(want.push);
    expect(f!.lastPullOk?.requestId ?? null).toBe(want.pull);
    expect(f!.lastFailure?.requestId ?? null).toBe(want.failure);
    expect(f!.cookieRowVersion).toBe(want.cookie);
  });

  it('reads the outbox and its oldest entry from IndexedDB, else from the bridge snapshot', () => {
    const [fromDb] = collectClients({ events: [], databases: [db({ outboxAt: [T + 5, T, T + 9] })], snapshot: null });
    expect(fromDb).toMatchObject({ outboxFrom: 'indexeddb', outboxSize: 3, oldestOutboxAt: T });
    const [fromBridge] = collectClients({
      events: [],
      databases: [],
      snapshot: {
        clientID: CLIENT,
        clientGroupID: GROUP,
        cookie: null,
        schemaVersion: '1',
        outboxCount: 2,
        outboxText: [JSON.stringify({ timestamp: T + 3 }), JSON.stringify({ timestamp: T + 1 })],
        lastMutationIDs: {},
        errors: [],
      },
    });
    expect(fromBridge).toMatchObject({ outboxFrom: 'bridge', outboxSize: 2, oldestOutboxAt: T + 1 });
  });

  it('counts the pushes since the oldest entry and the failed ones', () => {
    const [f] = collectClients({
      events: [push('p0', T - 10, 500), push('p1', T + 1, 503), push('p2', T + 2, 200)],
      databases: [db({ outboxAt: [T] })],
      snapshot: null,
    });
    expect(f).toMatchObject({ pushesSinceOldest: 2, failedPushesSinceOldest: 1, failedPushIds: ['p1'] });
  });

  it('builds the base-key lookup only when the starving check asks for it', () => {
    let built = 0;
    const [f] = collectClients({
      events: [pull('l', T, 200, null)],
      databases: [db()],
      snapshot: null,
      baseKeys: () => (built++, new Set(['todos/1'])),
    });
    expect(built).toBe(0);
    expect(f!.baseKeys!.has('todos/1')).toBe(true);
    expect(f!.baseKeys!.has('todos/2')).toBe(false);
    expect(built).toBe(1);
  });
  it('never throws on a database whose rows and meta are odd', () => {
    const odd = {
      ...db(),
      base: { todos: [null, 5, 'x', { id: 7 }, { noId: 1 }] },
      meta: { clientGroupID: 42, cookie: { x: 1 } },
    };
    const [f] = collectClients({ events: [], databases: [odd], snapshot: null, ...{} });
    expect(f).toBeUndefined(); // no clientID named anywhere: nothing to show
    const [g] = collectClients({ events: [pull('l', T, 200, null)], databases: [odd], snapshot: null });
    expect(['todos/7', 'todos/5', 'todos/null', 'todos/x'].filter((k) => g!.baseKeys!.has(k))).toEqual(['todos/7']);
    expect(g!.cookieRowVersion).toBeNull();
  });
});

describe('behind and ages', () => {
  it.each([
    ['no admin API', 5, server(), null],
    ['no cookie yet', null, server({ maxRowVersion: 9 }), null],
    ['caught up', 9, server({ maxRowVersion: 9 }), { count: 0, exact: true }],
    [
      'counted from the change log',
      4,
      server({ maxRowVersion: 10, changes: [...puts(2, 't', null, 3), ...puts(2, 't', null, 9)] }),
      { count: 2, exact: true },
    ],
    [
      'a log that does not reach the newest: the gap',
      4,
      server({ maxRowVersion: 10, changes: puts(3, 't', null, 3) }),
      { count: 6, exact: false },
    ],
    [
      'a log that starts after the cookie: the gap',
      4,
      server({ maxRowVersion: 10, changes: puts(3, 't', null, 8), knownFromRowVersion: 8 }),
      { count: 6, exact: false },
    ],
  ])('%s', (_n, cookie, s, want) => {
    expect(behindOf(cookie, s)).toEqual(want);
  });

  it('ages the oldest outbox entry against the clock, and only while the outbox holds entries', () => {
    const facts = collectClients({ events: [], databases: [db({ outboxAt: [T] })], snapshot: null });
    expect(healthOf(facts, server(), T + 42_000)[0]!.oldestOutboxAgeMs).toBe(42_000);
    const empty = collectClients({ events: [pull('l', T, 200, 1)], databases: [db()], snapshot: null });
    expect(healthOf(empty, server(), T + 42_000)[0]!.oldestOutboxAgeMs).toBeNull();
  });

  it.each([
    [0, '0 s'],
    [59_400, '59 s'],
    [90_000, '2 min'],
    [7_200_000, '2 h'],
  ])('agoText(%i) = %s', (ms, want) => expect(agoText(ms)).toBe(want));

  it.each([
    [null, 'server position unknown'],
    [{ count: 0, exact: true }, 'up to date'],
    [{ count: 1, exact: true }, '1 change behind'],
    [{ count: 6, exact: false }, 'up to 6 changes behind'],
  ])('behindText %j', (b, want) => expect(behindText(b)).toBe(want));
});
