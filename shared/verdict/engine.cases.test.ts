// The incremental engine (engine.ts): which deltas judge everything again (full) and which judge only what they
// touch, how a delta's untrusted parts are guarded, and that the state after each update is what judge() gives.
import { describe, expect, it } from 'vitest';
import { createVerdictEngine } from './engine.ts';
import type { VerdictChanges, VerdictDelta } from './engineTypes.ts';
import { judge } from './judge.ts';
import { makeInput, outbox, pushEvent, put, serverError } from './testFixtures.ts';
import type { VerdictInput } from './types.ts';

const t1 = { id: 't1', owner: 'alice', title: 'milk' };
const input = makeInput({
  outbox: [outbox('c1', 3, 'addTodo', { id: 't3' })],
  base: { todos: [t1] },
  visible: { todos: [t1, { id: 't3', owner: 'alice', title: 'new' }] },
  changes: [put(1, 'todos', t1, ['c1', 1])],
  clients: { c1: 2 },
  lastMutationIDs: { c1: 2 },
  errors: [serverError(1, 'c1', 2, 'addTodo', 'PlasmaAuthorizationError: todos.write')],
});

function started(i: VerdictInput = input) {
  const engine = createVerdictEngine();
  const first = engine.update({ client: i.client, server: i.server });
  return { engine, first };
}
const keys = (c: VerdictChanges) => ({
  full: c.full,
  mutations: c.mutations.map((m) => m.key),
  removedMutations: c.removedMutations,
  rows: c.rows.map((r) => r.key),
  removedRows: c.removedRows,
});
const same = (engine: ReturnType<typeof createVerdictEngine>, i: VerdictInput) => {
  const expected = judge(i);
  const got = engine.snapshot();
  expect(got.mutations).toEqual(expected.mutations);
  expect(got.rows).toEqual(expected.rows);
  expect(got.findings).toEqual(expected.findings);
};

describe('engine: full or partial updates', () => {
  it('the first client is a full update; the same data again changes nothing', () => {
    const { engine, first } = started();
    expect(first.full).toBe(true);
    expect(first.mutations.map((m) => [m.key, m.status])).toEqual([
      ['c1#1', 'applied'],
      ['c1#2', 'silently-reverted'],
      ['c1#3', 'pending'],
    ]);
    same(engine, input);
    // The same client again: nothing moves but what its (re-read) outbox names.
    expect(keys(engine.update({ client: input.client }))).toEqual({
      full: false,
      mutations: ['c1#3'],
      removedMutations: [],
      rows: ['todos/t3'],
      removedRows: [],
    });
    same(engine, input);
    expect(keys(engine.update({}))).toEqual({
      full: false,
      mutations: [],
      removedMutations: [],
      rows: [],
      removedRows: [],
    });
  });

  it.each<[string, VerdictDelta['server']]>([
    ['the admin API going away', { adminAvailable: false }],
    ['a new start of the known log', { knownFromRowVersion: 1 }],
    ['a new start time of the known log', { knownFromAt: 5 }],
    ['/errors going away', { errors: null }],
  ])('%s judges everything again', (_name, server) => {
    const { engine } = started();
    const c = engine.update({ server });
    expect(c.full).toBe(true);
    const next = { ...input, server: { ...input.server, ...server } };
    same(engine, next);
  });

  it.each<[string, VerdictDelta['server']]>([
    ['the admin API still up', { adminAvailable: true }],
    ['the same start of the known log', { knownFromRowVersion: null, knownFromAt: null }],
    ['no new errors', { errors: [] }],
    ['/clients unchanged', { clients: input.server.clients }],
  ])('%s: nothing judged again', (_name, server) => {
    const { engine } = started();
    expect(keys(engine.update({ server }))).toEqual({
      full: false,
      mutations: [],
      removedMutations: [],
      rows: [],
      removedRows: [],
    });
  });

  it('/errors coming back judges everything again', () => {
    const { engine } = started({ ...input, server: { ...input.server, errors: null } });
    expect(engine.update({ server: { errors: [] } }).full).toBe(true);
    same(engine, { ...input, server: { ...input.server, errors: [] } });
  });

  it('another client group judges everything again', () => {
    const { engine } = started();
    const client = { ...input.client, meta: { ...input.client.meta, clientGroupID: 'g2' } };
    expect(engine.update({ client }).full).toBe(true);
    same(engine, { ...input, client });
  });

  it('a new change row judges its mutation and its row only', () => {
    const { engine } = started();
    const row = put(2, 'todos', { id: 't2', owner: 'alice', title: 'x' }, ['c1', 2]);
    const c = engine.update({ server: { changes: [row] } });
    expect(keys(c)).toEqual({
      full: false,
      mutations: ['c1#2'],
      removedMutations: [],
      rows: ['todos/t2'],
      removedRows: [],
    });
    same(engine, { ...input, server: { ...input.server, changes: [...input.server.changes, row] } });
  });

  it('a new server error judges its mutation; errors below errorsFrom leave', () => {
    const { engine } = started();
    const err = serverError(2, 'c1', 1, 'addTodo', 'boom');
    const c = engine.update({ server: { errors: [err], errorsFrom: 2 } });
    // c1#2 was known only from the error that left; c1#1 gains one (it still wrote rows: applied).
    expect(keys(c)).toEqual({
      full: false,
      mutations: ['c1#1'],
      removedMutations: ['c1#2'],
      rows: [],
      removedRows: [],
    });
    same(engine, { ...input, server: { ...input.server, errors: [err] } });
  });

  it('changes below changesFrom leave the log', () => {
    const { engine } = started();
    const c = engine.update({ server: { changesFrom: 2 } });
    // c1#1 was known only from the change row that left.
    expect(keys(c)).toEqual({
      full: false,
      mutations: [],
      removedMutations: ['c1#1'],
      rows: ['todos/t1'],
      removedRows: [],
    });
    same(engine, { ...input, server: { ...input.server, changes: [] } });
  });

  it('a captured push judges the mutations it carries; removing it judges them again', () => {
    const { engine } = started();
    const ev = pushEvent('p1', 500, 10, 'c1', [{ id: 3, name: 'addTodo', args: { id: 't3' } }]);
    const c = engine.update({ events: [ev] });
    expect(keys(c)).toEqual({ full: false, mutations: ['c1#3'], removedMutations: [], rows: [], removedRows: [] });
    same(engine, { ...input, events: [ev] });
    const back = engine.update({ removeEvents: ['p1', 'nope'] });
    expect(back.full).toBe(false);
    expect(back.mutations.map((m) => m.key)).toEqual(['c1#3']);
    same(engine, input);
  });

  it('a mutation no source names any more is removed', () => {
    const { engine } = started();
    const client = { ...input.client, outbox: [] };
    const c = engine.update({ client });
    expect(c.full).toBe(false);
    expect(c.removedMutations).toEqual(['c1#3']);
    same(engine, { ...input, client });
  });

  it('options change the findings’ words without judging again', () => {
    const { engine } = started();
    const before = engine.findings();
    engine.setOptions({ user: 'carol' });
    const after = engine.findings();
    expect(after).not.toEqual(before);
    expect(after).toEqual(judge(input, { user: 'carol' }).findings);
    expect(engine.findings()).toBe(after);
  });

  it('mutation(key) finds a verdict by its key, and nothing for a key without #', () => {
    const { engine } = started();
    expect(engine.mutation('c1#3')?.status).toBe('pending');
    expect(engine.mutation('c1#9')).toBeUndefined();
    expect(engine.mutation('c13')).toBeUndefined();
    expect(engine.mutation('c9#3')).toBeUndefined();
  });
});

describe('engine: a delta is guarded like a whole input', () => {
  it('hostile parts are dropped, not thrown on', () => {
    const { engine } = started();
    const hostile = {
      events: [{ kind: 'push' }],
      removeEvents: [5, 'x'],
      bridge: [{ kind: 'mutate' }],
      known: [null],
      server: {
        changes: [{ rowVersion: 'x' }],
        changesFrom: 'x',
        knownFromRowVersion: undefined,
        clients: [{}],
        errors: [{}],
        errorsFrom: NaN,
        rows: [{}],
        adminAvailable: 'yes',
      },
    } as unknown as VerdictDelta;
    const c = engine.update(hostile);
    expect(c.full).toBe(false);
    same(engine, { ...input, server: { ...input.server, clients: [], rows: [] } });
  });

  it('a non-finite knownFromRowVersion reads as none', () => {
    const { engine } = started({ ...input, server: { ...input.server, knownFromRowVersion: 1 } });
    expect(engine.update({ server: { knownFromRowVersion: Infinity } }).full).toBe(true);
    same(engine, input);
  });

  it('client null: the page has no database', () => {
    const { engine } = started();
    const c = engine.update({ client: null });
    const empty = makeInput({ base: {}, visible: {} }, { server: input.server });
    empty.client.meta.clientGroupID = null;
    empty.client.meta.schemaVersion = null;
    expect(c.full).toBe(true);
    same(engine, empty);
  });

  it('an incremental read: rows put and deleted by key, unreadable parts dropped', () => {
    const { engine } = started();
    const t4 = { id: 't4', owner: 'alice', title: 'four' };
    const c = engine.update({
      clientChange: {
        base: { todos: { put: [t4, 'x'], del: ['t1', 7] }, bad: 'x' },
        visible: { todos: { put: [t4], del: ['t1', 't3'] }, odd: { put: 'x', del: 'y' } },
        outbox: [],
        meta: input.client.meta,
        readAt: null,
      } as unknown as VerdictDelta['clientChange'],
    });
    expect(c.full).toBe(false);
    same(engine, {
      ...input,
      client: {
        ...input.client,
        outbox: [],
        base: { todos: [t4] },
        visible: { todos: [t4] },
      },
    });
  });
});
