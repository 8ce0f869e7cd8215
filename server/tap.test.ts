// The onError tap and the ctx recorder (the only writers), and the /errors and /clients routes
// that read what they and the sync handler wrote.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminHandler, createErrorTap, ensureAdminTables, recordClientContext, type D1Like } from './index.ts';
import { describeCause } from './tap.ts';
import { createPlasmaTables, startD1, type TestD1 } from './testing/fixtures.ts';
import type { ServerClient, ServerError } from '../shared/admin/types.ts';

const SECRET = 'test-only-tap-secret';
let d1: TestD1;
/** The /errors and /clients answers as the wire carries them. */
interface Page {
  errors: ServerError[];
  hasMore: boolean;
  clients: ServerClient[];
  truncated: boolean;
}
let get: (path: string) => Promise<Page>;

beforeAll(async () => {
  d1 = await startD1();
  await createPlasmaTables(d1.db);
  await ensureAdminTables(d1.db);
  await ensureAdminTables(d1.db); // idempotent
  const handler = createAdminHandler({ db: d1.db, schemaVersion: '3', tables: {}, auth: { secret: SECRET } });
  get = async (path) => {
    const res = await handler(
      new Request(`http://x/sync/admin/${path}`, { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };
});

afterAll(() => d1.dispose());

class PlasmaAuthorizationError extends Error {
  override name = 'PlasmaAuthorizationError';
}

describe('describeCause', () => {
  it.each<[unknown, string]>([
    [new PlasmaAuthorizationError('todos.write'), 'PlasmaAuthorizationError: todos.write'],
    [new TypeError('x is not a function'), 'TypeError: x is not a function'],
    ['plain string', 'plain string'],
    [{ name: 'Custom', message: 'shaped like an error' }, 'Custom: shaped like an error'],
    [{ message: 'no name' }, 'no name'],
    [{ code: 42 }, '{"code":42}'],
    [42, '42'],
    [undefined, 'unknown error'],
    [null, 'unknown error'],
    [10n, '10'],
  ])('%#: %s', (cause, want) => {
    expect(describeCause(cause)).toBe(want);
  });

  it('caps a huge message', () => {
    expect(describeCause('x'.repeat(10_000)).length).toBeLessThanOrEqual(2001);
  });
});

describe('createErrorTap and GET /errors', () => {
  it('records each event, then calls next with the same event', async () => {
    const next = vi.fn<(event: unknown) => void>();
    const tap = createErrorTap(d1.db, next);
    const event = {
      kind: 'mutation-error',
      clientGroupID: 'g1',
      clientID: 'c1',
      mutationID: 7,
      mutationName: 'updateTodo',
      cause: new PlasmaAuthorizationError('todos.write'),
    };
    await tap(event);
    await tap({
      kind: 'mutation-error',
      clientGroupID: 'g1',
      clientID: 'c1',
      mutationID: 8,
      mutationName: 'x',
      cause: 'boom',
    });
    await tap('not even an object');
    expect(next.mock.calls.map((c) => c[0])).toEqual([event, expect.anything(), 'not even an object']);

    const { errors, hasMore } = await get('errors?since=0');
    expect(hasMore).toBe(false);
    expect(errors).toHaveLength(3);
    const { id, at, ...first } = errors[0]!;
    expect([typeof id, typeof at]).toEqual(['number', 'number']);
    expect(first).toEqual({
      kind: 'mutation-error',
      clientGroupID: 'g1',
      clientID: 'c1',
      mutationID: 7,
      mutationName: 'updateTodo',
      message: 'PlasmaAuthorizationError: todos.write',
    });
    expect(errors[1]!.message).toBe('boom');
    expect(errors[2]).toMatchObject({ kind: 'unknown', clientGroupID: null, message: 'unknown error' });

    const after = await get(`errors?since=${id}&limit=1`);
    expect(after.errors.map((e) => e.id)).toEqual([errors[1]!.id]);
    expect(after.hasMore).toBe(true);
  });

  it('still calls next when the table write fails, and does not throw', async () => {
    const broken: D1Like = {
      prepare: () => {
        throw new Error('D1_ERROR: database is locked');
      },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const next = vi.fn(async () => {});
    const event = { kind: 'mutation-error', cause: new Error('x') };
    await expect(createErrorTap(broken, next)(event)).resolves.toBeUndefined();
    expect(next).toHaveBeenCalledWith(event);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('still calls next when the tap table is missing (ensureAdminTables never ran)', async () => {
    const bare = await startD1();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const next = vi.fn<(event: unknown) => void>();
      await createErrorTap(bare.db, next)({ kind: 'mutation-error' });
      expect(next).toHaveBeenCalledOnce();
    } finally {
      warn.mockRestore();
      await bare.dispose();
    }
  });

  it('works without next', async () => {
    await expect(createErrorTap(d1.db)({ kind: 'mutation-error', cause: 'solo' })).resolves.toBeUndefined();
    const { errors } = await get('errors?since=0&limit=1000');
    expect(errors.at(-1)!.message).toBe('solo');
  });

  it.each(['since=-1', 'limit=0', 'limit=1001', 'since=x'])('rejects %s', async (q) => {
    const handler = createAdminHandler({ db: d1.db, schemaVersion: '3', tables: {}, auth: { secret: SECRET } });
    const res = await handler(
      new Request(`http://x/sync/admin/errors?${q}`, { headers: { authorization: `Bearer ${SECRET}` } }),
    );
    expect(res.status).toBe(400);
  });
});

describe('recordClientContext', () => {
  const ctxOf = async (group: string) =>
    d1.db
      .prepare('SELECT ctx, updated_at FROM _plasma_devtools_contexts WHERE client_group_id = ?')
      .bind(group)
      .first<{ ctx: string; updated_at: number }>();

  it('upserts the last ctx per client group', async () => {
    await recordClientContext(d1.db, 'g-up', { userId: 'alice', teams: ['blue'] });
    await recordClientContext(d1.db, 'g-up', { userId: 'alice', teams: ['blue', 'red'] });
    expect(JSON.parse((await ctxOf('g-up'))!.ctx)).toEqual({ userId: 'alice', teams: ['blue', 'red'] });
    const n = await d1.db
      .prepare(`SELECT COUNT(*) AS n FROM _plasma_devtools_contexts WHERE client_group_id = 'g-up'`)
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it('never throws: unserialisable or oversized ctx, or a broken db, only warn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(recordClientContext(d1.db, 'g-bad', cyclic)).resolves.toBeUndefined();
    await expect(recordClientContext(d1.db, 'g-bad', { blob: 'x'.repeat(20_000) })).resolves.toBeUndefined();
    await expect(
      recordClientContext(
        {
          prepare: () => {
            throw new Error('down');
          },
        },
        'g-bad',
        {},
      ),
    ).resolves.toBeUndefined();
    expect(await ctxOf('g-bad')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });
});

describe('GET /clients', () => {
  it('lists client watermarks, optionally for one group', async () => {
    for (const [g, c, m, at] of [
      ['g1', 'c1', 7, 100],
      ['g1', 'c2', 3, 200],
      ['g2', 'c3', 1, 150],
    ] as const) {
      await d1.db.prepare('INSERT INTO _plasma_client_mutations VALUES (?, ?, ?, ?)').bind(g, c, m, at).run();
    }
    const all = await get('clients');
    expect(all.clients).toHaveLength(3);
    expect(all.truncated).toBe(false);
    const g1 = await get('clients?clientGroupID=g1');
    expect(g1.clients).toEqual([
      { clientGroupID: 'g1', clientID: 'c2', lastMutationID: 3, updatedAt: 200 },
      { clientGroupID: 'g1', clientID: 'c1', lastMutationID: 7, updatedAt: 100 },
    ]);
    expect((await get(`clients?clientGroupID=${encodeURIComponent("g1' OR '1'='1")}`)).clients).toEqual([]);
  });
});
