// How a push's HTTP status decides a mutation the server has not processed: 2xx pushed, 4xx refused (rejected),
// 429 and 5xx retried by the client (pending), anything else not an answer about the mutation.
import { describe, expect, it } from 'vitest';
import { judgeMutations } from './judge.ts';
import { makeInput, outbox, pushEvent } from './testFixtures.ts';
import type { MutationVerdict, VerdictInput } from './types.ts';

function verdict(input: VerdictInput, key: string): MutationVerdict {
  const found = judgeMutations(input).find((v) => v.key === key);
  if (!found) throw new Error(`no verdict for ${key}`);
  return found;
}

const create = [{ id: 1, name: 'createTodo', args: { id: 't1' } }];

/** c1#1 in the outbox, pushed once with `status`; the server's watermark for c1 is 0 (not processed). */
const inOutbox = (...statuses: number[]): VerdictInput =>
  makeInput(
    { outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })], clients: { c1: 0 } },
    { events: statuses.map((s, i) => pushEvent(`p${i + 1}`, s, 10 * (i + 1), 'c1', create)) },
  );

/** c1#1 made on the client and pushed, gone from the outbox; the server's watermark for c1 is 0. */
const goneFromOutbox = (...statuses: number[]): VerdictInput =>
  makeInput(
    { clients: { c1: 0 } },
    { events: statuses.map((s, i) => pushEvent(`p${i + 1}`, s, 10 * (i + 1), 'c1', create)) },
  );

describe('a push answered 429 (too many requests) is retried, not refused', () => {
  it('in the outbox: pending, the client retries; no HTTP status of a refusal', () => {
    const v = verdict(inOutbox(429), 'c1#1');
    expect(v.status).toBe('pending');
    expect(v.cause).toBe('push failed with a retryable status; the client retries');
    expect(v.httpStatus).toBeUndefined();
  });

  it('gone from the outbox with the server below it: lost, not rejected', () => {
    expect(verdict(goneFromOutbox(429), 'c1#1').status).toBe('lost');
  });

  it('a 429 after a 401 does not hide the refusal; a 401 after a 429 is the refusal', () => {
    expect(verdict(inOutbox(401, 429), 'c1#1')).toMatchObject({ status: 'rejected', httpStatus: 401 });
    expect(verdict(inOutbox(429, 401), 'c1#1')).toMatchObject({ status: 'rejected', httpStatus: 401 });
  });
});

describe('each status class, for a mutation still in the outbox and not processed', () => {
  const cases: [number, MutationVerdict['status'], string][] = [
    [199, 'pending', 'waiting in the outbox to be pushed'],
    [200, 'pushed', 'push answered 200 but the server has not processed it yet'],
    [204, 'pushed', 'push answered 200 but the server has not processed it yet'],
    [299, 'pushed', 'push answered 200 but the server has not processed it yet'],
    [300, 'pending', 'waiting in the outbox to be pushed'],
    [399, 'pending', 'waiting in the outbox to be pushed'],
    [400, 'rejected', 'push answered 400; still in the outbox, so the client will send it again'],
    [428, 'rejected', 'push answered 428; still in the outbox, so the client will send it again'],
    [430, 'rejected', 'push answered 430; still in the outbox, so the client will send it again'],
    [499, 'rejected', 'push answered 499; still in the outbox, so the client will send it again'],
    [500, 'pending', 'push failed with a retryable status; the client retries'],
    [599, 'pending', 'push failed with a retryable status; the client retries'],
  ];
  it.each(cases)('%i → %s', (status, expected, cause) => {
    const v = verdict(inOutbox(status), 'c1#1');
    expect(v.status).toBe(expected);
    expect(v.cause).toContain(cause);
    if (expected === 'rejected') expect(v.httpStatus).toBe(status);
    else expect(v.httpStatus).toBeUndefined();
  });
});

describe('refusals and successes together', () => {
  it('a refusal then a 200 the server has not processed yet: pushed, not rejected', () => {
    expect(verdict(inOutbox(401, 200), 'c1#1').status).toBe('pushed');
    expect(verdict(inOutbox(200, 401), 'c1#1').status).toBe('pushed');
  });

  it('refused and gone from the outbox: rejected, without the outbox clause', () => {
    const v = verdict(goneFromOutbox(403), 'c1#1');
    expect(v).toMatchObject({ status: 'rejected', httpStatus: 403, cause: 'push answered 403' });
  });

  it('refused, but the server processed it later: judged as processed, not rejected', () => {
    const input = makeInput(
      { outbox: [outbox('c1', 1, 'touch', {})], clients: { c1: 1 }, errors: [] },
      { events: [pushEvent('p1', 401, 10, 'c1', [{ id: 1, name: 'touch', args: {} }])] },
    );
    expect(verdict(input, 'c1#1').status).toBe('applied-no-writes');
  });

  it('the evidence quotes each push and its answer, and a push without one', () => {
    const input = makeInput(
      { outbox: [outbox('c1', 1, 'createTodo', {})], clients: { c1: 0 } },
      {
        events: [pushEvent('p1', 503, 10, 'c1', create)],
        known: [{ clientID: 'c1', mutationID: 1, name: 'createTodo', args: {}, pushedAt: 20, pushStatus: null }],
      },
    );
    const ev = verdict(input, 'c1#1').evidence;
    expect(ev).toContain('in the outbox of client c1');
    expect(ev).toContain('push p1 answered 503');
    expect(ev).toContain('push (known) answered nothing');
  });
});
