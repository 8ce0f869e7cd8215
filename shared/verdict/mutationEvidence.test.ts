// What a mutation's verdict says and quotes: the evidence lines a user reads when a verdict is opened, the
// window of the change log, and when a mutation counts as made after the outbox was read.
import { describe, expect, it } from 'vitest';
import { judgeMutations } from './judge.ts';
import { makeInput, outbox, pushEvent, put, serverError } from './testFixtures.ts';
import type { KnownMutation, MutationVerdict, VerdictInput } from './types.ts';

const todo = (id: string) => ({ id, owner: 'alice', title: 'x', done: 0, updatedAt: 0 });
const touch = (mutationID: number, pushedAt = 5): KnownMutation => ({
  clientID: 'c1',
  mutationID,
  name: 'touch',
  args: {},
  pushedAt,
  pushStatus: 200,
});

function verdict(input: VerdictInput, key: string): MutationVerdict {
  const found = judgeMutations(input).find((v) => v.key === key);
  if (!found) throw new Error(`no verdict for ${key}`);
  return found;
}

describe('evidence', () => {
  it('a client the server never heard of has watermark 0 from /clients', () => {
    const v = verdict(makeInput({ outbox: [outbox('c1', 1, 'createTodo', {})] }), 'c1#1');
    expect(v.evidence).toContain('watermark 0 for c1 (server /clients (no record of this client))');
  });

  it('without the admin API or a pull there is no watermark, and it says so', () => {
    const v = verdict(makeInput({ outbox: [outbox('c1', 1, 'createTodo', {})], adminAvailable: false }), 'c1#1');
    expect(v.evidence).toContain('no watermark for c1: admin API unavailable and no pull reported one');
  });

  it('applied: lists up to five change rows and counts the rest; an error on record loses to the rows', () => {
    const changes = [1, 2, 3, 4, 5, 6, 7].map((rv) => put(rv, 'todos', todo(`t${rv}`), ['c1', 1]));
    const v = verdict(
      makeInput({ clients: { c1: 1 }, changes, errors: [serverError(9, 'c1', 1, 'bulk', 'Error: boom')] }),
      'c1#1',
    );
    expect(v.status).toBe('applied');
    expect(v.evidence).toContain(
      'change rows with its provenance: todos/t1 put @1, todos/t2 put @2, todos/t3 put @3, todos/t4 put @4, todos/t5 put @5 and 2 more',
    );
    expect(v.evidence).toContain('yet /errors has #9 for it ("Error: boom"): the change rows win');
    const one = verdict(makeInput({ clients: { c1: 1 }, changes: changes.slice(0, 1) }), 'c1#1');
    expect(one.evidence).toContain('change rows with its provenance: todos/t1 put @1');
    expect(one.evidence.join('\n')).not.toContain('/errors');
  });

  it('exactly five change rows are all listed, with no "and 0 more"', () => {
    const changes = [1, 2, 3, 4, 5].map((rv) => put(rv, 'todos', todo(`t${rv}`), ['c1', 1]));
    const v = verdict(makeInput({ clients: { c1: 1 }, changes }), 'c1#1');
    expect(v.evidence).toContain(
      'change rows with its provenance: todos/t1 put @1, todos/t2 put @2, todos/t3 put @3, todos/t4 put @4, todos/t5 put @5',
    );
  });

  it('pushed: says where the watermark stands', () => {
    const m = [{ id: 2, name: 'createTodo', args: {} }];
    const below = verdict(
      makeInput(
        { outbox: [outbox('c1', 2, 'createTodo', {})], clients: { c1: 1 } },
        { events: [pushEvent('p', 200, 1, 'c1', m)] },
      ),
      'c1#2',
    );
    expect(below.evidence).toContain('server watermark 1 is below 2');
    const unknown = verdict(
      makeInput(
        { outbox: [outbox('c1', 2, 'createTodo', {})], adminAvailable: false },
        { events: [pushEvent('p', 200, 1, 'c1', m)] },
      ),
      'c1#2',
    );
    expect(unknown.evidence).toContain('server watermark unknown');
  });

  it('silently reverted: quotes the server error; no rule when the message names none', () => {
    const v = verdict(
      makeInput({ clients: { c1: 1 }, errors: [serverError(3, 'c1', 1, 'touch', 'Error: disk full')] }),
      'c1#1',
    );
    expect(v).toMatchObject({ status: 'silently-reverted', cause: 'Error: disk full' });
    expect(v.rule).toBeUndefined();
    expect(v.evidence).toContain('server error #3: mutation-error: "Error: disk full"');
    expect(v.evidence).toContain('no change row carries its provenance');
  });

  it('applied-no-writes: the whole evidence, in order; no request id or change row to list', () => {
    const v = verdict(makeInput({ clients: { c1: 1 } }, { known: [touch(1)] }), 'c1#1');
    expect(v.status).toBe('applied-no-writes');
    expect(v.evidence).toEqual([
      'push (known) answered 200',
      'watermark 1 for c1 (server /clients)',
      'no change row carries its provenance',
      '/errors has nothing for it',
    ]);
    expect(v.requestIds).toEqual([]);
    expect(v.changeRowVersions).toEqual([]);
  });

  it('without /errors and no other writer of that name, it does not claim one', () => {
    const v = verdict(makeInput({ clients: { c1: 1 }, errors: null }, { known: [touch(1)] }), 'c1#1');
    expect(v.status).toBe('unknown');
    expect(v.evidence.join('\n')).not.toContain('other touch');
  });

  it('lost: says the watermark is below it', () => {
    const v = verdict(makeInput({ clients: { c1: 2 } }, { known: [{ ...touch(3), pushStatus: 0 }] }), 'c1#3');
    expect(v.status).toBe('lost');
    expect(v.evidence).toContain('not in the outbox, and the server watermark 2 is below 3');
  });

  it('known only from a server error the server has not processed: unknown, quoting the watermark', () => {
    const v = verdict(makeInput({ clients: { c1: 1 }, errors: [serverError(1, 'c1', 4, 'touch', 'Error')] }), 'c1#4');
    expect(v.status).toBe('unknown');
    expect(v.cause).toBe('known only from the server, which has not processed it (watermark 1)');
  });

  it('a mutation known only from its change rows has no name; toJSON writes the evidence and timeline out', () => {
    const v = verdict(makeInput({ clients: { c9: 1 }, changes: [put(2, 'todos', todo('t2'), ['c9', 1])] }), 'c9#1');
    expect(v.name).toBe('(unknown)');
    const json = JSON.parse(JSON.stringify(v)) as MutationVerdict;
    expect(json.evidence).toEqual(v.evidence);
    expect(json.timeline).toEqual(JSON.parse(JSON.stringify(v.timeline)));
    expect(json.timeline.length).toBeGreaterThan(0);
  });
});

describe('made after the outbox was read', () => {
  const readAt50 = (extra: Partial<VerdictInput>) =>
    makeInput({ clients: { c1: 2 } }, { client: { ...makeInput().client, readAt: 50 }, ...extra });

  it('a push seen after the read makes it pending, with both times in the evidence', () => {
    const v = verdict(readAt50({ events: [pushEvent('p', 503, 60, 'c1', [{ id: 3, name: 'x', args: {} }])] }), 'c1#3');
    expect(v.status).toBe('pending');
    expect(v.cause).toBe('made after the outbox was last read; read it again to judge');
    expect(v.evidence.some((e) => e.startsWith('seen ') && e.includes('after the outbox was read'))).toBe(true);
  });

  it('a push seen before the read, gone from the outbox: lost', () => {
    const v = verdict(readAt50({ events: [pushEvent('p', 503, 40, 'c1', [{ id: 3, name: 'x', args: {} }])] }), 'c1#3');
    expect(v.status).toBe('lost');
  });

  it('made after the read counts even when its pushes came earlier or have no time', () => {
    const made = { kind: 'mutate' as const, at: 60, name: 'x', mutationID: 3, clientID: 'c1' };
    const earlyPush = readAt50({
      bridge: [made],
      events: [pushEvent('p', 503, 40, 'c1', [{ id: 3, name: 'x', args: {} }])],
    });
    expect(verdict(earlyPush, 'c1#3').status).toBe('pending');
    const untimed = readAt50({
      bridge: [made],
      known: [{ clientID: 'c1', mutationID: 3, name: 'x', args: {}, pushedAt: null, pushStatus: 503 }],
    });
    expect(verdict(untimed, 'c1#3').status).toBe('pending');
  });

  it('seen exactly when the outbox was read: lost (the read saw it gone)', () => {
    const v = verdict(readAt50({ events: [pushEvent('p', 503, 50, 'c1', [{ id: 3, name: 'x', args: {} }])] }), 'c1#3');
    expect(v.status).toBe('lost');
  });
});

describe('a window of the change log (knownFromRowVersion)', () => {
  const windowed = (knownFromRowVersion: number, prevEnds: number | null) =>
    makeInput(
      {
        clients: { c1: 2 },
        knownFromRowVersion,
        changes: prevEnds === null ? [] : [put(prevEnds, 'todos', todo('t1'), ['c1', 1])],
      },
      { known: [touch(2)] },
    );

  it('a log known from row version 1 is whole', () => {
    expect(verdict(windowed(1, null), 'c1#2').status).toBe('applied-no-writes');
  });

  it('known from 2 with no earlier writer: unknown, saying nothing places it after the window', () => {
    const v = verdict(windowed(2, null), 'c1#2');
    expect(v.status).toBe('unknown');
    expect(v.evidence).toContain(
      'the log is known only from row version 2 and no earlier mutation of c1 places this one after it',
    );
  });

  it('the previous writer ending right before the window closes the gap; one row earlier does not', () => {
    expect(verdict(windowed(500, 499), 'c1#2').status).toBe('applied-no-writes');
    const v = verdict(windowed(500, 498), 'c1#2');
    expect(v.status).toBe('unknown');
    expect(v.evidence).toContain(
      "the log is known from row version 500; this client's previous writing mutation (#1) ends at 498, so rows in between are unknown",
    );
  });

  it('first seen exactly when the window opened counts as inside it', () => {
    const input = makeInput(
      { clients: { c1: 1 } },
      {
        server: { ...makeInput({ clients: { c1: 1 } }).server, knownFromRowVersion: 500, knownFromAt: 100 },
        known: [touch(1, 100)],
      },
    );
    expect(verdict(input, 'c1#1').status).toBe('applied-no-writes');
    const before = makeInput(
      { clients: { c1: 1 } },
      {
        server: { ...makeInput({ clients: { c1: 1 } }).server, knownFromRowVersion: 500, knownFromAt: 100 },
        known: [touch(1, 99)],
      },
    );
    expect(verdict(before, 'c1#1').status).toBe('unknown');
  });

  it('a mutation with no known time is not placed inside the window', () => {
    const input = makeInput(
      { clients: { c1: 1 } },
      {
        server: { ...makeInput({ clients: { c1: 1 } }).server, knownFromRowVersion: 500, knownFromAt: 100 },
        known: [{ ...touch(1), pushedAt: null }],
      },
    );
    expect(verdict(input, 'c1#1').status).toBe('unknown');
  });

  it('the outbox time counts as first seen when nothing earlier is known', () => {
    const input = makeInput(
      { clients: { c1: 1 }, outbox: [outbox('c1', 1, 'touch', {})] },
      { server: { ...makeInput({ clients: { c1: 1 } }).server, knownFromRowVersion: 500, knownFromAt: 1000 } },
    );
    // outbox() stamps 1000 + mutationID: after the window opened.
    expect(verdict(input, 'c1#1').status).toBe('applied-no-writes');
  });
});
