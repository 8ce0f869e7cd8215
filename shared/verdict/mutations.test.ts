import { describe, expect, it } from 'vitest';
import { judgeMutations } from './judge.ts';
import { makeInput, outbox, pushEvent, put, serverError } from './testFixtures.ts';
import type { MutationStatus, MutationVerdict, VerdictInput } from './types.ts';

const todo = (id: string, owner: string, title = 'x') => ({ id, owner, title, done: 0, updatedAt: 0 });
const AUTH = 'PlasmaAuthorizationError: todos.write';

function verdict(input: VerdictInput, key: string): MutationVerdict {
  const found = judgeMutations(input).find((v) => v.key === key);
  if (!found) throw new Error(`no verdict for ${key}`);
  return found;
}

describe('judgeMutations: one status per situation', () => {
  const cases: [string, VerdictInput, string, MutationStatus, RegExp?][] = [
    [
      'in the outbox, never pushed',
      makeInput({ outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })] }),
      'c1#1',
      'pending',
      /waiting/,
    ],
    [
      'push answered 503: the client retries',
      makeInput(
        { outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })] },
        { events: [pushEvent('p1', 503, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }])] },
      ),
      'c1#1',
      'pending',
      /retryable/,
    ],
    [
      'push 200, server watermark below it',
      makeInput(
        { outbox: [outbox('c1', 2, 'createTodo', { id: 't1' })], clients: { c1: 1 } },
        { events: [pushEvent('p1', 200, 10, 'c1', [{ id: 2, name: 'createTodo', args: {} }])] },
      ),
      'c1#2',
      'pushed',
      /not processed/,
    ],
    [
      'push 200, no admin API and no watermark',
      makeInput(
        { outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })], adminAvailable: false },
        { events: [pushEvent('p1', 200, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }])] },
      ),
      'c1#1',
      'pushed',
      /watermark is unknown/,
    ],
    [
      'change rows carry its provenance',
      makeInput(
        { clients: { c1: 1 }, changes: [put(7, 'todos', todo('t1', 'alice'), ['c1', 1])] },
        {
          known: [
            { clientID: 'c1', mutationID: 1, name: 'createTodo', args: { id: 't1' }, pushedAt: 5, pushStatus: 200 },
          ],
        },
      ),
      'c1#1',
      'applied',
    ],
    [
      'a touch that writes nothing on purpose: no error recorded, watermark past',
      makeInput(
        { clients: { c1: 1 }, errors: [] },
        { known: [{ clientID: 'c1', mutationID: 1, name: 'touch', args: {}, pushedAt: 5, pushStatus: 200 }] },
      ),
      'c1#1',
      'applied-no-writes',
      /without error/,
    ],
    [
      'the same touch with /errors unavailable: cannot tell',
      makeInput(
        { clients: { c1: 1 }, errors: null },
        { known: [{ clientID: 'c1', mutationID: 1, name: 'touch', args: {}, pushedAt: 5, pushStatus: 200 }] },
      ),
      'c1#1',
      'unknown',
      /^cannot tell/,
    ],
    [
      'auth.write threw: silently reverted with the cause',
      makeInput({
        outbox: [outbox('c1', 1, 'updateTodo', { id: 'todo-bob-1', title: 'mine' })],
        clients: { c1: 1 },
        errors: [serverError(1, 'c1', 1, 'updateTodo', AUTH)],
      }),
      'c1#1',
      'silently-reverted',
      /^PlasmaAuthorizationError: todos\.write$/,
    ],
    [
      '401 and nothing processed: rejected',
      makeInput(
        { outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })], clients: {} },
        { events: [pushEvent('p1', 401, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }])] },
      ),
      'c1#1',
      'rejected',
      /401; still in the outbox/,
    ],
    [
      '409 schema mismatch: rejected',
      makeInput(
        { outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })] },
        { events: [pushEvent('p1', 409, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }])] },
      ),
      'c1#1',
      'rejected',
      /409/,
    ],
    [
      '413 too many mutations: rejected',
      makeInput(
        { outbox: [outbox('c1', 1, 'createTodo', { id: 't1' })] },
        { events: [pushEvent('p1', 413, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }])] },
      ),
      'c1#1',
      'rejected',
      /413/,
    ],
    [
      '401, then a 200 that wrote rows: applied, not rejected',
      makeInput(
        { clients: { c1: 1 }, changes: [put(3, 'todos', todo('t1', 'alice'), ['c1', 1])] },
        {
          events: [
            pushEvent('p1', 401, 10, 'c1', [{ id: 1, name: 'createTodo', args: {} }]),
            pushEvent('p2', 200, 20, 'c1', [{ id: 1, name: 'createTodo', args: {} }]),
          ],
        },
      ),
      'c1#1',
      'applied',
    ],
    [
      '401, then a 200, no rows, no error: applied-no-writes',
      makeInput(
        { clients: { c1: 1 } },
        {
          events: [
            pushEvent('p1', 401, 10, 'c1', [{ id: 1, name: 'touch', args: {} }]),
            pushEvent('p2', 200, 20, 'c1', [{ id: 1, name: 'touch', args: {} }]),
          ],
        },
      ),
      'c1#1',
      'applied-no-writes',
    ],
    [
      'made in an old tab (bridge), wiped by resetLocalState before the server saw it: lost',
      makeInput(
        { clients: { c2: 4 } },
        { bridge: [{ kind: 'mutate', at: 9, name: 'createTodo', mutationID: 3, clientID: 'c-old' }] },
      ),
      'c-old#3',
      'lost',
      /neither the outbox nor the server/,
    ],
    [
      'pushed without an answer, gone from the outbox, watermark below it: lost',
      makeInput(
        { clients: { c1: 2 } },
        {
          known: [
            { clientID: 'c1', mutationID: 3, name: 'createTodo', args: { id: 't3' }, pushedAt: 5, pushStatus: 0 },
          ],
        },
      ),
      'c1#3',
      'lost',
    ],
    [
      'made after the outbox was read: pending, not lost',
      makeInput(
        { clients: { c1: 2 } },
        {
          client: { ...makeInput().client, readAt: 50 },
          bridge: [{ kind: 'mutate', at: 60, name: 'createTodo', mutationID: 3, clientID: 'c1' }],
        },
      ),
      'c1#3',
      'pending',
      /after the outbox was last read/,
    ],
    [
      'made before the outbox was read and gone from it: lost',
      makeInput(
        { clients: { c1: 2 } },
        {
          client: { ...makeInput().client, readAt: 70 },
          bridge: [{ kind: 'mutate', at: 60, name: 'createTodo', mutationID: 3, clientID: 'c1' }],
        },
      ),
      'c1#3',
      'lost',
    ],
    [
      'push 200 and gone from the outbox, watermark read earlier: pushed, not lost',
      makeInput(
        { clients: { c1: 2 } },
        {
          known: [
            { clientID: 'c1', mutationID: 3, name: 'createTodo', args: { id: 't3' }, pushedAt: 5, pushStatus: 200 },
          ],
        },
      ),
      'c1#3',
      'pushed',
      /read before the push/,
    ],
    [
      'not in the outbox and no watermark anywhere: unknown, not lost',
      makeInput(
        { adminAvailable: false },
        { bridge: [{ kind: 'mutate', at: 9, name: 'createTodo', mutationID: 3, clientID: 'c1' }] },
      ),
      'c1#3',
      'unknown',
      /no server watermark/,
    ],
    [
      'compacted log above its era: unknown, not reverted',
      makeInput(
        { clients: { c1: 2 }, knownFromRowVersion: 500, changes: [put(510, 'todos', todo('t9', 'alice'), ['c1', 2])] },
        {
          known: [
            { clientID: 'c1', mutationID: 1, name: 'updateTodo', args: { id: 't1' }, pushedAt: 5, pushStatus: 200 },
          ],
        },
      ),
      'c1#1',
      'unknown',
      /incomplete/,
    ],
    [
      'compacted log, but the previous writing mutation sits inside the window: applied-no-writes',
      makeInput(
        {
          clients: { c1: 3 },
          knownFromRowVersion: 500,
          changes: [
            put(600, 'todos', todo('t1', 'alice'), ['c1', 1]),
            put(610, 'todos', todo('t3', 'alice'), ['c1', 3]),
          ],
        },
        { known: [{ clientID: 'c1', mutationID: 2, name: 'touch', args: {}, pushedAt: 5, pushStatus: 200 }] },
      ),
      'c1#2',
      'applied-no-writes',
    ],
    [
      'log read from when the panel opened; the mutation was first pushed after that: applied-no-writes',
      makeInput(
        { clients: { c1: 1 }, knownFromRowVersion: 500 },
        {
          server: { ...makeInput({ clients: { c1: 1 } }).server, knownFromRowVersion: 500, knownFromAt: 100 },
          events: [pushEvent('p1', 200, 150, 'c1', [{ id: 1, name: 'touch', args: {} }])],
        },
      ),
      'c1#1',
      'applied-no-writes',
    ],
    [
      'log read from when the panel opened; the mutation was pushed before that: unknown',
      makeInput(
        { clients: { c1: 1 }, knownFromRowVersion: 500 },
        {
          server: { ...makeInput({ clients: { c1: 1 } }).server, knownFromRowVersion: 500, knownFromAt: 100 },
          events: [
            pushEvent('p0', 200, 50, 'c1', [{ id: 1, name: 'touch', args: {} }]),
            pushEvent('p1', 200, 150, 'c1', [{ id: 1, name: 'touch', args: {} }]),
          ],
        },
      ),
      'c1#1',
      'unknown',
      /incomplete/,
    ],
    [
      'compacted log with an error on record: silently reverted all the same',
      makeInput({
        clients: { c1: 1 },
        knownFromRowVersion: 500,
        errors: [serverError(4, 'c1', 1, 'updateTodo', AUTH)],
      }),
      'c1#1',
      'silently-reverted',
    ],
    [
      'admin API down, client meta says processed: unknown',
      makeInput(
        { adminAvailable: false, lastMutationIDs: { c1: 3 } },
        { known: [{ clientID: 'c1', mutationID: 2, name: 'touch', args: {}, pushedAt: 5, pushStatus: 200 }] },
      ),
      'c1#2',
      'unknown',
      /admin API unavailable/,
    ],
    [
      'known only from the change log (another tab, already drained): applied',
      makeInput({ clients: { c9: 1 }, changes: [put(2, 'todos', todo('t2', 'alice'), ['c9', 1])] }),
      'c9#1',
      'applied',
    ],
  ];

  it.each(cases)('%s', (_name, input, key, status, cause) => {
    const v = verdict(input, key);
    expect(v.status).toBe(status);
    if (cause) expect(v.cause).toMatch(cause);
    expect(v.evidence.length).toBeGreaterThan(0);
  });
});
