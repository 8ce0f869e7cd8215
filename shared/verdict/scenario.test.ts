// One realistic session end to end: HAR entries through shared/sync's parser, the page's IndexedDB
// as plasma leaves it, and the admin API's answers, judged together.

import { describe, expect, it } from 'vitest';
import { harEntry, pushBody } from '../sync/fixtures.ts';
import { parseEntry } from '../sync/index.ts';
import type { SyncEvent } from '../sync/types.ts';
import { judge } from './judge.ts';
import { cookieAt, GROUP, outbox, put, serverError } from './testFixtures.ts';
import type { VerdictInput } from './types.ts';

const at = (s: number) => new Date(Date.UTC(2025, 0, 2, 3, 4, s)).toISOString();
const mutation = (id: number, name: string, args: unknown) => ({ id, name, args, timestamp: 1 });

function push(id: string, s: number, clientID: string, mutations: unknown[], status = 200): SyncEvent {
  const entry = harEntry({
    method: 'POST',
    url: 'https://app.test/sync/push',
    startedDateTime: at(s),
    status,
    body: pushBody({ clientGroupID: GROUP, clientID, schemaVersion: '3', mutations }),
    response: status === 200 ? { ok: true } : { error: 'unauthorized' },
  });
  const ev = parseEntry(entry, id);
  if (!ev) throw new Error('push not recognised');
  return ev;
}

function pull(
  id: string,
  s: number,
  clientID: string,
  cookieRv: number,
  lastMutationIDs: Record<string, number>,
): SyncEvent {
  const entry = harEntry({
    url: `https://app.test/sync/pull?clientGroupID=${GROUP}&clientID=${clientID}&schemaVersion=3&protocolVersion=1`,
    startedDateTime: at(s),
    response: { cookie: cookieAt(cookieRv), patch: [], lastMutationIDs },
  });
  const ev = parseEntry(entry, id);
  if (!ev) throw new Error('pull not recognised');
  return ev;
}

const bob1 = { id: 'todo-bob-1', owner: 'bob', title: 'bob', done: 0, updatedAt: 0 };
const a1 = { id: 't-a1', owner: 'alice', title: 'milk', done: 0, updatedAt: 1 };
const a2 = { id: 't-a2', owner: 'alice', title: 'eggs', done: 0, updatedAt: 2 };
const red = { id: 'b-red', team: 'red', text: 'red only', author: 'bob', createdAt: 0 };

function session(): VerdictInput {
  return {
    client: {
      outbox: [outbox('tab-a', 3, 'createTodo', { id: 't-a2', owner: 'alice', title: 'eggs' })],
      base: { todos: [bob1, a1], board_items: [] },
      visible: { todos: [bob1, a1, a2], board_items: [] },
      meta: {
        cookie: cookieAt(12),
        clientGroupID: GROUP,
        schemaVersion: '3',
        lastMutationIDs: { 'tab-a': 2, 'tab-b': 1 },
      },
    },
    bridge: [{ kind: 'mutate', at: 1, name: 'createTodo', mutationID: 1, clientID: 'tab-old' }],
    events: [
      push('p1', 1, 'tab-a', [
        mutation(1, 'createTodo', { id: 't-a1', owner: 'alice' }),
        mutation(2, 'updateTodo', { id: 'todo-bob-1', title: 'mine' }),
      ]),
      push('p2', 2, 'tab-b', [mutation(1, 'touch', {})], 401),
      push('p3', 3, 'tab-b', [mutation(1, 'touch', {})]),
      pull('q1', 4, 'tab-a', 12, { 'tab-a': 2, 'tab-b': 1 }),
      push('p4', 5, 'tab-a', [mutation(3, 'createTodo', { id: 't-a2', owner: 'alice', title: 'eggs' })]),
    ],
    server: {
      adminAvailable: true,
      changes: [
        put(3, 'todos', bob1),
        put(5, 'board_items', red),
        put(10, 'todos', a1, ['tab-a', 1]),
        put(14, 'todos', a2, ['tab-a', 3]),
      ],
      clients: [
        { clientGroupID: GROUP, clientID: 'tab-a', lastMutationID: 3, updatedAt: 9 },
        { clientGroupID: GROUP, clientID: 'tab-b', lastMutationID: 1, updatedAt: 9 },
      ],
      errors: [serverError(1, 'tab-a', 2, 'updateTodo', 'PlasmaAuthorizationError: todos.write')],
      rows: [{ table: 'board_items', id: 'b-red', row: red, readable: false }],
    },
  };
}

describe('a session: two tabs, a silent revert, a 401 then success, a filtered read, a reset tab', () => {
  const out = judge(session(), { user: 'alice' });

  it('judges every mutation', () => {
    expect(out.mutations.map((m) => [m.key, m.status])).toEqual([
      ['tab-a#1', 'applied'],
      ['tab-a#2', 'silently-reverted'],
      ['tab-a#3', 'applied'],
      ['tab-b#1', 'applied-no-writes'],
      ['tab-old#1', 'lost'],
    ]);
    const reverted = out.mutations[1]!;
    expect(reverted).toMatchObject({
      rule: { table: 'todos', predicate: 'write' },
      requestIds: ['p1'],
      args: { id: 'todo-bob-1', title: 'mine' },
    });
    expect(reverted.timeline.map((t) => t.step)).toEqual([
      'mutate',
      'push',
      'ack',
      'server-log',
      'reverted',
      'pull',
      'dropped',
    ]);
    expect(out.mutations[3]!.timeline.filter((t) => t.step === 'push').map((t) => t.ok)).toEqual([false, true]);
  });

  it('judges every row', () => {
    expect(out.rows.map((r) => [r.key, r.state])).toEqual([
      ['board_items/b-red', 'filtered'],
      ['todos/t-a1', 'in-sync'],
      ['todos/t-a2', 'optimistic'],
      ['todos/todo-bob-1', 'reverted'],
    ]);
    expect(out.rows[0]!.confirmed).toBe(true);
  });

  it('explains it in findings', () => {
    expect(out.findings.map((f) => [f.code, f.severity, f.cause])).toEqual([
      ['silent-revert', 'error', "todos.write rejected alice's updateTodo of todo-bob-1: the row's owner is bob"],
      [
        'filtered-read',
        'warning',
        "auth.read for board_items hid b-red from this client group's pulls; confirmed by /rows",
      ],
      ['lost-mutation', 'warning', expect.stringContaining('createTodo #1')],
    ]);
  });
});
