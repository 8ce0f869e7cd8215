import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChanges, parseClients, parseErrors, parseInfo, parseJson, parseRowAnswer } from './guards.ts';

const change = (rowVersion: number, extra: Record<string, unknown> = {}) => ({
  rowVersion,
  table: 'todos',
  id: `t${rowVersion}`,
  op: 'put',
  value: { id: `t${rowVersion}` },
  createdAt: 1000,
  clientGroupID: 'cg',
  clientID: 'c1',
  mutationID: 1,
  ...extra,
});

describe('parseInfo', () => {
  it.each([
    [
      'the handler answer',
      { adminApiVersion: 1, schemaVersion: '1', basePath: '/sync', tables: ['todos'], maxRowVersion: 4 },
      { adminApiVersion: 1, schemaVersion: '1', basePath: '/sync', tables: ['todos'], maxRowVersion: 4 },
    ],
    [
      'numeric schema version',
      { adminApiVersion: 1, schemaVersion: 3 },
      { adminApiVersion: 1, schemaVersion: '3', basePath: '', tables: [], maxRowVersion: 0 },
    ],
    [
      'odd tables dropped',
      { adminApiVersion: 1, schemaVersion: '1', tables: ['a', 2, null] },
      { adminApiVersion: 1, schemaVersion: '1', basePath: '', tables: ['a'], maxRowVersion: 0 },
    ],
  ])('%s', (_n, input, want) => {
    expect(parseInfo(input)).toEqual({ ok: true, value: want });
  });
  it.each([null, [], 'x', {}, { adminApiVersion: '1' }, { adminApiVersion: -1 }])('refuses %j', (input) => {
    expect(parseInfo(input).ok).toBe(false);
  });
});

describe('parseChanges', () => {
  it('keeps good records in order and counts the rest', () => {
    const r = parseChanges({
      changes: [
        change(1),
        { ...change(2), op: 'upsert' },
        change(3, { clientGroupID: null, clientID: null, mutationID: null }),
        change(3),
        change(2),
        'x',
        change(5, { id: 7 }),
      ],
      maxRowVersion: 9,
      hasMore: true,
      nextSince: 5,
    });
    expect(r.ok && r.value.changes.map((c) => c.rowVersion)).toEqual([1, 3, 5]);
    expect(r.ok && r.value.changes[2]!.id).toBe('7');
    expect(r.ok && r.value).toMatchObject({ maxRowVersion: 9, hasMore: true, nextSince: 5, skipped: 4 });
  });
  it.each<[string, unknown]>([
    ['a del with no value', change(1, { op: 'del', value: undefined })],
    ['missing provenance reads as null', { rowVersion: 1, table: 't', id: 'a', op: 'put', value: {} }],
  ])('%s', (_n, rec) => {
    const r = parseChanges({ changes: [rec], maxRowVersion: 1, hasMore: false });
    expect(r.ok && r.value.changes).toHaveLength(1);
    expect(r.ok && r.value.nextSince).toBe(null);
  });
  it.each([null, {}, { changes: {} }, { changes: 'x' }])('refuses %j', (input) => {
    expect(parseChanges(input).ok).toBe(false);
  });
  it('refuses a page with more records than the limit asked, whole', () => {
    const list = Array.from({ length: 1001 }, (_, i) => change(i + 1));
    const r = parseChanges({ changes: list, maxRowVersion: 1001, hasMore: false }, 1000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/sent 1001 records for limit=1000: the page was refused/);
    expect(parseChanges({ changes: list.slice(0, 1000), maxRowVersion: 1000, hasMore: true }, 1000).ok).toBe(true);
  });
});

describe('parseClients / parseErrors / parseRowAnswer', () => {
  it('clients: skips malformed entries', () => {
    const r = parseClients({
      clients: [{ clientGroupID: 'cg', clientID: 'c', lastMutationID: 2, updatedAt: 5 }, { clientGroupID: 'cg' }],
      truncated: true,
    });
    expect(r).toEqual({
      ok: true,
      value: {
        clients: [{ clientGroupID: 'cg', clientID: 'c', lastMutationID: 2, updatedAt: 5 }],
        truncated: true,
        skipped: 1,
      },
    });
  });
  it('errors: tapInstalled and order', () => {
    const e = (id: number) => ({
      id,
      at: 1,
      kind: 'mutation',
      clientGroupID: 'cg',
      clientID: 'c',
      mutationID: 3,
      mutationName: 'createTodo',
      message: 'PlasmaAuthorizationError: todos.write',
    });
    const r = parseErrors({ errors: [e(2), e(1), e(4)], hasMore: false, tapInstalled: true });
    expect(r.ok && r.value.errors.map((x) => x.id)).toEqual([2, 4]);
    expect(r.ok && r.value).toMatchObject({ tapInstalled: true, skipped: 1 });
    expect(parseErrors({ errors: [], tapInstalled: false })).toMatchObject({
      ok: true,
      value: { tapInstalled: false },
    });
  });
  it.each([
    [
      { row: { id: 'a' }, readable: true, lastRowVersion: 3 },
      { row: { id: 'a' }, readable: true, lastRowVersion: 3 },
    ],
    [
      { row: null, readable: null, reason: 'no ctx recorded', deleted: true, lastValue: { id: 'a' } },
      {
        row: null,
        readable: null,
        reason: 'no ctx recorded',
        deleted: true,
        lastValue: { id: 'a' },
        lastRowVersion: null,
      },
    ],
  ])('rows %j', (input, want) => {
    expect(parseRowAnswer(input)).toEqual({ ok: true, value: want });
  });
  it.each([{ row: 1, readable: true }, { row: null, readable: 'yes' }, []])('rows refuses %j', (input) => {
    expect(parseRowAnswer(input).ok).toBe(false);
  });
  it('parseJson never throws', () => {
    expect(parseJson('<html>')).toEqual({ ok: false, reason: 'the answer is not JSON' });
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('hostile JSON (fast-check)', () => {
  const parsers = [parseInfo, parseChanges, parseClients, parseErrors, parseRowAnswer];
  // Mostly-right shapes reach deeper branches than random values would.
  const nearChange = fc.record(
    {
      rowVersion: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()),
      table: fc.oneof(fc.string(), fc.constant(null)),
      id: fc.oneof(fc.string(), fc.integer()),
      op: fc.constantFrom('put', 'del', 'x'),
      value: fc.jsonValue(),
      clientGroupID: fc.option(fc.string()),
      mutationID: fc.option(fc.integer()),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        changes: fc.array(fc.oneof(nearChange, fc.jsonValue())),
        maxRowVersion: fc.jsonValue(),
        hasMore: fc.jsonValue(),
        nextSince: fc.jsonValue(),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        errors: fc.array(fc.jsonValue()),
        clients: fc.array(fc.jsonValue()),
        row: fc.jsonValue(),
        readable: fc.jsonValue(),
        adminApiVersion: fc.jsonValue(),
        tables: fc.jsonValue(),
      },
      { requiredKeys: [] },
    ),
  );
  it('no parser throws, and every accepted change page is strictly ordered', () => {
    fc.assert(
      fc.property(body, (x) => {
        for (const p of parsers) p(x);
        const r = parseChanges(x);
        if (r.ok) {
          for (let i = 1; i < r.value.changes.length; i++)
            expect(r.value.changes[i]!.rowVersion).toBeGreaterThan(r.value.changes[i - 1]!.rowVersion);
          expect(Number.isSafeInteger(r.value.maxRowVersion)).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
  });
  it('parseJson of any string never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseJson(s);
      }),
      { numRuns: 10_000 },
    );
  });
});
