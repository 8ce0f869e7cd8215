import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_OPTIONS,
  collectClients,
  healthFindings,
  healthOf,
  type HealthOptions,
  type ServerFacts,
} from './index.ts';
import type { SyncEvent } from '../sync/types.ts';
import type { DbData } from '../pageReader/types.ts';
import { GROUP, db, pull, push, puts, server } from './testFixtures.ts';

const T = 1_700_000_000_000;
const opts = (o: Partial<HealthOptions> = {}): HealthOptions => ({
  ...DEFAULT_HEALTH_OPTIONS,
  captureSince: T - 60_000,
  paused: false,
  ...o,
});

function run(events: SyncEvent[], databases: DbData[], now: number, s: ServerFacts = server(), o = opts()) {
  const clients = healthOf(collectClients({ events, databases, snapshot: null }), s, now);
  return healthFindings(clients, s, now, o);
}

describe('stuck queue', () => {
  const after = DEFAULT_HEALTH_OPTIONS.stuckAfterMs;
  it('fires when every push since the oldest entry failed, naming them and the status', () => {
    const f = run(
      [push('p1', T + 100, 503), push('p2', T + 2000, 503), pull('l1', T + 3000, 200, 4)],
      [db({ outboxAt: [T, T + 50] })],
      T + after + 1,
    );
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      code: 'stuck-queue',
      severity: 'error',
      requestIds: ['p1', 'p2'],
      counts: { outbox: 2, failedPushes: 2, pushes: 2 },
    });
    expect(f[0]!.cause).toMatch(/2 pushes since the oldest was written, all failed \(last: HTTP 503\)/);
  });

  it('fires when no push went out at all while pulls keep succeeding', () => {
    const f = run(
      [pull('l1', T + 1000, 200, 4), pull('l2', T + 20_000, 200, 4)],
      [db({ outboxAt: [T] })],
      T + after + 1,
    );
    expect(f.map((x) => x.code)).toEqual(['stuck-queue']);
    expect(f[0]!.cause).toMatch(/no push went out/);
    expect(f[0]!.requestIds).toEqual([]);
  });

  it('says so when the loop is paused from the panel', () => {
    const f = run([], [db({ outboxAt: [T] })], T + after + 1, server(), opts({ paused: true }));
    expect(f[0]!.fix).toBe('Resume the sync loop.');
  });

  it.each([
    [
      'a healthy session: pushed, pulled, outbox empty',
      [push('p1', T + 10, 200), pull('l1', T + 30, 200, 5)],
      [db()],
      T + after * 10,
    ],
    ['entries younger than the threshold', [], [db({ outboxAt: [T] })], T + after - 1],
    [
      'a push succeeded after the oldest entry (the next pull drops them)',
      [push('p1', T + 10, 200)],
      [db({ outboxAt: [T] })],
      T + after * 2,
    ],
    [
      'the capture began after the entry and has not watched long enough',
      [],
      [db({ outboxAt: [T - 3_600_000] })],
      T - 60_000 + after - 1,
    ],
    ['no outbox read at all', [push('p1', T, 500)], [], T + after * 2],
  ])('stays silent: %s', (_n, events, dbs, now) => {
    expect(run(events, dbs, now)).toEqual([]);
  });
});

describe('starving', () => {
  const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `todos-${from + i}`);
  it('fires when pulls succeed, the cookie is past the group rows and the base stores lack most, with the counts', () => {
    const s = server({ maxRowVersion: 12, changes: [...puts(10, 'todos', GROUP), ...puts(2, 'todos', 'cg-bob', 11)] });
    const f = run([pull('l1', T, 200, 12)], [db({ base: { todos: ids(1) } })], T + 1, s);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      code: 'starving',
      requestIds: ['l1'],
      counts: { serverRows: 10, received: 1, missing: 9 },
    });
    expect(f[0]!.cause).toMatch(
      /of the 10 rows the server holds for group cg-alice up to there, the client's base stores hold 1 \(9 missing\)/,
    );
  });

  it('counts rows /rows confirmed readable, and leaves out rows it confirmed hidden (a filtered read, not starving)', () => {
    const hiddenOnly = server({
      maxRowVersion: 10,
      changes: puts(10, 'board', null),
      readableRows: ids(10).map((id) => ({ table: 'board', id: id.replace('todos', 'board'), readable: false })),
    });
    expect(run([pull('l1', T, 200, 10)], [db({ base: {} })], T + 1, hiddenOnly)).toEqual([]);
    const readable = server({
      ...hiddenOnly,
      readableRows: ids(10).map((id) => ({ table: 'board', id: id.replace('todos', 'board'), readable: true })),
    });
    expect(run([pull('l1', T, 200, 10)], [db({ base: {} })], T + 1, readable)[0]?.counts).toEqual({
      serverRows: 10,
      received: 0,
      missing: 10,
    });
  });

  it.each([
    [
      'the healthy session: the group rows arrived',
      [pull('l1', T, 200, 10)],
      db({ base: { todos: ids(10) } }),
      puts(10, 'todos', GROUP),
    ],
    [
      'rows past the cookie are "behind", not starving',
      [pull('l1', T, 200, 2)],
      db({ base: { todos: ids(2) } }),
      puts(10, 'todos', GROUP),
    ],
    ['no successful pull', [pull('l1', T, 401, null)], db({ base: {}, cookie: 10 }), puts(10, 'todos', GROUP)],
    ['fewer missing than the minimum', [pull('l1', T, 200, 4)], db({ base: {} }), puts(4, 'todos', GROUP)],
    [
      'deleted rows are not owed',
      [pull('l1', T, 200, 20)],
      db({ base: {} }),
      [
        ...puts(10, 'todos', GROUP),
        ...puts(10, 'todos', GROUP, 1).map((c, i) => ({ ...c, op: 'del' as const, rowVersion: 11 + i })),
      ],
    ],
    ["other groups' rows", [pull('l1', T, 200, 10)], db({ base: {} }), puts(10, 'todos', 'cg-bob')],
  ])('stays silent: %s', (_n, events, database, changes) => {
    expect(run(events, [database], T + 1, server({ maxRowVersion: 20, changes }))).toEqual([]);
  });
});
