// The engine behind a message boundary (host.ts): which messages it answers, what each reply holds, and
// what a summary keeps of a verdict. Replies are asserted whole.
import { describe, expect, it } from 'vitest';
import { createVerdictHost, isHostRequest, summarise, type HostReply } from './host.ts';
import { judge } from './judge.ts';
import { makeInput, outbox, put, serverError } from './testFixtures.ts';
import type { MutationVerdict } from './types.ts';

const verdict: MutationVerdict = {
  key: 'c1#2',
  clientID: 'c1',
  mutationID: 2,
  name: 'addTodo',
  args: { id: 't1' },
  status: 'rejected',
  cause: 'HTTP 403',
  rule: { table: 'todos', predicate: 'write' },
  httpStatus: 403,
  evidence: ['a line'],
  changeRowVersions: [4, 5],
  timeline: [{ at: 1, kind: 'pushed', text: 'pushed' }] as unknown as MutationVerdict['timeline'],
  requestIds: ['r1'],
};

describe('summarise', () => {
  it('keeps every plain field, drops evidence and timeline, and marks the details pending', () => {
    expect(summarise(verdict)).toEqual({
      key: 'c1#2',
      clientID: 'c1',
      mutationID: 2,
      name: 'addTodo',
      args: { id: 't1' },
      status: 'rejected',
      cause: 'HTTP 403',
      rule: { table: 'todos', predicate: 'write' },
      httpStatus: 403,
      evidence: [],
      changeRowVersions: [4, 5],
      timeline: [],
      requestIds: ['r1'],
      detailsPending: true,
    });
  });

  it('adds no cause, rule or HTTP status the verdict does not have', () => {
    const { cause: _c, rule: _r, httpStatus: _h, ...bare } = verdict;
    const out = summarise(bare);
    expect(Object.keys(out).sort()).toEqual(
      [
        'key',
        'clientID',
        'mutationID',
        'name',
        'args',
        'status',
        'evidence',
        'changeRowVersions',
        'timeline',
        'requestIds',
        'detailsPending',
      ].sort(),
    );
  });

  it('keeps an empty cause and an HTTP status of 0', () => {
    const out = summarise({ ...verdict, cause: '', httpStatus: 0 });
    expect(out.cause).toBe('');
    expect(out.httpStatus).toBe(0);
  });
});

describe('isHostRequest', () => {
  it.each([
    [null, false],
    [undefined, false],
    ['update', false],
    [5, false],
    [{}, false],
    [{ type: 'changes' }, false],
    [{ type: 'update' }, true],
    [{ type: 'options' }, true],
    [{ type: 'explain', key: 'c1#1' }, true],
    [{ type: 'explain', key: 1 }, false],
    [{ type: 'explain' }, false],
    [{ type: 'UPDATE' }, false],
    [{ type: 'explained', key: 'c1#1' }, false],
    [{ key: 'c1#1' }, false],
  ])('%j → %s', (msg, ok) => {
    expect(isHostRequest(msg)).toBe(ok);
  });
});

/** A host whose replies land in a list; its clock reads 10, 17, 24, ... */
function host(summaries: boolean, clock = true) {
  const replies: HostReply[] = [];
  let t = 3;
  const h = createVerdictHost(
    (r) => replies.push(r),
    clock
      ? {
          summaries,
          now: () => {
            t += 7;
            return t;
          },
        }
      : { summaries },
  );
  return { h, replies };
}

const input = makeInput({
  outbox: [outbox('c1', 2, 'addTodo', { id: 't2' })],
  base: { todos: [{ id: 't1', title: 'milk' }] },
  changes: [put(1, 'todos', { id: 't1', title: 'milk' }, ['c1', 1])],
  clients: { c1: 1 },
  lastMutationIDs: { c1: 1 },
  errors: [serverError(1, 'c1', 3, 'addTodo', 'boom')],
});
const delta = { client: input.client, server: input.server };

describe('createVerdictHost', () => {
  it('ignores what is not a request', () => {
    const { h, replies } = host(false);
    h.handle({ type: 'changes' });
    h.handle(null);
    h.handle({ type: 'explain', key: 3 });
    expect(replies).toEqual([]);
  });

  it('an update answers the engine’s changes, whole, with the time the clock measured', () => {
    const { h, replies } = host(false);
    h.handle({ type: 'update', delta });
    const expected = judge(input);
    expect(replies).toHaveLength(1);
    const r = replies[0];
    if (r?.type !== 'changes') throw new Error(`expected changes, got ${JSON.stringify(r)}`);
    expect(r.ms).toBe(7);
    expect(r.changes.full).toBe(true);
    expect(r.changes.mutations).toEqual(expected.mutations);
    expect(r.changes.mutations.map((m) => m.evidence.length > 0)).toEqual(expected.mutations.map(() => true));
    expect(r.changes.rows).toEqual(expected.rows);
    expect(r.changes.findings).toEqual(expected.findings);
  });

  it('with summaries, an update sends each mutation summarised', () => {
    const { h, replies } = host(true);
    h.handle({ type: 'update', delta });
    const r = replies[0];
    if (r?.type !== 'changes') throw new Error('expected changes');
    const expected = judge(input);
    expect(r.changes.mutations).toEqual(expected.mutations.map(summarise));
    expect(r.changes.rows).toEqual(expected.rows);
  });

  it('without a clock, ms is 0', () => {
    const { h, replies } = host(false, false);
    h.handle({ type: 'update', delta });
    expect(replies[0]).toMatchObject({ type: 'changes', ms: 0 });
  });

  it('options answer an empty non-full change with the findings for the new user', () => {
    const { h, replies } = host(true);
    h.handle({ type: 'update', delta });
    h.handle({ type: 'options', options: { user: 'alice' } });
    expect(replies[1]).toEqual({
      type: 'changes',
      changes: {
        full: false,
        mutations: [],
        removedMutations: [],
        rows: [],
        removedRows: [],
        findings: judge(input, { user: 'alice' }).findings,
      },
      ms: 0,
    });
  });

  it('explain answers a mutation’s evidence and timeline, or empty lists for an unknown key', () => {
    const { h, replies } = host(true);
    h.handle({ type: 'update', delta });
    const m = judge(input).mutations.find((v) => v.key === 'c1#2');
    expect(m?.evidence.length).toBeGreaterThan(0);
    h.handle({ type: 'explain', id: 9, key: 'c1#2' });
    h.handle({ type: 'explain', id: 10, key: 'c9#1' });
    expect(replies.slice(1)).toEqual([
      { type: 'explained', id: 9, key: 'c1#2', evidence: m?.evidence, timeline: m?.timeline },
      { type: 'explained', id: 10, key: 'c9#1', evidence: [], timeline: [] },
    ]);
  });

  it('an engine that throws answers an error with its message and keeps serving', () => {
    const { h, replies } = host(true);
    const hostile = {
      get client(): never {
        throw new Error('page gone');
      },
    };
    h.handle({ type: 'update', delta: hostile });
    expect(replies).toEqual([{ type: 'error', message: 'page gone' }]);
    const text = {
      get client(): never {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error throw is what this test is about
        throw 'plain text';
      },
    };
    h.handle({ type: 'update', delta: text });
    expect(replies[1]).toEqual({ type: 'error', message: 'plain text' });
    h.handle({ type: 'update', delta });
    expect(replies[2]).toMatchObject({ type: 'changes' });
  });
});
