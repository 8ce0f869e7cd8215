// The quick pass over change records (quickChange.ts) never says yes where the admin guard says no,
// and the combined check answers exactly as the guard does, for records of every shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isChangeRecord } from '../admin/guards.ts';
import { changeCheck, quickChange } from './quickChange.ts';

const good = {
  rowVersion: 7,
  table: 'todos',
  id: 't1',
  op: 'put',
  value: { id: 't1' },
  createdAt: 1e12,
  clientGroupID: 'g',
  clientID: 'c',
  mutationID: 3,
};

/** Each field: a good value, a near miss, or absent. */
const field = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('put', 'del', 'todos', '', 'x'.repeat(4097), 'x'.repeat(70_000)),
  fc.string(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(1.5, Number.NaN, Infinity, 2 ** 53, -0),
  fc.constant({}),
  fc.constant([]),
);
const record = fc
  .record(
    {
      rowVersion: field,
      table: field,
      id: field,
      op: field,
      value: field,
      createdAt: field,
      clientGroupID: field,
      clientID: field,
      mutationID: field,
    },
    { requiredKeys: [] },
  )
  .map((r) => ({ ...good, ...r }));
/** A good record with one field changed: the near misses one at a time. */
const oneOff = fc.tuple(fc.constantFrom(...Object.keys(good)), field).map(([k, v]) => ({ ...good, [k]: v }));
const maybeRecord = fc.oneof(record, oneOff, fc.anything(), fc.constant(good));

describe('quickChange', () => {
  it('says yes only where isChangeRecord does; changeCheck() answers as isChangeRecord', () => {
    const check = changeCheck();
    fc.assert(
      fc.property(maybeRecord, (x) => {
        if (quickChange(x)) expect(isChangeRecord(x)).toBe(true);
        expect(check(x)).toBe(isChangeRecord(x));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a plain record, with or without a prototype', () => {
    expect(quickChange(good)).toBe(true);
    expect(quickChange(Object.assign(Object.create(null) as object, good))).toBe(true);
    expect(quickChange({ ...good, clientGroupID: null, clientID: null, mutationID: null, op: 'del' })).toBe(true);
  });

  it('leaves to the guard what it cannot read plainly: inherited fields, another prototype, long strings', () => {
    const inherited: unknown = Object.create(good);
    expect(quickChange(inherited)).toBe(false);
    expect(isChangeRecord(inherited)).toBe(false);
    expect(changeCheck()(inherited)).toBe(false);
    class Record {
      rowVersion = 1;
    }
    expect(quickChange(Object.assign(new Record(), good))).toBe(false);
    expect(changeCheck()(Object.assign(new Record(), good))).toBe(true);
    const long = { ...good, table: 'x'.repeat(5000) };
    expect(quickChange(long)).toBe(false);
    expect(changeCheck()(long)).toBe(true);
  });

  it('a field on Object.prototype turns the quick pass off', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.mutationID = 1;
    try {
      const noProvenance = { ...good };
      delete (noProvenance as Partial<typeof good>).mutationID;
      expect(quickChange(noProvenance)).toBe(false);
      expect(changeCheck()(noProvenance)).toBe(false);
    } finally {
      delete proto.mutationID;
    }
  });
});
