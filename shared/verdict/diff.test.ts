import { describe, expect, it } from 'vitest';
import { diff, differingFields, rowDiff, rowsWithDifferences } from './diff.ts';
import type { FieldChange, Row, RowVerdict } from './types.ts';

const base = { id: 't1', title: 'milk', done: 0, owner: 'alice' };

describe('diff: three-way, per field', () => {
  const cases: [string, Row | null, Row | null, Row | null | undefined, Record<string, FieldChange>][] = [
    ['all equal', base, base, base, { id: 'same', title: 'same', done: 'same', owner: 'same' }],
    ['an optimistic edit', { ...base, title: 'oat' }, base, base, { title: 'local', done: 'same' }],
    ['a server edit the client has not pulled', base, base, { ...base, done: 1 }, { done: 'remote', title: 'same' }],
    ['both made the same edit', { ...base, done: 1 }, base, { ...base, done: 1 }, { done: 'both' }],
    ['both edited, differently', { ...base, title: 'a' }, base, { ...base, title: 'b' }, { title: 'conflict' }],
    ['a field only the server has', base, base, { ...base, tag: 'x' }, { tag: 'remote' }],
    ['a row only visible (pending create)', base, null, null, { id: 'local', title: 'local' }],
    ['a row deleted on the server', base, base, null, { id: 'remote', owner: 'remote' }],
    ['server unknown: nothing is remote', { ...base, title: 'a' }, base, undefined, { title: 'local', done: 'same' }],
    [
      'nested values compare by structure',
      { ...base, tags: ['a', { b: 1 }] },
      { ...base, tags: ['a', { b: 1 }] },
      { ...base, tags: ['a', { b: 2 }] },
      { tags: 'remote' },
    ],
  ];

  it.each(cases)('%s', (_name, visible, b, server, expected) => {
    const byField = Object.fromEntries(diff(visible, b, server).map((f) => [f.field, f.change]));
    expect(byField).toMatchObject(expected);
  });

  it('tells a missing field from an undefined value and keeps each side', () => {
    const [f] = diff({ id: 'x', v: undefined }, { id: 'x' }, { id: 'x', v: 2 }).filter((d) => d.field === 'v');
    expect(f).toEqual({
      field: 'v',
      visible: undefined,
      base: undefined,
      server: 2,
      hasVisible: true,
      hasBase: false,
      hasServer: true,
      change: 'conflict',
    });
  });

  it('lists fields in base order, then those only visible, then those only on the server, each once', () => {
    const fields = diff({ b: 1, v: 1, a: 1 }, { a: 1, b: 1 }, { s: 1, a: 2, v: 1 }).map((f) => f.field);
    expect(fields).toEqual(['a', 'b', 'v', 's']);
  });

  it('both removed a field: both; one removed it, the other set it undefined: conflict', () => {
    const change = (visible: Row, server: Row) => diff(visible, { id: 'x', v: 1 }, server).find((f) => f.field === 'v');
    expect(change({ id: 'x' }, { id: 'x' })?.change).toBe('both');
    expect(change({ id: 'x', v: undefined }, { id: 'x' })?.change).toBe('conflict');
    expect(change({ id: 'x', v: 2 }, { id: 'x', v: 2 })?.change).toBe('both');
  });

  it('differences only', () => {
    expect(differingFields(diff({ ...base, title: 'a' }, base, base)).map((f) => f.field)).toEqual(['title']);
    const rows = [
      { state: 'in-sync', key: 'a' },
      { state: 'stale', key: 'b' },
    ] as RowVerdict[];
    expect(rowsWithDifferences(rows).map((r) => r.key)).toEqual(['b']);
  });

  it('rowDiff leaves an unknown server side out', () => {
    const r = { visible: base, base, server: null, serverKnown: false } as unknown as RowVerdict;
    expect(differingFields(rowDiff(r))).toEqual([]);
    expect(differingFields(rowDiff({ ...r, serverKnown: true })).map((f) => f.change)).toEqual([
      'remote',
      'remote',
      'remote',
      'remote',
    ]);
  });
});
