// describeRevert (revertText.ts) called directly: which row's field is quoted (server value, else base, else
// the args), who is named, and the words with no id, no user, several mutations.
import { describe, expect, it } from 'vitest';
import { describeRevert } from './revertText.ts';
import type { MutationVerdict, Row, RowVerdict } from './types.ts';

const rule = { table: 'todos', predicate: 'write' } as const;
const mv = (p: Partial<MutationVerdict> = {}): MutationVerdict => ({
  key: 'c1#1',
  clientID: 'c1',
  mutationID: 1,
  name: 'updateTodo',
  args: { id: 't1' },
  status: 'silently-reverted',
  rule,
  evidence: [],
  changeRowVersions: [],
  timeline: [],
  requestIds: [],
  ...p,
});
const rowsOf = (server: Row | null, base: Row | null): Map<string, RowVerdict> =>
  new Map([['todos/t1', { key: 'todos/t1', table: 'todos', id: 't1', server, base } as RowVerdict]]);

describe('describeRevert: the row it reads', () => {
  it('the server value first, then the base, then the args', () => {
    const server = { id: 't1', owner: 'bob' };
    const base = { id: 't1', owner: 'dave' };
    expect(describeRevert([mv()], rowsOf(server, base), 'alice').cause).toBe(
      "todos.write rejected alice's updateTodo of t1: the row's owner is bob",
    );
    expect(describeRevert([mv()], rowsOf(null, base), 'alice').cause).toBe(
      "todos.write rejected alice's updateTodo of t1: the row's owner is dave",
    );
    expect(describeRevert([mv({ args: { id: 't1', team: 'red' } })], rowsOf(null, null), 'alice').cause).toBe(
      "todos.write rejected alice's updateTodo of t1: the row's team is red",
    );
    expect(describeRevert([mv({ args: { id: 't1', team: 'red' } })], new Map(), 'alice').cause).toBe(
      "todos.write rejected alice's updateTodo of t1: the row's team is red",
    );
  });

  it('without a rule the row is not looked up; the args are used', () => {
    const text = describeRevert(
      [mv({ rule: undefined, cause: 'boom', args: { id: 't1', owner: 'x' } })],
      rowsOf({ id: 't1', owner: 'bob' }, null),
    );
    expect(text).toEqual({
      title: '1 mutation rolled back on the server: boom',
      cause:
        'The server\'s updateTodo threw "boom" for updateTodo of t1; the push still answered 200 and the optimistic change was dropped',
      fix: "Make the client-side updateTodo fail the same way (validate args before mutate), or fix what makes the server's run throw",
    });
  });

  it('args that are not a record and name no id: no row, no "of"', () => {
    expect(describeRevert([mv({ args: [1, 2] })], new Map(), 'alice')).toEqual({
      title: '1 mutation silently reverted by todos.write',
      cause: "todos.write rejected alice's updateTodo",
      fix: 'Check auth.write for todos, or stop offering the edit in the UI for rows the user may not write',
    });
    expect(describeRevert([mv({ args: 't9' })], new Map()).cause).toBe('todos.write rejected updateTodo of t9');
  });

  it('several mutations: counted in the title, "and N more" in the cause; no user: nobody named', () => {
    const ms: [MutationVerdict, ...MutationVerdict[]] = [mv(), mv({ key: 'c1#2' }), mv({ key: 'c1#3' })];
    expect(describeRevert(ms, rowsOf({ id: 't1', owner: 'bob' }, null), '')).toEqual({
      title: '3 mutations silently reverted by todos.write',
      cause: "todos.write rejected updateTodo of t1: the row's owner is bob (and 2 more)",
      fix: 'Check auth.write for todos, or stop offering the edit in the UI for rows the user does not own',
    });
  });

  it('another client: its clientID cut to 8 characters; a field with the user’s name still counts', () => {
    expect(describeRevert([mv()], rowsOf({ id: 't1', owner: 'alice' }, null), 'alice', 'abcdefghijkl')).toEqual({
      title: '1 mutation of another client (abcdefgh) silently reverted by todos.write',
      cause: "todos.write rejected another client's (abcdefgh) updateTodo of t1: the row's owner is alice",
      fix: 'Check auth.write for todos, or stop offering the edit in the UI for rows the user does not own',
    });
    expect(describeRevert([mv({ rule: undefined })], new Map(), 'alice', 'short').cause).toBe(
      'The server\'s updateTodo threw "an error" for another client\'s (short) updateTodo of t1; the push still answered 200 and the optimistic change was dropped',
    );
  });
});
