import { describe, expect, it } from 'vitest';
import { verdictFindings } from './findings.ts';
import { judgeMutations, judgeRows } from './judge.ts';
import { cookieAt, makeInput, put, pushEvent, serverError } from './testFixtures.ts';
import type { VerdictInput } from './types.ts';

const AUTH = 'PlasmaAuthorizationError: todos.write';
const bob1 = { id: 'todo-bob-1', owner: 'bob', title: 'b1', done: 0 };
const bob2 = { id: 'todo-bob-2', owner: 'bob', title: 'b2', done: 0 };

function findings(input: VerdictInput, user?: string) {
  const mutations = judgeMutations(input);
  return verdictFindings(mutations, judgeRows(input, mutations), user ? { user } : {});
}

const revertInput = () =>
  makeInput(
    {
      base: { todos: [bob1, bob2], board_items: [] },
      cookie: cookieAt(5),
      changes: [put(4, 'todos', bob1), put(5, 'todos', bob2)],
      clients: { c1: 3 },
      errors: [
        serverError(1, 'c1', 1, 'updateTodo', AUTH),
        serverError(2, 'c1', 2, 'deleteTodo', AUTH),
        serverError(3, 'c1', 3, 'addBoardItem', 'PlasmaAuthorizationError: board_items.write'),
      ],
    },
    {
      events: [
        pushEvent('p1', 200, 10, 'c1', [{ id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'mine' } }]),
        pushEvent('p2', 200, 20, 'c1', [
          { id: 2, name: 'deleteTodo', args: { id: 'todo-bob-2' } },
          { id: 3, name: 'addBoardItem', args: { id: 'b9', team: 'red', text: 'hi', author: 'alice' } },
        ]),
      ],
    },
  );

describe('verdictFindings', () => {
  it('groups silent reverts by rule and says whose edit of which row failed and why', () => {
    const all = findings(revertInput(), 'alice');
    const todos = all.find((f) => f.title.includes('todos.write'));
    expect(todos).toMatchObject({
      code: 'silent-revert',
      severity: 'error',
      title: '2 mutations silently reverted by todos.write',
      cause: "todos.write rejected alice's updateTodo of todo-bob-1: the row's owner is bob (and 1 more)",
      fix: 'Check auth.write for todos, or stop offering the edit in the UI for rows the user does not own',
      requestIds: ['p1', 'p2'],
      mutationKeys: ['c1#1', 'c1#2'],
      rowKeys: ['todos/todo-bob-1', 'todos/todo-bob-2'],
    });
    const board = all.find((f) => f.title.includes('board_items.write'));
    expect(board?.cause).toBe("board_items.write rejected alice's addBoardItem of b9: the row's team is red");
    expect(board?.fix).toContain("rows outside the user's teams");
  });

  it('without a user name, still names the mutation, row and owner', () => {
    const f = findings(revertInput()).find((x) => x.code === 'silent-revert' && x.title.includes('todos'));
    expect(f?.cause).toBe("todos.write rejected updateTodo of todo-bob-1: the row's owner is bob (and 1 more)");
  });

  it('a mutator that threw for another reason is a mutation-error finding', () => {
    const input = makeInput(
      {
        clients: { c1: 1 },
        errors: [serverError(1, 'c1', 1, 'createTodo', 'Error: owner must be a non-empty string')],
      },
      {
        known: [
          {
            clientID: 'c1',
            mutationID: 1,
            name: 'createTodo',
            args: { id: 't1', owner: '' },
            pushedAt: 1,
            pushStatus: 200,
            requestId: 'p7',
          },
        ],
      },
    );
    const [f] = findings(input);
    expect(f).toMatchObject({ code: 'mutation-error', severity: 'error', requestIds: ['p7'] });
    expect(f?.cause).toContain('threw "Error: owner must be a non-empty string"');
  });

  it('one filtered-read finding per table, listing the hidden ids and how many were confirmed', () => {
    const input = makeInput({
      base: { todos: [], board_items: [] },
      cookie: cookieAt(9),
      changes: [
        put(2, 'board_items', { id: 'b1', team: 'red' }),
        put(3, 'board_items', { id: 'b2', team: 'red' }),
        put(4, 'todos', { id: 't1', owner: 'x' }),
      ],
    });
    input.server.rows = [{ table: 'board_items', id: 'b1', row: { id: 'b1', team: 'red' }, readable: false }];
    const all = findings(input).filter((f) => f.code === 'filtered-read');
    expect(all.map((f) => [f.title, f.severity, f.rowKeys])).toEqual([
      ['2 board_items rows hidden from this client by auth.read', 'warning', ['board_items/b1', 'board_items/b2']],
      ['1 todos row hidden from this client by auth.read', 'info', ['todos/t1']],
    ]);
    expect(all[0]!.cause).toBe(
      "auth.read for board_items hid b1, b2 from this client group's pulls; 1 of 2 confirmed by /rows, the rest inferred from the cookie",
    );
  });

  it('lost mutations: one warning naming them', () => {
    const input = makeInput(
      { clients: {} },
      { bridge: [{ kind: 'mutate', at: 1, name: 'createTodo', mutationID: 1, clientID: 'old' }] },
    );
    const [f] = findings(input);
    expect(f).toMatchObject({ code: 'lost-mutation', severity: 'warning', mutationKeys: ['old#1'] });
    expect(f?.fix).toContain('resetLocalState');
  });

  it('says when silent reverts cannot be judged for want of /errors', () => {
    const input = makeInput(
      { clients: { c1: 1 }, errors: null },
      { known: [{ clientID: 'c1', mutationID: 1, name: 'touch', args: {}, pushedAt: 1, pushStatus: 200 }] },
    );
    const [f] = findings(input);
    expect(f).toMatchObject({ code: 'verdict-undecided', severity: 'info' });
    expect(f?.fix).toContain('error tap');
  });

  it('ids are stable across recomputation and distinct per cause; errors sort first', () => {
    const a = findings(revertInput(), 'alice');
    const b = findings(revertInput(), 'alice');
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
    const mixed = findings(
      makeInput(
        { clients: { c1: 1 }, errors: [serverError(1, 'c1', 1, 'x', AUTH)] },
        {
          bridge: [{ kind: 'mutate', at: 1, name: 'createTodo', mutationID: 1, clientID: 'old' }],
        },
      ),
    );
    expect(mixed.map((f) => f.severity)).toEqual(['error', 'warning']);
  });

  it('a healthy capture has no findings', () => {
    const input = makeInput({
      base: { todos: [bob1] },
      cookie: cookieAt(4),
      clients: { c1: 1 },
      changes: [put(4, 'todos', bob1, ['c1', 1])],
    });
    expect(findings(input)).toEqual([]);
  });
});
