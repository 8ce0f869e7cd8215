// judgeMutations beyond the status: the rule, the HTTP status, request ids, timelines and evidence, and
// which mutations get a verdict at all. The status table is in mutations.test.ts.
import { describe, expect, it } from 'vitest';
import { judgeMutations } from './judge.ts';
import { del, makeInput, outbox, pullEvent, pushEvent, put, serverError } from './testFixtures.ts';
import type { MutationVerdict, VerdictInput } from './types.ts';

const todo = (id: string, owner: string, title = 'x') => ({ id, owner, title, done: 0, updatedAt: 0 });
const AUTH = 'PlasmaAuthorizationError: todos.write';

function verdict(input: VerdictInput, key: string): MutationVerdict {
  const found = judgeMutations(input).find((v) => v.key === key);
  if (!found) throw new Error(`no verdict for ${key}`);
  return found;
}

describe('judgeMutations: details', () => {
  it('names the rule and the change rows', () => {
    const reverted = verdict(
      makeInput({ clients: { c1: 1 }, errors: [serverError(1, 'c1', 1, 'updateTodo', AUTH)] }),
      'c1#1',
    );
    expect(reverted.rule).toEqual({ table: 'todos', predicate: 'write' });
    expect(reverted.name).toBe('updateTodo');
    expect(reverted.timeline.map((t) => t.step)).toEqual(['ack', 'server-log', 'reverted', 'dropped']);
    const applied = verdict(
      makeInput({
        clients: { c1: 1 },
        changes: [put(9, 'todos', todo('t1', 'a'), ['c1', 1]), del(4, 'todos', 't0', ['c1', 1])],
      }),
      'c1#1',
    );
    expect(applied.changeRowVersions).toEqual([4, 9]);
  });

  it('rejected carries the HTTP status of the last refusal', () => {
    const v = verdict(
      makeInput(
        { outbox: [outbox('c1', 1, 'createTodo', {})] },
        {
          events: [
            pushEvent('p1', 403, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }]),
            pushEvent('p2', 401, 20, 'c1', [{ id: 1, name: 'createTodo', args: {} }]),
          ],
        },
      ),
      'c1#1',
    );
    expect(v).toMatchObject({ status: 'rejected', httpStatus: 401, requestIds: ['p1', 'p2'] });
  });

  it('a 401 then a 200 shows both attempts on the timeline, failed then ok', () => {
    const v = verdict(
      makeInput(
        { clients: { c1: 1 }, changes: [put(3, 'todos', todo('t1', 'a'), ['c1', 1])] },
        {
          events: [
            pushEvent('p2', 200, 20, 'c1', [{ id: 1, name: 'createTodo', args: {} }]),
            pushEvent('p1', 401, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }]),
          ],
        },
      ),
      'c1#1',
    );
    expect(v.timeline.filter((t) => t.step === 'push').map((t) => [t.at, t.ok])).toEqual([
      [10, false],
      [20, true],
    ]);
  });

  it('a mutation pushed twice is one verdict listing both requests', () => {
    const m = [{ id: 1, name: 'createTodo', args: { id: 't1' } }];
    const all = judgeMutations(
      makeInput(
        { clients: { c1: 1 }, changes: [put(3, 'todos', todo('t1', 'a'), ['c1', 1])] },
        {
          events: [pushEvent('p1', 200, 10, 'c1', m), pushEvent('p2', 200, 20, 'c1', m)],
          known: [
            {
              clientID: 'c1',
              mutationID: 1,
              name: 'createTodo',
              args: { id: 't1' },
              pushedAt: 10,
              pushStatus: 200,
              requestId: 'p1',
            },
          ],
        },
      ),
    );
    expect(all).toHaveLength(1);
    expect(all[0]!.requestIds).toEqual(['p1', 'p2']);
    expect(all[0]!.args).toEqual({ id: 't1' });
  });

  it('several tabs of one group: the same mutationID in two clientIDs are judged apart', () => {
    const all = judgeMutations(
      makeInput({
        outbox: [outbox('tab-b', 1, 'updateTodo', { id: 'todo-bob-1' })],
        clients: { 'tab-a': 1, 'tab-b': 1 },
        changes: [put(5, 'todos', todo('t1', 'alice'), ['tab-a', 1])],
        errors: [serverError(1, 'tab-b', 1, 'updateTodo', AUTH)],
      }),
    );
    expect(all.map((v) => [v.key, v.status])).toEqual([
      ['tab-a#1', 'applied'],
      ['tab-b#1', 'silently-reverted'],
    ]);
  });

  it('ignores pushes and change rows of another client group', () => {
    const all = judgeMutations(
      makeInput(
        { changes: [{ ...put(5, 'todos', todo('t1', 'x'), ['c7', 1]), clientGroupID: 'other' }] },
        {
          events: [pushEvent('p1', 200, 10, 'c8', [{ id: 1, name: 'createTodo', args: {} }], 'other')],
        },
      ),
    );
    expect(all).toEqual([]);
  });

  it('row_version gaps never produce verdicts of their own', () => {
    const all = judgeMutations(
      makeInput(
        {
          clients: { c1: 3 },
          changes: [
            put(1, 'todos', todo('t1', 'a'), ['c1', 1]),
            put(50, 'todos', todo('t3', 'a'), ['c1', 3]),
            put(51, 'todos', todo('t4', 'a')),
          ],
        },
        { known: [{ clientID: 'c1', mutationID: 2, name: 'touch', args: {}, pushedAt: 1, pushStatus: 200 }] },
      ),
    );
    expect(all.map((v) => [v.key, v.status])).toEqual([
      ['c1#1', 'applied'],
      ['c1#2', 'applied-no-writes'],
      ['c1#3', 'applied'],
    ]);
  });

  it('reads the watermark from a captured pull and marks that pull on the timeline', () => {
    const v = verdict(
      makeInput(
        { adminAvailable: false },
        {
          events: [
            pullEvent('q1', 30, 'c1', { c1: 0 }, 4),
            pullEvent('q2', 40, 'c1', { c1: 2 }, 5),
            pushEvent('p1', 200, 20, 'c1', [{ id: 2, name: 'touch', args: {} }]),
          ],
        },
      ),
      'c1#2',
    );
    expect(v.status).toBe('unknown');
    expect(v.timeline.find((t) => t.step === 'pull')).toMatchObject({ at: 40, ok: true });
    expect(v.evidence.join('\n')).toContain('watermark 2 for c1 (pull q2)');
  });

  it('with /errors unavailable, says how other mutations of the same name behaved', () => {
    const v = verdict(
      makeInput(
        { clients: { c1: 2 }, errors: null, changes: [put(3, 'todos', todo('t1', 'a'), ['c1', 1])] },
        {
          known: [
            { clientID: 'c1', mutationID: 1, name: 'updateTodo', args: { id: 't1' }, pushedAt: 1, pushStatus: 200 },
            { clientID: 'c1', mutationID: 2, name: 'updateTodo', args: { id: 't2' }, pushedAt: 2, pushStatus: 200 },
          ],
        },
      ),
      'c1#2',
    );
    expect(v.status).toBe('unknown');
    expect(v.evidence).toContain('1 other updateTodo mutation(s) did write rows');
  });
});
