// The small helpers every verdict module leans on: JSON equality, row ids, rules read from server errors,
// the row ids a mutation's args name, and the one-line time and value previews in evidence.
import { describe, expect, it } from 'vitest';
import { argIds, deepEqual, formatTime, mutationKey, parseRule, preview, rowId, rowKey } from './util.ts';

describe('deepEqual', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [NaN, NaN, true],
    [0, -0, true],
    [[1, 2], [1, 2, 3], false],
    [[1, 2], [1, 3], false],
    [[], {}, false],
    [{}, [], false],
    [{ a: 1 }, { a: 1, b: 1 }, false],
    [{ a: undefined }, { b: undefined }, false],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
    [null, {}, false],
    [{}, null, false],
    [1, '1', false],
    [NaN, 1, false],
    ['x', 'x', true],
  ])('%j = %j → %s', (a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
  });

  it('gives up past 64 levels: distinct cyclic objects count as different, without overflowing', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    const b: Record<string, unknown> = {};
    b.self = b;
    expect(deepEqual(a, b)).toBe(false);
    expect(deepEqual(a, a)).toBe(true);
    const deep = (n: number): unknown => (n === 0 ? 1 : { x: deep(n - 1) });
    expect(deepEqual(deep(60), deep(60))).toBe(true);
  });
});

describe('keys and ids', () => {
  it('mutation and row keys', () => {
    expect(mutationKey('c1', 7)).toBe('c1#7');
    expect(rowKey('todos', 'a/b')).toBe('todos/a/b');
  });

  it.each([
    [{ id: 't1' }, 't1'],
    [{ id: 42 }, '42'],
    [{ id: Infinity }, null],
    [{ id: null }, null],
    [{}, null],
  ])('rowId(%j) → %s', (row, id) => {
    expect(rowId(row)).toBe(id);
  });
});

describe('parseRule', () => {
  it.each([
    ['PlasmaAuthorizationError: todos.write', { table: 'todos', predicate: 'write' }],
    ['permission denied by board_items.read', { table: 'board_items', predicate: 'read' }],
    ['Forbidden: x-y.write', { table: 'x-y', predicate: 'write' }],
    ['  todos.read  ', { table: 'todos', predicate: 'read' }],
    ['todos.write failed', null],
    ['Error: todos.write', null],
    ['authorization failed', null],
    ['denied: todos.writes', null],
  ])('%j → %j', (message, rule) => {
    expect(parseRule(message)).toEqual(rule);
  });
});

describe('argIds', () => {
  it.each([
    ['t1', ['t1']],
    [null, []],
    [[1], []],
    [
      { id: 't1', todoId: 't2', ownerID: 'u1', title: 'x', tagIds: ['a', 3, 'b'], tags: ['c'] },
      ['t1', 't2', 'u1', 'a', 'b'],
    ],
    [{ boardId: 'b1', id: 't1' }, ['t1', 'b1']],
    [{ id: 5, parentId: 'p' }, ['p']],
    [{ idx: 'no', identity: 'no', valid: 'yes?' }, ['yes?']],
  ])('%j → %j', (args, ids) => {
    expect(argIds(args)).toEqual(ids);
  });
});

describe('formatTime and preview', () => {
  it('formats a time of day in UTC, else says it is unknown', () => {
    expect(formatTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678))).toBe('at 03:04:05.678');
    expect(formatTime(null)).toBe('at an unknown time');
    expect(formatTime(undefined)).toBe('at an unknown time');
    expect(formatTime(Infinity)).toBe('at an unknown time');
    expect(formatTime(9e15)).toBe('at 9000000000000000');
  });

  it('previews JSON, cut to the limit with an ellipsis', () => {
    expect(preview({ a: 1 })).toBe('{"a":1}');
    expect(preview('x'.repeat(80))).toBe(`"${'x'.repeat(78)}…`);
    expect(preview('x'.repeat(78))).toBe(`"${'x'.repeat(78)}"`);
    expect(preview('abcdef', 4)).toBe('"ab…');
    expect(preview(undefined)).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(preview(cyclic)).toBe('[object Object]');
  });
});
