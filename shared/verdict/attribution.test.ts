// Two tabs of one user share a client group: each finding says whose mutations it is about, and
// another tab's silent revert is shown as that tab's, one severity lower, never as this tab's.

import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { attributeClient } from './findings.ts';
import { makeInput, pushEvent, put, serverError } from './testFixtures.ts';

const AUTH = 'PlasmaAuthorizationError: todos.write';
const bob = { id: 'todo-bob-1', owner: 'bob', title: 'bob' };

/** tab-a (this tab) and tab-b (the other tab) each had updateTodo #1 of bob's todo rolled back. */
function twoTabs(reverted: ('tab-a' | 'tab-b')[]) {
  return makeInput(
    {
      base: { todos: [bob] },
      changes: [put(1, 'todos', bob)],
      clients: { 'tab-a': 1, 'tab-b': 1 },
      errors: reverted.map((c, i) => serverError(i + 1, c, 1, 'updateTodo', AUTH)),
    },
    {
      events: [
        pushEvent('p1', 200, 10, 'tab-a', [{ id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'mine' } }]),
      ],
    },
  );
}

describe('per-client attribution', () => {
  it("another tab's revert: its own finding, a warning, naming that client, not this tab's user", () => {
    const out = judge(twoTabs(['tab-b']), { user: 'alice', tabClientIDs: ['tab-a'] });
    expect(out.findings).toHaveLength(1);
    const f = out.findings[0]!;
    expect(f).toMatchObject({
      code: 'silent-revert',
      severity: 'warning',
      client: 'other-client',
      mutationKeys: ['tab-b#1'],
    });
    expect(f.title).toContain('of another client (tab-b)');
    expect(f.cause).toContain("another client's (tab-b) updateTodo");
    expect(f.cause).not.toContain("alice's");
  });

  it("this tab's revert stays an error, attributed to this tab", () => {
    const out = judge(twoTabs(['tab-a']), { user: 'alice', tabClientIDs: ['tab-a'] });
    expect(out.findings.map((f) => [f.severity, f.client, f.mutationKeys])).toEqual([
      ['error', 'this-tab', ['tab-a#1']],
    ]);
    expect(out.findings[0]!.cause).toContain("alice's updateTodo");
  });

  it('both tabs reverted by the same rule: two findings, this tab first', () => {
    const out = judge(twoTabs(['tab-a', 'tab-b']), { tabClientIDs: ['tab-a'] });
    expect(out.findings.map((f) => [f.severity, f.client, f.mutationKeys])).toEqual([
      ['error', 'this-tab', ['tab-a#1']],
      ['warning', 'other-client', ['tab-b#1']],
    ]);
  });

  it("without this tab's clientIDs nothing is attributed and severities are unchanged", () => {
    const out = judge(twoTabs(['tab-b']));
    expect(out.findings.map((f) => [f.severity, f.client])).toEqual([['error', undefined]]);
    expect(attributeClient('tab-b', [])).toBeUndefined();
    expect(attributeClient('tab-b', ['tab-a'])).toBe('other-client');
    expect(attributeClient('tab-a', ['tab-a'])).toBe('this-tab');
  });
});
