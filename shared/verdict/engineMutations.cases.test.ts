// The engine's mutation side (engineMutations.ts) through update(): which mutations a pull, a read time or a push
// judges again, what another client group's traffic counts for, and the order of a mutation's pushes when one is
// updated in place; each state compared with judge() on the same data.
import { describe, expect, it } from 'vitest';
import { createVerdictEngine } from './engine.ts';
import type { VerdictChanges } from './engineTypes.ts';
import { judge } from './judge.ts';
import { makeInput, outbox, pullEvent, pushEvent, put, serverError } from './testFixtures.ts';
import type { PullEvent, SyncEvent } from '../sync/types.ts';
import type { VerdictInput } from './types.ts';

const row = (id: string) => ({ id, owner: 'alice', title: id });
const input = makeInput({
  base: { todos: [row('a'), row('b')] },
  outbox: [outbox('c1', 3, 'addTodo', { id: 'c' }), outbox('c1', 4, 'addTodo', { id: 'd' })],
  changes: [put(1, 'todos', row('a'), ['c1', 1]), put(2, 'todos', row('b'), ['c1', 2])],
  clients: { c1: 2 },
  lastMutationIDs: { c1: 2 },
});

function started(i: VerdictInput = input) {
  const engine = createVerdictEngine();
  engine.update({ client: i.client, server: i.server, ...(i.events ? { events: [...i.events] } : {}) });
  return engine;
}
const mutationKeys = (c: VerdictChanges) => c.mutations.map((m) => m.key).sort();
const same = (engine: ReturnType<typeof createVerdictEngine>, i: VerdictInput) => {
  const expected = judge(i);
  const got = engine.snapshot();
  expect(got.mutations).toEqual(expected.mutations);
  expect(got.mutations.map((m) => [m.key, m.evidence, m.timeline])).toEqual(
    expected.mutations.map((m) => [m.key, m.evidence, m.timeline]),
  );
  expect(got.rows).toEqual(expected.rows);
  expect(got.findings).toEqual(expected.findings);
};
const otherGroupPull = (ev: PullEvent): PullEvent => {
  if (ev.request.state !== 'ok') throw new Error('fixture pull has a request');
  return { ...ev, request: { ...ev.request, value: { ...ev.request.value, clientGroupID: 'g2' } } };
};

describe('engine mutations: what a delta judges again', () => {
  it('a pull raising the watermark judges the mutations above the old highest one', () => {
    const engine = started();
    const pull = pullEvent('q1', 50, 'c1', { c1: 3 }, 2);
    const c = engine.update({ events: [pull] });
    expect(c.full).toBe(false);
    expect(mutationKeys(c)).toEqual(['c1#3', 'c1#4']);
    same(engine, { ...input, events: [pull] });
    const lower = pullEvent('q0', 40, 'c1', { c1: 1, c2: Number.NaN }, 1);
    const c2 = engine.update({ events: [lower] });
    expect(mutationKeys(c2)).toEqual([]);
    same(engine, { ...input, events: [pull, lower] });
    const gone = engine.update({ removeEvents: ['q1'] });
    expect(mutationKeys(gone)).toEqual(['c1#3', 'c1#4']);
    same(engine, { ...input, events: [lower] });
  });

  it('a new read time judges the mutations the server has not processed', () => {
    const engine = started();
    const client = { ...input.client, readAt: 9000 };
    const c = engine.update({ client });
    expect(c.full).toBe(false);
    expect(mutationKeys(c)).toEqual(['c1#3', 'c1#4']);
    same(engine, { ...input, client });
  });

  it('a captured push judges the mutations it carries, nothing else', () => {
    const engine = started();
    const push = pushEvent('p1', 200, 60, 'c1', [{ id: 4, name: 'addTodo', args: { id: 'd' } }]);
    expect(mutationKeys(engine.update({ events: [push] }))).toEqual(['c1#4']);
    same(engine, { ...input, events: [push] });
  });

  it('a mutation a rebuild knew only from its change rows is judged from every source that arrives later', () => {
    const engine = started();
    expect(engine.mutation('c1#1')?.name).toBe('(unknown)');
    const push = pushEvent('p1', 200, 60, 'c1', [{ id: 1, name: 'addTodo', args: { id: 'a' } }]);
    expect(mutationKeys(engine.update({ events: [push] }))).toEqual(['c1#1']);
    expect(engine.mutation('c1#1')).toMatchObject({ name: 'addTodo', requestIds: ['p1'] });
    same(engine, { ...input, events: [push] });
    const error = serverError(1, 'c1', 2, 'addTodo', 'PlasmaAuthorizationError: todos.write');
    expect(mutationKeys(engine.update({ server: { errors: [error] } }))).toEqual(['c1#2']);
    const withError = { ...input, events: [push], server: { ...input.server, errors: [error] } };
    same(engine, withError);
    const again = put(3, 'todos', row('a'), ['c1', 2]);
    expect(mutationKeys(engine.update({ server: { changes: [again] } }))).toEqual(['c1#2']);
    expect(engine.mutation('c1#2')?.changeRowVersions).toEqual([2, 3]);
    const three = { ...withError, server: { ...withError.server, changes: [...input.server.changes, again] } };
    same(engine, three);
    const cut = engine.update({ server: { changesFrom: 3 } });
    expect(mutationKeys(cut)).toEqual(['c1#1', 'c1#2']);
    expect(engine.mutation('c1#2')?.changeRowVersions).toEqual([3]);
    same(engine, { ...three, server: { ...three.server, changes: [again] } });
  });

  it('another client group’s push and pull count for nothing', () => {
    const engine = started();
    const push = pushEvent('p9', 200, 60, 'c1', [{ id: 4, name: 'addTodo', args: { id: 'd' } }], 'g2');
    const pull = otherGroupPull(pullEvent('q9', 70, 'c1', { c1: 9 }, 2));
    const c = engine.update({ events: [push, pull] });
    expect(mutationKeys(c)).toEqual([]);
    expect(engine.mutation('c1#4')?.requestIds).toEqual([]);
    same(engine, { ...input, events: [push, pull] });
  });

  it('another client group’s change rows and errors count for nothing', () => {
    const engine = started();
    const foreign = { ...put(3, 'todos', row('c'), ['c1', 3]), clientGroupID: 'g2' };
    const err = { ...serverError(1, 'c1', 4, 'addTodo', 'boom'), clientGroupID: 'g2' };
    const c = engine.update({ server: { changes: [foreign], errors: [err] } });
    expect(mutationKeys(c)).toEqual([]);
    same(engine, { ...input, server: { ...input.server, changes: [...input.server.changes, foreign], errors: [err] } });
  });

  it('a push updated in place keeps its place among the mutation’s pushes', () => {
    const first = pushEvent('p1', 503, 10, 'c1', [{ id: 4, name: 'addTodo', args: { id: 'd' } }]);
    const second = pushEvent('p2', 503, 20, 'c1', [{ id: 4, name: 'addTodo', args: { id: 'd' } }]);
    const engine = started({ ...input, events: [first, second] });
    const answered = { ...first, status: 200, durationMs: 9 };
    const c = engine.update({ events: [answered] });
    expect(mutationKeys(c)).toEqual(['c1#4']);
    expect(engine.mutation('c1#4')?.requestIds).toEqual(['p1', 'p2']);
    same(engine, { ...input, events: [answered, second] });
  });

  it('a push without a readable request, or without a clientID, names no mutation', () => {
    const engine = started();
    const base = pushEvent('p3', 200, 10, 'c1', [{ id: 4, name: 'addTodo', args: { id: 'd' } }]);
    if (base.request.state !== 'ok') throw new Error('fixture push has a request');
    const unread = { ...base, id: 'p4', request: { state: 'empty' } } as SyncEvent;
    const anonymous = {
      ...base,
      id: 'p5',
      request: { ...base.request, value: { ...base.request.value, clientID: null } },
    };
    const c = engine.update({ events: [unread, anonymous] });
    expect(mutationKeys(c)).toEqual([]);
    expect(engine.update({ removeEvents: ['p4', 'p5'] }).mutations).toEqual([]);
    same(engine, input);
  });
});
