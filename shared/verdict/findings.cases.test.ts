// verdictFindings (findings.ts) from hand-made verdicts: every finding asserted whole (id, severity, words,
// links), singular and plural words, grouping keys, attribution, and the order of the list.
import { describe, expect, it } from 'vitest';
import { attributeClient, list, verdictFindings } from './findings.ts';
import type { MutationVerdict, RowVerdict } from './types.ts';

const mv = (clientID: string, mutationID: number, p: Partial<MutationVerdict> = {}): MutationVerdict => ({
  key: `${clientID}#${String(mutationID)}`,
  clientID,
  mutationID,
  name: 'addTodo',
  args: {},
  status: 'applied',
  evidence: [],
  changeRowVersions: [],
  timeline: [],
  requestIds: [],
  ...p,
});
const rv = (table: string, id: string, p: Partial<RowVerdict> = {}): RowVerdict => ({
  key: `${table}/${id}`,
  table,
  id,
  visible: null,
  base: null,
  server: null,
  serverKnown: true,
  serverRowVersion: null,
  serverOp: null,
  state: 'in-sync',
  mutationKeys: [],
  evidence: [],
  ...p,
});

describe('attributeClient and list', () => {
  it('attributes only when this tab’s clientIDs are known', () => {
    expect(attributeClient('c1', undefined)).toBeUndefined();
    expect(attributeClient('c1', [])).toBeUndefined();
    expect(attributeClient('c1', ['c1'])).toBe('this-tab');
    expect(attributeClient('c2', ['c1'])).toBe('other-client');
  });

  it('lists up to five, then says how many more', () => {
    expect(list([])).toBe('');
    expect(list(['a'])).toBe('a');
    expect(list(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c, d, e');
    expect(list(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d, e and 1 more');
    expect(list(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});

describe('verdictFindings: whole findings', () => {
  it('no verdict that raises one: no findings', () => {
    expect(
      verdictFindings(
        [mv('c1', 1), mv('c1', 2, { status: 'pending' }), mv('c1', 3, { status: 'unknown', cause: 'other' })],
        [rv('todos', 't1'), rv('todos', 't2', { state: 'optimistic' })],
      ),
    ).toEqual([]);
  });

  it('a silent revert by a rule: one error finding naming the row’s owner, with its rows and requests', () => {
    const m = mv('c1', 4, {
      status: 'silently-reverted',
      name: 'updateTodo',
      args: { id: 't1' },
      rule: { table: 'todos', predicate: 'write' },
      requestIds: ['r1', 'r2'],
    });
    const m2 = mv('c1', 6, {
      status: 'silently-reverted',
      name: 'updateTodo',
      args: { id: 't9' },
      rule: { table: 'todos', predicate: 'write' },
      requestIds: ['r2', 'r3'],
    });
    const rows = [
      rv('todos', 't1', { state: 'reverted', server: { id: 't1', owner: 'bob' }, mutationKeys: ['c1#4'] }),
      rv('todos', 't2', { state: 'reverted', mutationKeys: ['c1#4', 'c1#6'] }),
      rv('todos', 't3', { state: 'in-sync', mutationKeys: ['c1#4'] }),
    ];
    expect(verdictFindings([m, m2], rows, { user: 'alice', tabClientIDs: ['c1'] })).toEqual([
      {
        id: 'silent-revert-7c58e569',
        code: 'silent-revert',
        severity: 'error',
        title: '2 mutations silently reverted by todos.write',
        cause: "todos.write rejected alice's updateTodo of t1: the row's owner is bob (and 1 more)",
        fix: 'Check auth.write for todos, or stop offering the edit in the UI for rows the user does not own',
        requestIds: ['r1', 'r2', 'r3'],
        mutationKeys: ['c1#4', 'c1#6'],
        rowKeys: ['todos/t1', 'todos/t2'],
        client: 'this-tab',
      },
    ]);
  });

  it('another client’s revert: a separate warning, named by its clientID; no client without tab ids', () => {
    const rule = { table: 'todos', predicate: 'write' } as const;
    const mine = mv('c1', 1, { status: 'silently-reverted', args: { id: 't1' }, rule });
    const theirs = mv('c2-abcdefghij', 1, { status: 'silently-reverted', args: { id: 't1' }, rule });
    const out = verdictFindings([mine, theirs], [], { user: 'alice', tabClientIDs: ['c1'] });
    expect(out.map((f) => [f.severity, f.client, f.title, f.mutationKeys])).toEqual([
      ['error', 'this-tab', '1 mutation silently reverted by todos.write', ['c1#1']],
      [
        'warning',
        'other-client',
        '1 mutation of another client (c2-abcde) silently reverted by todos.write',
        ['c2-abcdefghij#1'],
      ],
    ]);
    expect(out[1]?.cause).toBe("todos.write rejected another client's (c2-abcde) addTodo of t1");
    const plain = verdictFindings([mine, theirs], []);
    expect(plain).toHaveLength(1);
    expect(Object.keys(plain[0] ?? {})).not.toContain('client');
    expect(plain[0]?.rowKeys).toBeUndefined();
  });

  it('a mutator that threw: a mutation-error finding grouped by its cause', () => {
    const a = mv('c1', 1, { status: 'silently-reverted', cause: 'boom', requestIds: ['r1'] });
    const b = mv('c1', 2, { status: 'silently-reverted', cause: 'boom' });
    const c = mv('c1', 3, { status: 'silently-reverted', cause: 'other' });
    const d = mv('c1', 4, { status: 'silently-reverted' });
    const out = verdictFindings([a, b, c, d], []);
    expect(out.map((f) => [f.code, f.title, f.mutationKeys]).sort()).toEqual([
      ['mutation-error', '1 mutation rolled back on the server: an error', ['c1#4']],
      ['mutation-error', '1 mutation rolled back on the server: other', ['c1#3']],
      ['mutation-error', '2 mutations rolled back on the server: boom', ['c1#1', 'c1#2']],
    ]);
    expect(out.find((f) => f.mutationKeys?.[0] === 'c1#1')).toEqual({
      id: expect.stringMatching(/^mutation-error-[0-9a-f]{8}$/) as string,
      code: 'mutation-error',
      severity: 'error',
      title: '2 mutations rolled back on the server: boom',
      cause:
        'The server\'s addTodo threw "boom" for addTodo (and 1 more); the push still answered 200 and the optimistic change was dropped',
      fix: "Make the client-side addTodo fail the same way (validate args before mutate), or fix what makes the server's run throw",
      requestIds: ['r1'],
      mutationKeys: ['c1#1', 'c1#2'],
    });
  });

  it('filtered reads: one finding per table; warning when any is confirmed, info when none is', () => {
    const rows = [
      rv('board', 'b1', { state: 'filtered', confirmed: true }),
      rv('board', 'b2', { state: 'filtered', confirmed: false }),
      rv('todos', 't1', { state: 'filtered' }),
      rv('users', 'u1', { state: 'filtered', confirmed: true }),
      rv('users', 'u2', { state: 'filtered', confirmed: true }),
    ];
    const out = verdictFindings([], rows);
    expect(out).toEqual([
      {
        id: 'filtered-read-820f71c9',
        code: 'filtered-read',
        severity: 'warning',
        title: '2 board rows hidden from this client by auth.read',
        cause:
          "auth.read for board hid b1, b2 from this client group's pulls; 1 of 2 confirmed by /rows, the rest inferred from the cookie",
        fix: 'If the user should see them, check auth.read for board against the ctx the server recorded for this group; otherwise the filter works as meant',
        requestIds: [],
        rowKeys: ['board/b1', 'board/b2'],
      },
      {
        id: out[1]?.id,
        code: 'filtered-read',
        severity: 'warning',
        title: '2 users rows hidden from this client by auth.read',
        cause: "auth.read for users hid u1, u2 from this client group's pulls; confirmed by /rows",
        fix: 'If the user should see them, check auth.read for users against the ctx the server recorded for this group; otherwise the filter works as meant',
        requestIds: [],
        rowKeys: ['users/u1', 'users/u2'],
      },
      {
        id: out[2]?.id,
        code: 'filtered-read',
        severity: 'info',
        title: '1 todos row hidden from this client by auth.read',
        cause:
          "auth.read for todos hid t1 from this client group's pulls; 0 of 1 confirmed by /rows, the rest inferred from the cookie",
        fix: 'If the user should see them, check auth.read for todos against the ctx the server recorded for this group; otherwise the filter works as meant',
        requestIds: [],
        rowKeys: ['todos/t1'],
      },
    ]);
  });

  it('lost mutations: one warning, singular and plural words', () => {
    const one = verdictFindings([mv('c1', 3, { status: 'lost', requestIds: ['p1'] })], []);
    expect(one).toEqual([
      {
        id: one[0]?.id,
        code: 'lost-mutation',
        severity: 'warning',
        title: '1 mutation lost before the server processed it',
        cause:
          "The client made addTodo #3, but it is in neither the outbox nor the server's watermark: local state was reset or the database deleted before the push",
        fix: 'Wait for the outbox to drain before resetLocalState(), or warn the user that unsynced changes are discarded',
        requestIds: ['p1'],
        mutationKeys: ['c1#3'],
      },
    ]);
    const two = verdictFindings([mv('c1', 3, { status: 'lost' }), mv('c1', 4, { status: 'lost', name: 'del' })], []);
    expect([two[0]?.title, two[0]?.cause]).toEqual([
      '2 mutations lost before the server processed them',
      "The client made addTodo #3, del #4, but they are in neither the outbox nor the server's watermark: local state was reset or the database deleted before the push",
    ]);
    expect(two[0]?.id).toBe(one[0]?.id);
  });

  it('undecided mutations: no error tap, and a change log that starts too late, singular and plural', () => {
    const tap = (n: number) => mv('c1', n, { status: 'unknown', cause: 'cannot tell: no /errors' });
    const log = (n: number) => mv('c1', n, { status: 'unknown', cause: 'the change log is incomplete here' });
    const out = verdictFindings([tap(1), log(2), tap(3)], []);
    expect(out.map(({ id: _id, ...f }) => f)).toEqual(
      [
        {
          code: 'verdict-undecided',
          severity: 'info',
          title: '2 mutations wrote no rows: reverted or no-op cannot be told apart',
          cause:
            'The server processed addTodo #1, addTodo #3 and no change row carries their provenance, but /errors is unavailable',
          fix: "Wrap the server's onError with the admin error tap so a rollback records its cause",
          requestIds: [],
          mutationKeys: ['c1#1', 'c1#3'],
        },
        {
          code: 'verdict-undecided',
          severity: 'info',
          title: '1 mutation predate the known part of the change log',
          cause:
            'No verdict for addTodo #2: the log is incomplete (compacted, or read from a later row version) for their range',
          fix: 'Read /changes from an earlier row version, or judge only mutations made after the panel opened',
          requestIds: [],
          mutationKeys: ['c1#2'],
        },
      ].sort((a, b) => a.mutationKeys.length - b.mutationKeys.length),
    );
    const single = verdictFindings([tap(1), log(2), log(4)], []);
    expect(single.map((f) => f.title).sort()).toEqual([
      '1 mutation wrote no rows: reverted or no-op cannot be told apart',
      '2 mutations predate the known part of the change log',
    ]);
    expect(single.find((f) => f.mutationKeys?.[0] === 'c1#1')?.cause).toBe(
      'The server processed addTodo #1 and no change row carries its provenance, but /errors is unavailable',
    );
    expect(verdictFindings([mv('c1', 1, { status: 'pending', cause: 'cannot tell' })], [])).toEqual([]);
  });

  it('an id part is always 8 hex digits, leading zeros kept', () => {
    const out = verdictFindings([], [rv('t108', '1', { state: 'filtered' })]);
    expect(out.map((f) => f.id)).toEqual(['filtered-read-02de9414']);
  });

  it('an unknown verdict without a cause, or another status with an undecided cause, raises nothing', () => {
    expect(verdictFindings([mv('c1', 1, { status: 'unknown' })], [])).toEqual([]);
    expect(
      verdictFindings(
        [
          mv('c1', 2, { status: 'pending', cause: 'the change log is incomplete here' }),
          mv('c1', 3, { status: 'applied', cause: 'cannot tell' }),
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('ids are fixed per code and key; errors first, then warnings, then notes, each by id', () => {
    const out = verdictFindings(
      [
        mv('c1', 1, { status: 'lost' }),
        mv('c1', 2, { status: 'unknown', cause: 'cannot tell' }),
        mv('c1', 3, { status: 'silently-reverted', cause: 'x' }),
        mv('c1', 4, { status: 'silently-reverted', cause: 'y' }),
      ],
      [rv('t', '1', { state: 'filtered', confirmed: true }), rv('u', '1', { state: 'filtered' })],
    );
    expect(out.map((f) => [f.severity, f.id])).toEqual([
      ['error', 'mutation-error-a14e84d6'],
      ['error', 'mutation-error-a24e8669'],
      ['warning', 'filtered-read-8d00a7a5'],
      ['warning', 'lost-mutation-e0ed7111'],
      ['info', 'filtered-read-8c00a612'],
      ['info', 'verdict-undecided-53c78816'],
    ]);
  });
});
