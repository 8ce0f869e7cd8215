// The words of a silent-revert finding (revertText.ts), read through judge(): which owner- or team-like
// field explains the refusal, whose edit it was, and what to fix.
import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { cookieAt, makeInput, pushEvent, put, serverError } from './testFixtures.ts';
import type { Row } from './types.ts';

const CLIENT = 'client-0123456789';

/** One updateTodo of `row` that the server rolled back with `message`. */
function reverted(row: Row, message = 'PlasmaAuthorizationError: todos.write', clientID = CLIENT) {
  return makeInput(
    {
      base: { todos: [row] },
      cookie: cookieAt(4),
      changes: [put(4, 'todos', row)],
      clients: { [clientID]: 1 },
      errors: [serverError(1, clientID, 1, 'updateTodo', message)],
    },
    {
      events: [
        pushEvent('p1', 200, 10, clientID, [
          { id: 1, name: 'updateTodo', args: { id: String(row.id), title: 'mine' } },
        ]),
      ],
    },
  );
}

function finding(row: Row, options: { user?: string; tabClientIDs?: string[] } = {}, message?: string) {
  const all = judge(reverted(row, message), options).findings;
  const f = all.find((x) => x.code === 'silent-revert' || x.code === 'mutation-error');
  if (!f) throw new Error(`no revert finding in ${JSON.stringify(all.map((x) => x.code))}`);
  return f;
}

describe('which field explains a rolled-back write', () => {
  it.each([
    ['owner', 'owner'],
    ['ownerId', 'owner'],
    ['userId', 'owner'],
    ['user', 'owner'],
    ['team', 'team'],
    ['teamId', 'team'],
    ['org', 'team'],
    ['orgId', 'team'],
    ['tenant', 'team'],
    ['tenantId', 'team'],
    ['author', 'owner'],
    ['createdBy', 'owner'],
  ])('%s (%s-like)', (name, kind) => {
    const f = finding({ id: 't1', title: 'x', [name]: 'bob' }, { user: 'alice' });
    expect(f.cause).toBe(`todos.write rejected alice's updateTodo of t1: the row's ${name} is bob`);
    expect(f.fix).toBe(
      `Check auth.write for todos, or stop offering the edit in the UI for ${kind === 'owner' ? 'rows the user does not own' : "rows outside the user's teams"}`,
    );
  });

  it('a number counts; the first field in order wins; a field naming the user is skipped', () => {
    expect(finding({ id: 't1', ownerId: 7 }).cause).toBe(
      "todos.write rejected updateTodo of t1: the row's ownerId is 7",
    );
    expect(finding({ id: 't1', author: 'carol', owner: 'bob' }).cause).toContain("the row's owner is bob");
    const f = finding({ id: 't1', owner: 'alice', team: 'red' }, { user: 'alice' });
    expect(f.cause).toBe("todos.write rejected alice's updateTodo of t1: the row's team is red");
    expect(f.fix).toContain("rows outside the user's teams");
  });

  it('no owner-like field (or only an object): no reason, rows the user may not write', () => {
    const f = finding({ id: 't1', title: 'x', owner: { name: 'bob' } }, { user: 'alice' });
    expect(f.cause).toBe("todos.write rejected alice's updateTodo of t1");
    expect(f.fix).toBe(
      'Check auth.write for todos, or stop offering the edit in the UI for rows the user may not write',
    );
  });

  it('a read rule: the mutator read a row the user may not read', () => {
    const f = finding({ id: 't1', owner: 'bob' }, {}, 'PlasmaAuthorizationError: todos.read');
    expect(f.title).toBe('1 mutation silently reverted by todos.read');
    expect(f.fix).toBe('Check auth.read for todos: the mutator read a row the user may not read');
  });

  it("another client's mutation: named by its clientID, and the user's own name is not skipped", () => {
    const f = finding({ id: 't1', owner: 'alice' }, { user: 'alice', tabClientIDs: ['this-tab'] });
    expect(f.title).toBe('1 mutation of another client (client-0) silently reverted by todos.write');
    expect(f.cause).toBe("todos.write rejected another client's (client-0) updateTodo of t1: the row's owner is alice");
  });
});

describe('a mutator that threw for another reason', () => {
  it('says what it threw, for whom, and that the push still answered 200', () => {
    const f = finding({ id: 't1', owner: 'bob' }, { user: 'alice' }, 'Error: title too long');
    expect(f).toMatchObject({
      code: 'mutation-error',
      title: '1 mutation rolled back on the server: Error: title too long',
      cause:
        'The server\'s updateTodo threw "Error: title too long" for alice\'s updateTodo of t1; the push still answered 200 and the optimistic change was dropped',
      fix: "Make the client-side updateTodo fail the same way (validate args before mutate), or fix what makes the server's run throw",
    });
  });
});
