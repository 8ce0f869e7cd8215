// The per-mutation timeline the panel draws (mutate → outbox → push → ack → server-log → reverted → pull →
// dropped), read through judgeMutations: every step, its order, its time when known, ok, and its words.
import { describe, expect, it } from 'vitest';
import { judgeMutations } from './judge.ts';
import { makeInput, outbox, pullEvent, pushEvent, put, serverError } from './testFixtures.ts';
import type { TimelineEntry, VerdictInput } from './types.ts';

const todo = (id: string) => ({ id, owner: 'alice', title: 'x', done: 0, updatedAt: 0 });

function timeline(input: VerdictInput, key: string): TimelineEntry[] {
  const found = judgeMutations(input).find((v) => v.key === key);
  if (!found) throw new Error(`no verdict for ${key}`);
  return found.timeline;
}

describe('the timeline of one mutation', () => {
  it('waiting in the outbox after a 503: made, in the outbox, a failed push, not acknowledged', () => {
    const input = makeInput(
      { outbox: [outbox('c1', 1, 'createTodo', {})], clients: { c1: 0 } },
      { events: [pushEvent('p1', 503, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }])] },
    );
    expect(timeline(input, 'c1#1')).toEqual([
      { step: 'mutate', ok: true, detail: 'createTodo ran optimistically', at: 1001 },
      { step: 'outbox', ok: true, detail: 'in the outbox now', at: 1001 },
      { step: 'push', ok: false, detail: 'push answered 503 (p1)', at: 10 },
      { step: 'ack', ok: false, detail: 'watermark 0 < 1 (server /clients)' },
    ]);
  });

  it('applied and confirmed by a pull: ack at the pull, the first change row, the pull, dropped', () => {
    const input = makeInput(
      { clients: { c1: 2 }, changes: [put(8, 'todos', todo('a'), ['c1', 2]), put(7, 'todos', todo('b'), ['c1', 2])] },
      {
        events: [
          pushEvent('p1', 200, 10, 'c1', [{ id: 2, name: 'createTodo', args: {} }]),
          pullEvent('q1', 30, 'c1', { c1: 2 }, 8),
        ],
      },
    );
    expect(timeline(input, 'c1#2')).toEqual([
      { step: 'mutate', ok: true, detail: 'createTodo ran optimistically' },
      { step: 'push', ok: true, detail: 'push answered 200 (p1)', at: 10 },
      { step: 'ack', ok: true, detail: 'watermark 2 ≥ 2 (pull q1)', at: 30 },
      { step: 'server-log', ok: true, detail: '2 change row(s) from row version 7', at: 2007 },
      { step: 'pull', ok: true, detail: 'pull q1 reported lastMutationID ≥ 2', at: 30 },
      { step: 'dropped', ok: true, detail: 'dropped from the outbox after a pull confirmed it' },
    ]);
  });

  it('lost: a push without an answer, then gone from the outbox unprocessed', () => {
    const input = makeInput(
      { clients: { c1: 1 } },
      { known: [{ clientID: 'c1', mutationID: 2, name: 'touch', args: {}, pushedAt: 5, pushStatus: 0 }] },
    );
    expect(timeline(input, 'c1#2')).toEqual([
      { step: 'mutate', ok: true, detail: 'touch ran optimistically' },
      { step: 'push', ok: false, detail: 'push got no answer', at: 5 },
      { step: 'ack', ok: false, detail: 'watermark 1 < 2 (server /clients)' },
      { step: 'dropped', ok: false, detail: 'gone from the outbox without the server processing it' },
    ]);
  });

  it('silently reverted: processed, no change row, reverted at the error with its message', () => {
    const input = makeInput(
      { clients: { c1: 1 }, errors: [serverError(2, 'c1', 1, 'touch', 'Error: x')] },
      { bridge: [{ kind: 'mutate', at: 9, name: 'touch', mutationID: 1, clientID: 'c1' }] },
    );
    expect(timeline(input, 'c1#1')).toEqual([
      { step: 'mutate', ok: true, detail: 'touch ran optimistically', at: 9 },
      { step: 'ack', ok: true, detail: 'watermark 1 ≥ 1 (server /clients)', at: 5000 },
      { step: 'server-log', ok: false, detail: 'no change row carries its provenance' },
      { step: 'reverted', ok: false, detail: 'Error: x', at: 3002 },
      { step: 'dropped', ok: true, detail: 'dropped from the outbox after a pull confirmed it' },
    ]);
  });

  it('known only from the server: no mutate step; no watermark at all: no ack step', () => {
    const serverOnly = makeInput({ clients: { c9: 1 }, changes: [put(2, 'todos', todo('t2'), ['c9', 1])] });
    expect(timeline(serverOnly, 'c9#1').map((e) => e.step)).toEqual(['ack', 'server-log', 'dropped']);
    const noWatermark = makeInput({ outbox: [outbox('c1', 1, 'createTodo', {})], adminAvailable: false });
    expect(timeline(noWatermark, 'c1#1').map((e) => e.step)).toEqual(['mutate', 'outbox']);
  });

  it('a push answered 299 is ok; 300 and 199 are not', () => {
    const steps = (status: number) =>
      timeline(
        makeInput(
          { outbox: [outbox('c1', 1, 'x', {})], clients: { c1: 0 } },
          { events: [pushEvent('p', status, 1, 'c1', [{ id: 1, name: 'x', args: {} }])] },
        ),
        'c1#1',
      ).find((e) => e.step === 'push')?.ok;
    expect([steps(199), steps(200), steps(299), steps(300)]).toEqual([false, true, true, false]);
  });
});
