// diff (diff.ts): every field's change asserted, not only the ones that differ, and whole FieldDiffs where a
// side is missing; differingFields and rowsWithDifferences over every state.
import { describe, expect, it } from 'vitest';
import { diff, differingFields, rowsWithDifferences } from './diff.ts';
import type { Row, RowState, RowVerdict } from './types.ts';

const base = { id: 't1', title: 'milk', done: 0 };
const changes = (visible: Row | null, b: Row | null, server: Row | null | undefined) =>
  Object.fromEntries(diff(visible, b, server).map((f) => [f.field, f.change]));

describe('diff: every field', () => {
  it.each<[string, Row | null, Row | null, Row | null | undefined, Record<string, string>]>([
    ['all equal', base, base, base, { id: 'same', title: 'same', done: 'same' }],
    ['a local edit', { ...base, title: 'oat' }, base, base, { id: 'same', title: 'local', done: 'same' }],
    ['a remote edit', base, base, { ...base, done: 1 }, { id: 'same', title: 'same', done: 'remote' }],
    [
      'the same edit on both',
      { ...base, done: 1 },
      base,
      { ...base, done: 1 },
      { id: 'same', title: 'same', done: 'both' },
    ],
    [
      'different edits',
      { ...base, done: 2 },
      base,
      { ...base, done: 1 },
      { id: 'same', title: 'same', done: 'conflict' },
    ],
    [
      'a field only the server has',
      base,
      base,
      { ...base, tag: 'x' },
      { id: 'same', title: 'same', done: 'same', tag: 'remote' },
    ],
    [
      'a field only visible has',
      { ...base, tag: 'x' },
      base,
      base,
      { id: 'same', title: 'same', done: 'same', tag: 'local' },
    ],
    [
      'both added the same field',
      { ...base, tag: 'x' },
      base,
      { ...base, tag: 'x' },
      { id: 'same', title: 'same', done: 'same', tag: 'both' },
    ],
    ['a pending create', base, null, null, { id: 'local', title: 'local', done: 'local' }],
    ['a server-side create', null, null, base, { id: 'remote', title: 'remote', done: 'remote' }],
    ['deleted locally, unknown server', null, base, undefined, { id: 'local', title: 'local', done: 'local' }],
    ['unknown server side: never remote', base, base, undefined, { id: 'same', title: 'same', done: 'same' }],
    ['deleted on both', null, base, null, { id: 'both', title: 'both', done: 'both' }],
    ['no row anywhere', null, null, null, {}],
  ])('%s', (_name, visible, b, server, expected) => {
    expect(changes(visible, b, server)).toEqual(expected);
  });

  it('keeps each side’s value and whether it has the field', () => {
    expect(diff({ id: 'x' }, null, { id: 'y' })).toEqual([
      {
        field: 'id',
        visible: 'x',
        base: undefined,
        server: 'y',
        hasVisible: true,
        hasBase: false,
        hasServer: true,
        change: 'conflict',
      },
    ]);
    expect(diff(null, { id: 'x' }, undefined)).toEqual([
      {
        field: 'id',
        visible: undefined,
        base: 'x',
        server: undefined,
        hasVisible: false,
        hasBase: true,
        hasServer: false,
        change: 'local',
      },
    ]);
  });

  it('a field inherited from the prototype is not the row’s', () => {
    const proto = Object.create({ title: 'inherited' }) as Row;
    proto.id = 'x';
    expect(diff(proto, { id: 'x' }, { id: 'x' })).toEqual([
      {
        field: 'id',
        visible: 'x',
        base: 'x',
        server: 'x',
        hasVisible: true,
        hasBase: true,
        hasServer: true,
        change: 'same',
      },
    ]);
  });
});

describe('differences only', () => {
  it('keeps every change but same', () => {
    const fields = diff({ a: 1, b: 2, c: 3, d: 0 }, { a: 1, b: 1, c: 1, d: 1 }, { a: 1, b: 1, c: 2, d: 0 });
    expect(fields.map((f) => [f.field, f.change])).toEqual([
      ['a', 'same'],
      ['b', 'local'],
      ['c', 'conflict'],
      ['d', 'both'],
    ]);
    expect(differingFields(fields).map((f) => f.field)).toEqual(['b', 'c', 'd']);
    expect(differingFields(diff({ a: 1 }, { a: 1 }, { a: 2 })).map((f) => f.change)).toEqual(['remote']);
  });

  it('keeps every row not in sync', () => {
    const states: RowState[] = [
      'in-sync',
      'optimistic',
      'reverted',
      'stale',
      'filtered',
      'deleted-on-server',
      'missing-on-server',
      'unknown',
    ];
    const rows = states.map((state) => ({ key: state, state }) as RowVerdict);
    expect(rowsWithDifferences(rows).map((r) => r.key)).toEqual(states.slice(1));
  });
});
