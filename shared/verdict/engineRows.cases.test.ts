// The engine's row side (engineRows.ts) through update(): which rows each kind of delta judges again (a new
// cookie, the outbox emptying, a /rows answer, a revert naming a row, a read by key) and that the result is
// what judge() gives on the same data.
import { describe, expect, it } from 'vitest';
import { createVerdictEngine } from './engine.ts';
import type { VerdictChanges } from './engineTypes.ts';
import { judge } from './judge.ts';
import { cookieAt, makeInput, outbox, put, serverError } from './testFixtures.ts';
import type { VerdictInput } from './types.ts';

const row = (id: string, title = 'x') => ({ id, owner: 'alice', title });
const changes = [put(2, 'todos', row('a', 'new')), put(4, 'todos', row('b', 'new')), put(7, 'todos', row('c', 'new'))];
const input = makeInput({
  base: { todos: [row('a'), row('b'), row('c'), row('d')] },
  visible: { todos: [row('a'), row('b'), row('c'), row('d', 'edited')] },
  outbox: [outbox('c1', 1, 'noArgs', {})],
  changes: [put(1, 'todos', row('d')), ...changes],
  cookie: cookieAt(1),
  clients: { c1: 0 },
});

function started(i: VerdictInput = input) {
  const engine = createVerdictEngine();
  engine.update({ client: i.client, server: i.server });
  return engine;
}
const rowKeys = (c: VerdictChanges) => c.rows.map((r) => r.key).sort();
const same = (engine: ReturnType<typeof createVerdictEngine>, i: VerdictInput) => {
  const expected = judge(i);
  expect(engine.snapshot().rows).toEqual(expected.rows);
  expect(engine.snapshot().mutations).toEqual(expected.mutations);
  expect(engine.findings()).toEqual(expected.findings);
};
const withCookie = (rv: number): VerdictInput => ({
  ...input,
  client: { ...input.client, meta: { ...input.client.meta, cookie: cookieAt(rv) } },
});

describe('engine rows: what a delta judges again', () => {
  it('before: rows changed after the cookie are stale; d is optimistic (the outbox is not empty)', () => {
    const engine = started();
    expect(engine.snapshot().rows.map((r) => [r.id, r.state])).toEqual([
      ['a', 'stale'],
      ['b', 'stale'],
      ['c', 'stale'],
      ['d', 'optimistic'],
    ]);
  });

  it('a new cookie judges the rows whose latest change lies between the old and the new one', () => {
    const engine = started();
    const c = engine.update({ client: withCookie(4).client });
    expect(c.full).toBe(false);
    expect(rowKeys(c)).toEqual(['todos/a', 'todos/b']);
    same(engine, withCookie(4));
    const back = engine.update({ client: withCookie(2).client });
    expect(rowKeys(back)).toEqual(['todos/b']);
    same(engine, withCookie(2));
    const up = engine.update({ client: withCookie(7).client });
    expect(rowKeys(up)).toEqual(['todos/b', 'todos/c']);
    same(engine, withCookie(7));
  });

  it('the outbox going empty judges the rows whose words depend on it', () => {
    const engine = started();
    const empty = { ...input, client: { ...input.client, outbox: [] } };
    const c = engine.update({ client: empty.client });
    expect(rowKeys(c)).toEqual(['todos/d']);
    expect(c.rows[0]?.state).toBe('unknown');
    same(engine, empty);
    const again = engine.update({ client: input.client });
    expect(rowKeys(again)).toEqual(['todos/d']);
    same(engine, input);
  });

  it('a /rows answer judges the rows it names (and those it no longer names)', () => {
    const i = { ...input, server: { ...input.server, changes: [...input.server.changes, put(8, 'todos', row('e'))] } };
    const engine = started(i);
    const rows = [{ table: 'todos', id: 'e', row: row('e'), readable: false }];
    const c = engine.update({ server: { rows } });
    expect(rowKeys(c)).toEqual(['todos/e']);
    same(engine, { ...i, server: { ...i.server, rows } });
    const cleared = engine.update({ server: { rows: [] } });
    expect(rowKeys(cleared)).toEqual(['todos/e']);
    same(engine, { ...i, server: { ...i.server, rows: [] } });
  });

  it('a mutation becoming silently reverted judges the rows its args name', () => {
    const i = makeInput({
      base: { todos: [row('a'), row('b')] },
      changes: [put(1, 'todos', row('a')), put(2, 'todos', row('b'))],
      cookie: cookieAt(2),
      clients: { c1: 0 },
      lastMutationIDs: { c1: 0 },
    });
    const engine = started(i);
    const known = [
      { clientID: 'c1', mutationID: 1, name: 'updateTodo', args: { id: 'b' }, pushedAt: 5, pushStatus: 200 },
    ];
    const err = serverError(1, 'c1', 1, 'updateTodo', 'PlasmaAuthorizationError: todos.write');
    engine.update({ known });
    const c = engine.update({
      server: { clients: [{ ...i.server.clients[0], lastMutationID: 1 } as never], errors: [err] },
    });
    expect(c.mutations.map((m) => [m.key, m.status])).toEqual([['c1#1', 'silently-reverted']]);
    expect(rowKeys(c)).toEqual(['todos/b']);
    expect(c.rows[0]?.state).toBe('reverted');
    same(engine, {
      ...i,
      known,
      server: { ...i.server, clients: [{ ...i.server.clients[0], lastMutationID: 1 } as never], errors: [err] },
    });
  });

  it('a read by key judges the rows it put or deleted', () => {
    const engine = started();
    const c = engine.update({
      clientChange: {
        base: { todos: { put: [row('a', 'new')], del: ['c'] } },
        visible: { todos: { put: [row('a', 'new')], del: ['c'] } },
        outbox: input.client.outbox,
        meta: input.client.meta,
        readAt: null,
      },
    });
    expect(c.full).toBe(false);
    expect(rowKeys(c)).toEqual(['todos/a', 'todos/c']);
    same(engine, {
      ...input,
      client: {
        ...input.client,
        base: { todos: [row('a', 'new'), row('b'), row('d')] },
        visible: { todos: [row('a', 'new'), row('b'), row('d', 'edited')] },
      },
    });
  });
});
