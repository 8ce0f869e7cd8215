import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChunkAssembler } from './assemble.ts';
import { decodeBridgeMessage } from './bridge.ts';
import { READER_LIMITS, decodeReaderAnswer, rowText } from './decode.ts';
import { recognisePlasmaStores, roleOf } from './recognise.ts';
import { describeStatus, statusFromWire } from './states.ts';

describe('recognising plasma databases from store names', () => {
  const cases: [string, string[], { plasma: boolean; tables: string[]; meta: string | null; others: string[] }][] = [
    [
      'the reference layout',
      ['todos', '_plasma_base_todos', '_plasma_outbox', '_plasma_meta', '_plasma_blobs_local'],
      { plasma: true, tables: ['todos'], meta: '_plasma_meta', others: ['_plasma_blobs_local'] },
    ],
    [
      'no outbox: not plasma',
      ['todos', '_plasma_base_todos'],
      { plasma: false, tables: [], meta: null, others: ['_plasma_base_todos', 'todos'] },
    ],
    [
      'a base store without its visible store still names a table',
      ['_plasma_outbox', '_plasma_base_lists'],
      { plasma: true, tables: ['lists'], meta: null, others: [] },
    ],
    [
      'an empty table name is not a table',
      ['_plasma_outbox', '_plasma_base_'],
      { plasma: true, tables: [], meta: null, others: ['_plasma_base_'] },
    ],
    [
      'a table named like a base store',
      ['_plasma_outbox', '_plasma_base_x', '_plasma_base__plasma_base_x'],
      { plasma: true, tables: ['_plasma_base_x'], meta: null, others: [] },
    ],
    [
      'app stores are others',
      ['_plasma_outbox', 'settings', 'a', '_plasma_base_a'],
      { plasma: true, tables: ['a'], meta: null, others: ['settings'] },
    ],
  ];
  it.each(cases)('%s', (_name, names, want) => {
    expect(recognisePlasmaStores(names)).toMatchObject(want);
  });

  it('gives each store its role', () => {
    const l = recognisePlasmaStores(['todos', '_plasma_base_todos', '_plasma_outbox', '_plasma_meta', 'x']);
    expect(['todos', '_plasma_base_todos', '_plasma_outbox', '_plasma_meta', 'x'].map((s) => roleOf(l, s))).toEqual([
      { role: 'visible', table: 'todos' },
      { role: 'base', table: 'todos' },
      { role: 'outbox' },
      { role: 'meta' },
      { role: 'other' },
    ]);
  });
});

describe('state mapping', () => {
  it.each([
    ['opening', 'reading'],
    ['reading', 'reading'],
    ['missing', 'missing'],
    ['blocked', 'blocked'],
    ['upgrading', 'upgrading'],
    ['error', 'error'],
  ] as const)('%s -> %s, with a message where one is due', (wire, kind) => {
    const s = statusFromWire(wire, '');
    expect(s?.kind).toBe(kind);
    if (s && 'message' in s) expect(s.message.length).toBeGreaterThan(0);
    expect(describeStatus(s!)).not.toBe('');
  });
  it('drops databases that are not plasma', () => expect(statusFromWire('notPlasma', '')).toBeNull());
  it('describes progress', () =>
    expect(describeStatus({ kind: 'progress', done: 5000, total: 100000 })).toBe('reading 5,000 of 100,000 rows'));
});

describe('guarding what the page returns', () => {
  it.each([
    [undefined, 'undefined'],
    [42, 'number'],
    ['not json', 'not JSON'],
    ['{"v":2}', 'unknown shape'],
    ['{"v":1,"events":"x","done":true}', 'unknown shape'],
    ['{"v":1,"error":"boom"}', 'boom'],
  ])('rejects %j with a reason', (raw, reason) => {
    const a = decodeReaderAnswer(raw);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.reason).toContain(reason);
  });

  it('enforces the size bound and drops malformed events one by one', () => {
    expect(decodeReaderAnswer('x'.repeat(101), { ...READER_LIMITS, maxAnswerChars: 100 }).ok).toBe(false);
    const a = decodeReaderAnswer(
      JSON.stringify({
        v: 1,
        done: false,
        events: [
          { k: 'status', db: 'd', status: 'blocked', message: 'm' },
          { k: 'status', db: 'd', status: 'owned' },
          { k: 'chunk', db: 'd', store: 's', from: 2, total: 2, rows: [1] },
          { k: 'db', db: 'x'.repeat(600), version: 1, stores: [] },
          { k: '__proto__' },
        ],
      }),
    );
    expect(a).toEqual({
      ok: true,
      kind: 'poll',
      done: false,
      rejected: 4,
      events: [{ k: 'status', db: 'd', status: 'blocked', message: 'm' }],
    });
  });

  it('never throws on arbitrary input (fast-check, 10,000 runs)', () => {
    const event = fc.oneof(
      fc.record(
        {
          k: fc.constantFrom('dbs', 'status', 'db', 'chunk', 'dbDone', 'x'),
          db: fc.string(),
          store: fc.string(),
          from: fc.integer(),
          total: fc.integer(),
          rows: fc.array(fc.jsonValue(), { maxLength: 5 }),
          stores: fc.anything(),
          list: fc.anything(),
          status: fc.string(),
          supported: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    const answer = fc.oneof(
      fc.string(),
      fc.anything(),
      fc
        .record({ v: fc.constantFrom(1, 2, '1'), done: fc.anything(), events: fc.array(event, { maxLength: 8 }) })
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(answer, (raw) => {
        const a = decodeReaderAnswer(raw);
        if (a.ok && a.kind === 'poll') {
          const asm = createChunkAssembler();
          for (const e of a.events) if (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone') asm.take(e);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('prints any row as bounded text', () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(rowText(cyc)).toBe('[unprintable]');
    expect(rowText(undefined)).toBe('[unprintable]');
    expect(rowText({ html: '<img src=x onerror=alert(1)>' })).toBe('{"html":"<img src=x onerror=alert(1)>"}');
    expect(rowText('y'.repeat(1000), 10)).toHaveLength(10);
  });
});

describe('chunk assembly', () => {
  const st = (name: string, count: number, read: boolean) => ({ name, count, read, keyPath: 'id', counted: true });
  const db = {
    k: 'db' as const,
    db: 'd',
    version: 1,
    incremental: false,
    stores: [
      st('todos', 4, true),
      st('_plasma_base_todos', 1, true),
      st('_plasma_outbox', 0, true),
      st('_plasma_blobs_local', 9, false),
    ],
  };
  const dbDone = { k: 'dbDone' as const, db: 'd', consistent: true, short: [] };
  const chunk = (store: string, from: number, total: number, n: number) => ({
    k: 'chunk' as const,
    db: 'd',
    store,
    from,
    total,
    rows: Array.from({ length: n }, (_, i) => ({ id: `${from + i}` })),
  });

  it('assembles ordered chunks with progress into a complete database', () => {
    const a = createChunkAssembler(() => 7);
    expect(a.take(db)).toEqual({ kind: 'progress', db: 'd', done: 0, total: 5 });
    expect(a.take(chunk('todos', 0, 4, 3))).toEqual({ kind: 'progress', db: 'd', done: 3, total: 5 });
    a.take(chunk('todos', 3, 4, 1));
    a.take(chunk('_plasma_base_todos', 0, 1, 1));
    const done = a.take(dbDone);
    expect(done).toMatchObject({
      kind: 'complete',
      data: { tables: ['todos'], readAt: 7, others: [{ name: '_plasma_blobs_local', count: 9 }] },
    });
    if (done.kind === 'complete')
      expect(done.data.visible.todos).toEqual([{ id: '0' }, { id: '1' }, { id: '2' }, { id: '3' }]);
    expect(a.pending()).toEqual([]);
  });

  it.each([
    ['a gap', [chunk('todos', 1, 4, 1)], 'at row 1 after 0'],
    ['an overlap', [chunk('todos', 0, 4, 2), chunk('todos', 1, 4, 1)], 'at row 1 after 2'],
    ['a wrong total', [chunk('todos', 0, 5, 1)], 'announced as 4'],
    ['an unannounced store', [chunk('evil', 0, 1, 1)], 'did not announce'],
    ['an unread store', [chunk('_plasma_blobs_local', 0, 9, 1)], 'did not announce'],
    ['a short store at the end', [chunk('todos', 0, 4, 2), dbDone], '2 of 4 rows'],
  ])('reports %s as a fault, not a throw', (_n, steps, message) => {
    const a = createChunkAssembler();
    a.take(db);
    const last = steps.map((s) => a.take(s)).at(-1);
    expect(last).toMatchObject({ kind: 'fault', db: 'd' });
    if (last?.kind === 'fault') expect(last.message).toContain(message);
  });

  it('reports chunks of a database it has no store list for', () => {
    expect(createChunkAssembler().take(chunk('todos', 0, 1, 1))).toMatchObject({ kind: 'fault' });
  });
});

describe('bridge messages', () => {
  it('accepts v1 hello, snapshot, event and command-result, bounded', () => {
    const hello = decodeBridgeMessage({
      source: 'plasma-devtools',
      v: 1,
      type: 'hello',
      dbName: 'db',
      schemaVersion: 1,
      clientGroupID: 'g',
      clientID: 'c',
      tables: ['todos', 5, 'x'.repeat(600)],
    });
    expect(hello).toEqual({
      type: 'hello',
      hello: {
        dbName: 'db',
        schemaVersion: '1',
        clientGroupID: 'g',
        clientID: 'c',
        tables: ['todos', 'x'.repeat(512)],
      },
    });
    const snap = decodeBridgeMessage({
      source: 'plasma-devtools',
      v: 1,
      type: 'snapshot',
      snapshot: {
        clientID: 'c',
        cookie: null,
        outbox: [{ mutationID: 1 }],
        lastMutationIDs: { c: 3, bad: 'x' },
        errors: [],
      },
    });
    expect(snap).toMatchObject({
      type: 'snapshot',
      snapshot: {
        clientID: 'c',
        cookie: null,
        outboxCount: 1,
        outboxText: ['{"mutationID":1}'],
        lastMutationIDs: { c: 3 },
      },
    });
    expect(
      decodeBridgeMessage({
        source: 'plasma-devtools',
        v: 1,
        type: 'event',
        event: { kind: 'push', at: 5, status: 200 },
      }),
    ).toEqual({ type: 'event', event: { kind: 'push', at: 5, detail: '{"status":200}' } });
    expect(decodeBridgeMessage({ source: 'plasma-devtools', v: 1, type: 'command-result', id: 7, ok: true })).toEqual({
      type: 'commandResult',
      id: '7',
      ok: true,
      error: null,
    });
  });

  it('drops other sources, unknown types and oversized messages; flags another version', () => {
    expect(decodeBridgeMessage({ source: 'x', v: 1, type: 'hello' })).toBeNull();
    expect(decodeBridgeMessage({ source: 'plasma-devtools', v: 1, type: 'command', id: 1 })).toBeNull();
    expect(decodeBridgeMessage({ source: 'plasma-devtools', v: 1, type: 'hello' }, 5 * 1024 * 1024)).toBeNull();
    expect(decodeBridgeMessage({ source: 'plasma-devtools', v: 2, type: 'hello' })).toEqual({
      type: 'versionMismatch',
      v: 2,
    });
  });

  it('never throws on arbitrary input (fast-check, 10,000 runs)', () => {
    const msg = fc.record(
      {
        source: fc.constantFrom('plasma-devtools', 'x'),
        v: fc.oneof(fc.constant(1), fc.anything()),
        type: fc.constantFrom('hello', 'snapshot', 'event', 'command-result', 'other'),
        snapshot: fc.anything(),
        event: fc.anything(),
        tables: fc.anything(),
        id: fc.anything(),
        ok: fc.anything(),
        error: fc.anything(),
      },
      { requiredKeys: ['source', 'type'] },
    );
    fc.assert(
      fc.property(fc.oneof(msg, fc.anything()), (m) => void decodeBridgeMessage(m)),
      { numRuns: 10_000 },
    );
  });
});
