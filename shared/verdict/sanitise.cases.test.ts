// sanitise(): what the engine keeps of page data it cannot trust, field by field. Each case asserts the whole
// result, so a reader that keeps a bad value, drops a good one or changes a default fails here.
import { describe, expect, it } from 'vitest';
import { sanitise, type SanitiseInput } from './sanitise.ts';
import type { ChangeRecord, ServerClient, ServerError } from '../admin/types.ts';
import type { SyncEvent } from '../sync/types.ts';

/** Hostile data as a cast caller (the page reader, a worker message) may hand it. */
const raw = (x: unknown): SanitiseInput => x as SanitiseInput;

const emptyClient = {
  outbox: [],
  base: {},
  visible: {},
  meta: { cookie: null, clientGroupID: null, schemaVersion: null, lastMutationIDs: {} },
  readAt: null,
};
const emptyServer = {
  adminAvailable: false,
  changes: [],
  knownFromRowVersion: null,
  knownFromAt: null,
  clients: [],
  errors: null,
  rows: [],
};
const empty = { client: emptyClient, known: [], bridge: [], events: [], server: emptyServer };

const change: ChangeRecord = {
  rowVersion: 3,
  table: 'todo',
  id: 't1',
  op: 'put',
  value: { id: 't1' },
  createdAt: 10,
  clientGroupID: 'g',
  clientID: 'c1',
  mutationID: 2,
};
const serverClient: ServerClient = { clientGroupID: 'g', clientID: 'c1', lastMutationID: 2, updatedAt: 5 };
const serverError: ServerError = {
  id: 1,
  at: 5,
  kind: 'mutator',
  message: 'boom',
  clientGroupID: 'g',
  clientID: 'c1',
  mutationID: 2,
  mutationName: 'addTodo',
};
const push = { kind: 'push', id: 'e1', request: {}, response: {} } as unknown as SyncEvent;
const pull = { kind: 'pull', id: 'e2', request: {}, response: {} } as unknown as SyncEvent;

describe('sanitise: nothing readable', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'x'],
    ['an array', [1]],
    ['an empty object', {}],
  ])('%s gives the empty input', (_name, input) => {
    expect(sanitise(raw(input))).toEqual(empty);
  });

  it('fields of the wrong kind read as empty', () => {
    expect(sanitise(raw({ client: 'x', known: {}, bridge: 'x', events: {}, server: [change] }))).toEqual(empty);
    expect(sanitise(raw({ client: { outbox: {}, base: [], visible: 'x', meta: [], readAt: '5' } }))).toEqual(empty);
  });
});

describe('sanitise: the client side', () => {
  it('keeps outbox entries with a string clientID and a safe integer mutationID, with defaults', () => {
    const outbox = [
      { clientID: 'c1', mutationID: 1, name: 'addTodo', args: { id: 't1' }, timestamp: 7.5 },
      { clientID: 'c1', mutationID: 2 },
      { clientID: 'c1', mutationID: 3, name: 5, timestamp: Infinity },
      { clientID: 'c1', mutationID: 4, timestamp: NaN },
      { clientID: 7, mutationID: 5 },
      { clientID: 'c1', mutationID: 1.5 },
      { clientID: 'c1', mutationID: 2 ** 53 },
      { clientID: 'c1', mutationID: '6' },
      { clientID: 'c1' },
      'not a record',
      null,
    ];
    expect(sanitise(raw({ client: { outbox } })).client.outbox).toEqual([
      { clientID: 'c1', mutationID: 1, name: 'addTodo', args: { id: 't1' }, timestamp: 7.5 },
      { clientID: 'c1', mutationID: 2, name: '(unknown)', args: undefined, timestamp: null },
      { clientID: 'c1', mutationID: 3, name: '(unknown)', args: undefined, timestamp: null },
      { clientID: 'c1', mutationID: 4, name: '(unknown)', args: undefined, timestamp: null },
    ]);
  });

  it('keeps a store whose rows are all records by reference, filters a mixed one, drops a non-array', () => {
    const todo = [{ id: 't1' }, { id: 't2' }];
    const mixed = [{ id: 'u1' }, 'x', null, [1], { id: 'u2' }];
    const c = sanitise(
      raw({ client: { base: { todo, user: mixed, bad: 'x', none: null }, visible: { todo } } }),
    ).client;
    expect(c.base).toEqual({ todo, user: [{ id: 'u1' }, { id: 'u2' }] });
    expect(c.base.todo).toBe(todo);
    expect(c.base.user).not.toBe(mixed);
    expect(c.visible).toEqual({ todo });
    expect(c.visible.todo).toBe(todo);
  });

  it('a table named __proto__ is an ordinary, writable own store', () => {
    const stores = JSON.parse('{"__proto__":[{"id":"p1"}],"todo":[]}') as unknown;
    const c = sanitise(
      raw({ client: { base: stores, meta: { lastMutationIDs: JSON.parse('{"__proto__":4}') as unknown } } }),
    ).client;
    expect(Object.keys(c.base)).toEqual(['__proto__', 'todo']);
    expect(Object.getOwnPropertyDescriptor(c.base, '__proto__')).toEqual({
      value: [{ id: 'p1' }],
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Object.getPrototypeOf(c.base)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(c.meta.lastMutationIDs, '__proto__')).toEqual({
      value: 4,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });

  it('reads meta: a numeric cookie as text, strings kept, anything else null, finite watermarks only', () => {
    const read = (meta: unknown) => sanitise(raw({ client: { meta } })).client.meta;
    expect(
      read({
        cookie: 42,
        clientGroupID: 'g',
        schemaVersion: '3',
        lastMutationIDs: { c1: 4, c2: 0, c3: '5', c4: Infinity, c5: NaN, c6: 2.5 },
      }),
    ).toEqual({ cookie: '42', clientGroupID: 'g', schemaVersion: '3', lastMutationIDs: { c1: 4, c2: 0, c6: 2.5 } });
    expect(read({ cookie: 'opaque', clientGroupID: 1, schemaVersion: 3, lastMutationIDs: [1] })).toEqual({
      cookie: 'opaque',
      clientGroupID: null,
      schemaVersion: null,
      lastMutationIDs: {},
    });
    expect(read({ cookie: { v: 1 } }).cookie).toBeNull();
    expect(read({ cookie: true }).cookie).toBeNull();
  });

  it('reads readAt when finite', () => {
    const readAt = (x: unknown) => sanitise(raw({ client: { readAt: x } })).client.readAt;
    expect(readAt(123.5)).toBe(123.5);
    expect(readAt(0)).toBe(0);
    expect(readAt(Infinity)).toBeNull();
    expect(readAt(NaN)).toBeNull();
    expect(readAt('1')).toBeNull();
  });
});

describe('sanitise: known mutations and bridge events', () => {
  it('keeps the fields of a known mutation, requestId only when it is text', () => {
    const known = [
      {
        clientID: 'c1',
        mutationID: 1,
        name: 'addTodo',
        args: [1],
        timestamp: 1,
        pushedAt: 9,
        pushStatus: 200,
        requestId: 'r1',
      },
      { clientID: 'c1', mutationID: 2, pushedAt: Infinity, pushStatus: 200.5, requestId: 5 },
      { clientID: 'c1', mutationID: 3, pushedAt: '9', pushStatus: '200' },
      { clientID: 5, mutationID: 4 },
      { clientID: 'c1', mutationID: -0.5 },
      7,
    ];
    const out = sanitise(raw({ known })).known;
    expect(out).toEqual([
      { clientID: 'c1', mutationID: 1, name: 'addTodo', args: [1], pushedAt: 9, pushStatus: 200, requestId: 'r1' },
      { clientID: 'c1', mutationID: 2, name: '(unknown)', args: undefined, pushedAt: null, pushStatus: null },
      { clientID: 'c1', mutationID: 3, name: '(unknown)', args: undefined, pushedAt: null, pushStatus: null },
    ]);
    expect(Object.keys(out?.[1] ?? {})).toEqual(['clientID', 'mutationID', 'name', 'args', 'pushedAt', 'pushStatus']);
  });

  it('keeps only mutate events with a clientID and integer mutationID; time 0 and name (unknown) by default', () => {
    const bridge = [
      { kind: 'mutate', at: 5, name: 'addTodo', mutationID: 1, clientID: 'c1', extra: true },
      { kind: 'mutate', mutationID: 2, clientID: 'c1' },
      { kind: 'mutate', at: NaN, name: null, mutationID: 3, clientID: 'c1' },
      { kind: 'pull', mutationID: 4, clientID: 'c1' },
      { mutationID: 5, clientID: 'c1' },
      { kind: 'mutate', mutationID: 6 },
      { kind: 'mutate', mutationID: 7.5, clientID: 'c1' },
      { kind: 'mutate', clientID: 'c1' },
      'mutate',
    ];
    expect(sanitise(raw({ bridge })).bridge).toEqual([
      { kind: 'mutate', at: 5, name: 'addTodo', mutationID: 1, clientID: 'c1' },
      { kind: 'mutate', at: 0, name: '(unknown)', mutationID: 2, clientID: 'c1' },
      { kind: 'mutate', at: 0, name: '(unknown)', mutationID: 3, clientID: 'c1' },
    ]);
  });
});

describe('sanitise: sync events', () => {
  it('keeps push and pull events with an id, a request and a response', () => {
    const bad = [
      { kind: 'mutate', id: 'e3', request: {}, response: {} },
      { kind: 'push', id: 3, request: {}, response: {} },
      { kind: 'push', request: {}, response: {} },
      { kind: 'push', id: 'e4', request: null, response: {} },
      { kind: 'push', id: 'e5', request: {}, response: 'x' },
      { kind: 'pull', id: 'e6', response: {} },
      { kind: 'pull', id: 'e7', request: {} },
      null,
    ];
    expect(sanitise(raw({ events: [push, ...bad, pull] })).events).toEqual([push, pull]);
    for (const e of bad) expect(sanitise(raw({ events: [e] })).events).toEqual([]);
  });

  it('hands back a copy when every event is well formed', () => {
    const events = [push, pull];
    const out = sanitise({ events }).events;
    expect(out).toEqual(events);
    expect(out).not.toBe(events);
  });
});

describe('sanitise: the server side', () => {
  it('keeps the admin records that pass their guards, in order', () => {
    const s = sanitise(
      raw({
        server: {
          adminAvailable: true,
          changes: [change, { ...change, rowVersion: -1 }, { ...change, rowVersion: 4 }],
          knownFromRowVersion: 2,
          knownFromAt: 1.5,
          clients: [serverClient, { ...serverClient, lastMutationID: '2' }],
          errors: [serverError, { ...serverError, id: 'x' }],
        },
      }),
    ).server;
    expect(s).toEqual({
      adminAvailable: true,
      changes: [change, { ...change, rowVersion: 4 }],
      knownFromRowVersion: 2,
      knownFromAt: 1.5,
      clients: [serverClient],
      errors: [serverError],
      rows: [],
    });
  });

  it('an all-valid change log is kept as given (the engine copies it), with the same records', () => {
    const changes = [change];
    const s = sanitise({ server: { changes, clients: [serverClient], errors: [] } }).server;
    expect(s.changes).toEqual([change]);
    expect(s.changes).toBe(changes);
    expect(s.changes[0]).toBe(change);
    // One bad record: a filtered copy, the input left alone.
    const mixed = [change, { ...change, rowVersion: -1 }];
    const f = sanitise(raw({ server: { changes: mixed, clients: [], errors: [] } })).server;
    expect(f.changes).toEqual([change]);
    expect(mixed).toHaveLength(2);
    expect(s.clients).toEqual([serverClient]);
    expect(s.errors).toEqual([]);
  });

  it('adminAvailable only when exactly true; errors null unless an array; bounds only when finite', () => {
    expect(
      sanitise(raw({ server: { adminAvailable: 'true', errors: {}, knownFromRowVersion: '2', knownFromAt: Infinity } }))
        .server,
    ).toEqual(emptyServer);
    expect(sanitise(raw({ server: { adminAvailable: 1, errors: 'x', knownFromRowVersion: NaN } })).server).toEqual(
      emptyServer,
    );
    expect(sanitise(raw({ server: { knownFromRowVersion: 0, knownFromAt: 0 } })).server).toEqual({
      ...emptyServer,
      knownFromRowVersion: 0,
      knownFromAt: 0,
    });
  });

  it('reads row confirmations: a table and an id (a finite number as text), a record row, readable, reason', () => {
    const rows = [
      { table: 'todo', id: 't1', row: { id: 't1' }, readable: true, reason: 'owner' },
      { table: 'todo', id: 7, row: null, readable: false },
      { table: 'todo', id: 't3', row: [1], readable: 'yes', reason: 4 },
      { table: 'todo', id: 't4', row: 'x' },
      { table: 'todo', id: Infinity },
      { table: 'todo', id: null },
      { table: 5, id: 't5' },
      { id: 't6' },
      'row',
    ];
    const out = sanitise(raw({ server: { rows } })).server.rows;
    expect(out).toEqual([
      { table: 'todo', id: 't1', row: { id: 't1' }, readable: true, reason: 'owner' },
      { table: 'todo', id: '7', row: null, readable: false },
      { table: 'todo', id: 't3', row: null, readable: null },
      { table: 'todo', id: 't4', row: null, readable: null },
    ]);
    expect(out?.map((r) => 'reason' in r)).toEqual([true, false, false, false]);
  });
});
