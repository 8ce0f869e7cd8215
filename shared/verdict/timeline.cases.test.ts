// buildTimeline (timeline.ts) called directly: each step's condition at its boundary, its time only when
// known, and its exact words.
import { describe, expect, it } from 'vitest';
import { buildTimeline } from './timeline.ts';
import type { MutationFacts, PushAttempt, Watermark } from './collect.ts';
import { put, serverError } from './testFixtures.ts';

const facts = (p: Partial<MutationFacts> = {}): MutationFacts => ({
  key: 'c1#5',
  clientID: 'c1',
  mutationID: 5,
  name: 'addTodo',
  args: {},
  hasArgs: true,
  outbox: null,
  attempts: [],
  mutateAt: null,
  madeOnClient: false,
  rows: [],
  wrote: false,
  error: null,
  ...p,
});
const box = { clientID: 'c1', mutationID: 5, name: 'addTodo', args: {}, timestamp: 40 };
const wm = (value: number, at: number | null = 70): Watermark => ({ value, source: 'server /clients', at });

describe('buildTimeline', () => {
  it('nothing known: no steps', () => {
    expect(buildTimeline(facts(), [], null, null, 'unknown')).toEqual([]);
  });

  it('made on the client: the mutate step, timed by the bridge, else by the outbox, else untimed', () => {
    expect(buildTimeline(facts({ madeOnClient: true, name: null }), [], null, null, 'pending')).toEqual([
      { step: 'mutate', ok: true, detail: 'mutation ran optimistically' },
    ]);
    expect(buildTimeline(facts({ mutateAt: 30 }), [], null, null, 'pending')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically', at: 30 },
    ]);
    expect(buildTimeline(facts({ mutateAt: 30, outbox: box }), [], null, null, 'pending')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically', at: 30 },
      { step: 'outbox', ok: true, detail: 'in the outbox now', at: 40 },
    ]);
    expect(buildTimeline(facts({ outbox: { ...box, timestamp: null } }), [], null, null, 'pending')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically' },
      { step: 'outbox', ok: true, detail: 'in the outbox now' },
    ]);
    expect(buildTimeline(facts({ mutateAt: Infinity }), [], null, null, 'pending')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically' },
    ]);
  });

  it('each push: ok only for 2xx, its status or no answer, its request id when known', () => {
    const attempts: PushAttempt[] = [
      { requestId: 'r1', at: 1, status: 199 },
      { requestId: 'r2', at: 2, status: 200 },
      { requestId: null, at: 3, status: 299 },
      { requestId: 'r4', at: null, status: 300 },
      { requestId: 'r5', at: 5, status: 0 },
      { requestId: '', at: 6, status: null },
    ];
    expect(buildTimeline(facts(), attempts, null, null, 'pending')).toEqual([
      { step: 'push', ok: false, detail: 'push answered 199 (r1)', at: 1 },
      { step: 'push', ok: true, detail: 'push answered 200 (r2)', at: 2 },
      { step: 'push', ok: true, detail: 'push answered 299', at: 3 },
      { step: 'push', ok: false, detail: 'push answered 300 (r4)' },
      { step: 'push', ok: false, detail: 'push got no answer (r5)', at: 5 },
      { step: 'push', ok: false, detail: 'push got no answer', at: 6 },
    ]);
  });

  it('ack: processed from a watermark equal to the mutationID, timed then; below it, not and untimed', () => {
    expect(buildTimeline(facts(), [], wm(5), null, 'applied')).toEqual([
      { step: 'ack', ok: true, detail: 'watermark 5 ≥ 5 (server /clients)', at: 70 },
      { step: 'server-log', ok: false, detail: 'no change row carries its provenance' },
      { step: 'dropped', ok: true, detail: 'dropped from the outbox after a pull confirmed it' },
    ]);
    expect(buildTimeline(facts(), [], wm(4), null, 'pending')).toEqual([
      { step: 'ack', ok: false, detail: 'watermark 4 < 5 (server /clients)' },
    ]);
    expect(buildTimeline(facts({ outbox: box }), [], wm(6, null), null, 'applied')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically', at: 40 },
      { step: 'outbox', ok: true, detail: 'in the outbox now', at: 40 },
      { step: 'ack', ok: true, detail: 'watermark 6 ≥ 5 (server /clients)' },
      { step: 'server-log', ok: false, detail: 'no change row carries its provenance' },
    ]);
  });

  it('server-log: the count and the lowest row version, timed by that row', () => {
    const rows = [put(9, 'todos', { id: 'a' }, ['c1', 5]), put(7, 'todos', { id: 'b' }, ['c1', 5])];
    expect(buildTimeline(facts({ rows, outbox: box }), [], null, null, 'applied')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically', at: 40 },
      { step: 'outbox', ok: true, detail: 'in the outbox now', at: 40 },
      { step: 'server-log', ok: true, detail: '2 change row(s) from row version 7', at: 2007 },
    ]);
    const one = [put(3, 'todos', { id: 'a' }, ['c1', 5])];
    expect(buildTimeline(facts({ rows: one }), [], wm(4), null, 'applied')).toEqual([
      { step: 'ack', ok: false, detail: 'watermark 4 < 5 (server /clients)' },
      { step: 'server-log', ok: true, detail: '1 change row(s) from row version 3', at: 2003 },
    ]);
    expect(buildTimeline(facts({ rows: [...one, ...rows] }), [], null, null, 'applied')).toEqual([
      { step: 'server-log', ok: true, detail: '3 change row(s) from row version 3', at: 2003 },
    ]);
  });

  it('silently reverted: the server error’s words and time, or the default words', () => {
    const error = serverError(4, 'c1', 5, 'addTodo', 'todos.write');
    expect(buildTimeline(facts({ outbox: box, error }), [], null, null, 'silently-reverted')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically', at: 40 },
      { step: 'outbox', ok: true, detail: 'in the outbox now', at: 40 },
      { step: 'reverted', ok: false, detail: 'todos.write', at: 3004 },
    ]);
    expect(buildTimeline(facts({ outbox: box }), [], null, null, 'silently-reverted').at(-1)).toEqual({
      step: 'reverted',
      ok: false,
      detail: 'rolled back on the server',
    });
    expect(buildTimeline(facts({ outbox: box, error }), [], null, null, 'rejected')).toHaveLength(2);
  });

  it('pull and dropped: a confirming pull, dropped when gone from the outbox, lost when never processed', () => {
    const pull = { requestId: 'p9', at: 90, lastMutationIDs: { c1: 5 } };
    expect(buildTimeline(facts(), [], wm(5), pull, 'applied')).toEqual([
      { step: 'ack', ok: true, detail: 'watermark 5 ≥ 5 (server /clients)', at: 70 },
      { step: 'server-log', ok: false, detail: 'no change row carries its provenance' },
      { step: 'pull', ok: true, detail: 'pull p9 reported lastMutationID ≥ 5', at: 90 },
      { step: 'dropped', ok: true, detail: 'dropped from the outbox after a pull confirmed it' },
    ]);
    expect(buildTimeline(facts({ madeOnClient: true }), [], wm(4), null, 'lost')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically' },
      { step: 'ack', ok: false, detail: 'watermark 4 < 5 (server /clients)' },
      { step: 'dropped', ok: false, detail: 'gone from the outbox without the server processing it' },
    ]);
    expect(buildTimeline(facts({ madeOnClient: true }), [], null, null, 'lost')).toEqual([
      { step: 'mutate', ok: true, detail: 'addTodo ran optimistically' },
      { step: 'dropped', ok: false, detail: 'gone from the outbox without the server processing it' },
    ]);
    expect(buildTimeline(facts({ outbox: box }), [], wm(4), null, 'lost')).toHaveLength(3);
    expect(buildTimeline(facts({ madeOnClient: true }), [], null, null, 'pending')).toHaveLength(1);
  });
});
