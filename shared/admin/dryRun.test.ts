import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dryRunAs, parseReadAsAnswer, parseReplayAnswer, readBodies, replayBody } from './dryRun.ts';

const ok = {
  id: 1,
  name: 'updateTodo',
  ok: true,
  writes: [{ op: 'put', table: 'todos', id: 't1', value: { id: 't1' } }],
};
const denied = {
  id: 2,
  name: 'updateTodo',
  ok: false,
  writes: [],
  error: { name: 'PlasmaAuthorizationError', message: 'todos.write', rule: 'todos.write' },
};

describe('request bodies', () => {
  it.each([
    ['', '', null],
    ['  g1 ', '', { clientGroupID: 'g1' }],
    ['', 'bob', { userId: 'bob' }],
    ['g1', 'bob', { clientGroupID: 'g1', userId: 'bob' }],
  ])('dryRunAs(%j, %j)', (g, u, want) => expect(dryRunAs(g, u)).toEqual(want));

  it('replays the mutations as sent, without timestamps', () => {
    expect(replayBody({ userId: 'bob' }, [{ id: 3, name: 'm', args: { a: 1 }, timestamp: 5 }])).toEqual({
      as: { userId: 'bob' },
      mutations: [{ id: 3, name: 'm', args: { a: 1 } }],
    });
  });

  it('reads one body per table of the patch, ids deduplicated in order', () => {
    const patch = [
      { op: 'put', table: 'b', id: 'x', value: {}, rowVersion: 1 },
      { op: 'del', table: 'a', id: 'y', rowVersion: 2 },
      { op: 'put', table: 'b', id: 'z', value: {}, rowVersion: 3 },
      { op: 'put', table: 'b', id: 'x', value: {}, rowVersion: 4 },
    ] as const;
    expect(readBodies({ userId: 'u' }, patch)).toEqual([
      { as: { userId: 'u' }, table: 'b', ids: ['x', 'z'] },
      { as: { userId: 'u' }, table: 'a', ids: ['y'] },
    ]);
  });
});

describe('parseReplayAnswer', () => {
  it('reads ok and denied mutations, the rule and the writes', () => {
    const r = parseReplayAnswer({ dryRun: true, ctx: { userId: 'bob' }, ctxSource: 'app', results: [ok, denied] });
    expect(r).toEqual({
      ok: true,
      value: {
        ctx: { userId: 'bob' },
        ctxSource: 'app',
        skipped: 0,
        results: [
          {
            id: 1,
            name: 'updateTodo',
            ok: true,
            error: null,
            writes: [{ op: 'put', table: 'todos', id: 't1', value: { id: 't1' } }],
          },
          {
            id: 2,
            name: 'updateTodo',
            ok: false,
            error: { name: 'PlasmaAuthorizationError', message: 'todos.write', rule: 'todos.write' },
            writes: [],
          },
        ],
      },
    });
  });

  it('skips bad results and bad writes, and defaults a missing error', () => {
    const r = parseReplayAnswer({
      dryRun: true,
      results: [ok, 'x', { id: 'a' }, { id: 3, name: 'n', ok: false }, { ...ok, writes: [{ op: 'upsert' }, 7] }],
    });
    expect(r.ok && r.value.skipped).toBe(2);
    expect(r.ok && r.value.ctxSource).toBe('unknown');
    expect(r.ok && r.value.results[1]!.error).toEqual({ name: 'Error', message: 'unknown error', rule: null });
    expect(r.ok && r.value.results[2]!.writes).toEqual([]);
  });

  it.each([null, [], {}, { dryRun: true }, { results: [] }, { error: 'dry run not enabled' }])('refuses %j', (x) => {
    expect(parseReplayAnswer(x).ok).toBe(false);
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        parseReplayAnswer(v);
        parseReplayAnswer({ dryRun: true, results: [v] });
        parseReadAsAnswer(v);
      }),
    );
  });
});

describe('parseReadAsAnswer', () => {
  it('reads the lists, dropping non-strings', () => {
    expect(
      parseReadAsAnswer({
        dryRun: true,
        table: 'board_items',
        readable: ['a', 1],
        hidden: ['b'],
        missing: ['c'],
        truncated: true,
      }),
    ).toEqual({
      ok: true,
      value: { table: 'board_items', readable: ['a'], hidden: ['b'], missing: ['c'], truncated: true },
    });
  });
  it.each([null, { dryRun: true, table: 't' }, { dryRun: true, readable: [], hidden: [] }])('refuses %j', (x) => {
    expect(parseReadAsAnswer(x).ok).toBe(false);
  });
});
