import { describe, expect, it } from 'vitest';
import { judgeRows } from './judge.ts';
import { cookieAt, del, makeInput, outbox, put, serverError } from './testFixtures.ts';
import type { InputParts } from './testFixtures.ts';
import type { RowState, RowVerdict, VerdictInput } from './types.ts';

const t1 = { id: 't1', owner: 'alice', title: 'milk', done: 0 };
const t1edit = { ...t1, title: 'oat milk' };
const bob = { id: 'todo-bob-1', owner: 'bob', title: 'bob', done: 0 };
const b1 = { id: 'b1', team: 'red', text: 'secret', author: 'bob', createdAt: 1 };
const AUTH = 'PlasmaAuthorizationError: todos.write';

function row(input: VerdictInput, key: string): RowVerdict {
  const found = judgeRows(input).find((r) => r.key === key);
  if (!found) throw new Error(`no row verdict for ${key}`);
  return found;
}

const both = (parts: InputParts, extra: Partial<VerdictInput> = {}) =>
  makeInput({ base: { todos: [], board_items: [] }, ...parts }, extra);
const pushed = (mutationID: number, name: string, args: unknown) => ({
  known: [{ clientID: 'c1', mutationID, name, args, pushedAt: 10, pushStatus: 200 }],
});

describe('judgeRows: one state per situation', () => {
  const cases: [string, VerdictInput, string, RowState, Partial<RowVerdict>?][] = [
    [
      'base = visible = server at the cookie',
      both({ base: { todos: [t1] }, cookie: cookieAt(5), changes: [put(5, 'todos', t1)] }),
      'todos/t1',
      'in-sync',
    ],
    [
      'an edit waiting in the outbox',
      both({
        base: { todos: [t1] },
        visible: { todos: [t1edit] },
        cookie: cookieAt(5),
        changes: [put(5, 'todos', t1)],
        outbox: [outbox('c1', 1, 'updateTodo', { id: 't1', title: 'oat milk' })],
      }),
      'todos/t1',
      'optimistic',
      { mutationKeys: ['c1#1'] },
    ],
    [
      'a create waiting in the outbox',
      both({
        base: { todos: [] },
        visible: { todos: [{ id: 't2', owner: 'alice' }] },
        cookie: cookieAt(5),
        outbox: [outbox('c1', 4, 'createTodo', { id: 't2', owner: 'alice' })],
      }),
      'todos/t2',
      'optimistic',
      { base: null, server: null },
    ],
    [
      'a silently reverted edit: the optimistic value is gone',
      both(
        {
          base: { todos: [bob] },
          cookie: cookieAt(5),
          changes: [put(5, 'todos', bob)],
          clients: { c1: 1 },
          errors: [serverError(1, 'c1', 1, 'updateTodo', AUTH)],
        },
        pushed(1, 'updateTodo', { id: 'todo-bob-1', title: 'mine' }),
      ),
      'todos/todo-bob-1',
      'reverted',
      { mutationKeys: ['c1#1'] },
    ],
    [
      'a silently reverted edit still shown until the next pull',
      both({
        base: { todos: [bob] },
        visible: { todos: [{ ...bob, title: 'mine' }] },
        cookie: cookieAt(5),
        changes: [put(5, 'todos', bob)],
        clients: { c1: 1 },
        outbox: [outbox('c1', 1, 'updateTodo', { id: 'todo-bob-1', title: 'mine' })],
        errors: [serverError(1, 'c1', 1, 'updateTodo', AUTH)],
      }),
      'todos/todo-bob-1',
      'reverted',
    ],
    [
      'a silently reverted create leaves a row verdict though no store has it',
      both(
        {
          cookie: cookieAt(5),
          clients: { c1: 1 },
          errors: [serverError(1, 'c1', 1, 'createTodo', AUTH)],
        },
        pushed(1, 'createTodo', { id: 't-new', owner: 'bob' }),
      ),
      'todos/t-new',
      'reverted',
      { visible: null, base: null },
    ],
    [
      'the server changed it after the cookie',
      both({ base: { todos: [t1] }, cookie: cookieAt(5), changes: [put(5, 'todos', t1), put(9, 'todos', t1edit)] }),
      'todos/t1',
      'stale',
      { serverRowVersion: 9, server: t1edit },
    ],
    [
      'nothing synced yet (null cookie): every server row is stale',
      both({ changes: [put(2, 'todos', t1)] }),
      'todos/t1',
      'stale',
    ],
    [
      'auth.read hid it: at or below the cookie, not in base (unconfirmed)',
      both({ cookie: cookieAt(5), changes: [put(3, 'board_items', b1)] }),
      'board_items/b1',
      'filtered',
      { confirmed: false },
    ],
    [
      'hidden at exactly the cookie row version: still filtered',
      both({ cookie: cookieAt(5), changes: [put(5, 'board_items', b1)] }),
      'board_items/b1',
      'filtered',
    ],
    [
      'one row version past the cookie: stale, not filtered',
      both({ cookie: cookieAt(5), changes: [put(6, 'board_items', b1)] }),
      'board_items/b1',
      'stale',
    ],
    [
      'deleted on the server and gone from the client',
      both({ cookie: cookieAt(5), changes: [put(2, 'todos', t1), del(4, 'todos', 't1')] }),
      'todos/t1',
      'deleted-on-server',
      { server: null, serverOp: 'del' },
    ],
    [
      'deleted on the server after the cookie: the client still has it',
      both({ base: { todos: [t1] }, cookie: cookieAt(5), changes: [put(2, 'todos', t1), del(9, 'todos', 't1')] }),
      'todos/t1',
      'stale',
    ],
    [
      'deleted at or below the cookie but the client kept it',
      both({ base: { todos: [t1] }, cookie: cookieAt(5), changes: [put(2, 'todos', t1), del(4, 'todos', 't1')] }),
      'todos/t1',
      'deleted-on-server',
    ],
    [
      'the client has a row the complete log never wrote',
      both({ base: { todos: [t1] }, cookie: cookieAt(5) }),
      'todos/t1',
      'missing-on-server',
    ],
    [
      'the log is compacted and says nothing of it',
      both({ base: { todos: [t1] }, cookie: cookieAt(500), knownFromRowVersion: 100 }),
      'todos/t1',
      'unknown',
    ],
    [
      'no admin API: the server side is not known',
      both({ base: { todos: [t1] }, cookie: cookieAt(5), adminAvailable: false }),
      'todos/t1',
      'unknown',
    ],
    [
      'an opaque cookie and matching values',
      both({ base: { todos: [t1] }, cookie: 'v2:zzz', changes: [put(3, 'todos', t1)] }),
      'todos/t1',
      'in-sync',
    ],
    [
      'an opaque cookie and differing values',
      both({ base: { todos: [t1] }, cookie: 'v2:zzz', changes: [put(3, 'todos', t1edit)] }),
      'todos/t1',
      'unknown',
    ],
    [
      'visible differs from base with an empty outbox',
      both({
        base: { todos: [t1] },
        visible: { todos: [t1edit] },
        cookie: cookieAt(5),
        changes: [put(5, 'todos', t1)],
      }),
      'todos/t1',
      'unknown',
    ],
    [
      'an integer cookie works like c1',
      both({ base: { todos: [t1] }, cookie: '5', changes: [put(5, 'todos', t1)] }),
      'todos/t1',
      'in-sync',
    ],
  ];

  it.each(cases)('%s', (_name, input, key, state, extra) => {
    const r = row(input, key);
    expect(r.state).toBe(state);
    if (extra) expect(r).toMatchObject(extra);
    expect(r.evidence.length + (state === 'in-sync' ? 1 : 0)).toBeGreaterThan(0);
  });
});

describe('judgeRows: details', () => {
  it('a /rows answer of readable: false confirms a filtered read', () => {
    const input = both({
      cookie: cookieAt(5),
      changes: [put(3, 'board_items', b1), put(4, 'board_items', { ...b1, id: 'b2' })],
    });
    input.server.rows = [{ table: 'board_items', id: 'b1', row: b1, readable: false }];
    const rows = judgeRows(input);
    expect(rows.map((r) => [r.key, r.state, r.confirmed])).toEqual([
      ['board_items/b1', 'filtered', true],
      ['board_items/b2', 'filtered', false],
    ]);
  });

  it('a reverted mutation whose args were never seen cannot be tied to a row', () => {
    const r = row(
      both({
        base: { todos: [bob] },
        cookie: cookieAt(5),
        changes: [put(5, 'todos', bob)],
        clients: { c1: 1 },
        errors: [serverError(1, 'c1', 1, 'updateTodo', AUTH)],
      }),
      'todos/todo-bob-1',
    );
    expect(r.state).toBe('in-sync');
  });

  it('leaves out server rows of tables this client has no store for', () => {
    const rows = judgeRows(
      makeInput({ cookie: cookieAt(5), changes: [put(3, 'audit_notes', { id: 'n1' }), put(4, 'todos', t1)] }),
    );
    expect(rows.map((r) => r.key)).toEqual(['todos/t1']);
  });

  it('uses the last change per row whatever order the log arrives in', () => {
    const r = row(
      both({ base: { todos: [t1edit] }, cookie: cookieAt(9), changes: [put(9, 'todos', t1edit), put(2, 'todos', t1)] }),
      'todos/t1',
    );
    expect(r).toMatchObject({ state: 'in-sync', serverRowVersion: 9 });
  });

  it('skips stored records with no usable id instead of throwing', () => {
    const input = both({
      base: { todos: [t1, { title: 'no id' }, null as unknown as Record<string, unknown>] },
      cookie: cookieAt(5),
      changes: [put(5, 'todos', t1)],
    });
    expect(judgeRows(input).map((r) => r.key)).toEqual(['todos/t1']);
  });
});
