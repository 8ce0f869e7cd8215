// Exact answers of requirement.ts at its limits: which key paths name a requirement, how candidates rank,
// how far the walks go (depth, width, node count, string length), and which bodies hand out a token.
import { describe, expect, it } from 'vitest';
import { issuesToken, requirementOf, signInUrlOf } from './requirement.ts';

/** `value` under `levels` wrapping objects `{ a: { a: ... } }`. */
function nest(value: unknown, levels: number): unknown {
  let out = value;
  for (let i = 0; i < levels; i++) out = { a: out };
  return out;
}

const fill = (count: number, prefix = 'k') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'x']));

describe('requirementOf, exact answers', () => {
  it.each<[string, unknown, { kind: string; value: string; from: string } | null]>([
    ['required role', { requiredRole: 'admin' }, { kind: 'role', value: 'admin', from: 'requiredRole' }],
    ['needed scope', { neededScope: 'w' }, { kind: 'scope', value: 'w', from: 'neededScope' }],
    ['missing perm', { missingPerm: 'p' }, { kind: 'permission', value: 'p', from: 'missingPerm' }],
    ['entitlements', { requiredEntitlements: 'e' }, { kind: 'permission', value: 'e', from: 'requiredEntitlements' }],
    ['privilege', { minimumPrivilege: 'x' }, { kind: 'permission', value: 'x', from: 'minimumPrivilege' }],
    ['group', { mustGroup: 'staff' }, { kind: 'group', value: 'staff', from: 'mustGroup' }],
    ['upper case', { REQUIRED_SCOPE: 'S' }, { kind: 'scope', value: 'S', from: 'REQUIRED_SCOPE' }],
    ['a key that only ends in the word', { roleName: 'admin' }, null],
    [
      'a needed key that also names the caller',
      { requiredUserRole: 'a' },
      { kind: 'role', value: 'a', from: 'requiredUserRole' },
    ],
    ["the caller's own, by key", { yourRole: 'member', grantedScopes: 'read' }, null],
    ['under a needed parent', { missing: { role: 'admin' } }, { kind: 'role', value: 'admin', from: 'missing.role' }],
    [
      'under a needed parent inside a carried one',
      { user: { needs: { role: 'a' } } },
      { kind: 'role', value: 'a', from: 'user.needs.role' },
    ],
    ['an empty value', { requiredRole: '' }, null],
    [
      'a list of strings',
      { requiredRoles: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { kind: 'role', value: 'a or b or c or d or e', from: 'requiredRoles' },
    ],
    ['an empty list', { requiredRoles: [] }, null],
    [
      'a mixed list is walked item by item',
      { requiredRoles: [3, 'admin'] },
      { kind: 'role', value: 'admin', from: 'requiredRoles[1]' },
    ],
    [
      'a list under another key',
      { errors: ['requires scope write'] },
      { kind: 'scope', value: 'write', from: 'errors[0]' },
    ],
    ['a list at the top', [{ requiredRole: 'x' }], { kind: 'role', value: 'x', from: '[0].requiredRole' }],
    [
      'a list in a list',
      { errors: [[{ requiredRole: 'x' }]] },
      { kind: 'role', value: 'x', from: 'errors[0][0].requiredRole' },
    ],
    ['a number is not a requirement', { requiredRole: 5 }, null],
    [
      'a plain string body with a sentence',
      'needs the scope: "todo:write"',
      { kind: 'scope', value: 'todo:write', from: '' },
    ],
  ])('%s', (_name, body, expected) => {
    expect(requirementOf(body)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['requires role admin', 'role', 'admin'],
    ['Require scope=sync:write', 'scope', 'sync:write'],
    ['required permission `todos.edit`', 'permission', 'todos.edit'],
    ['needs a group staff', 'group', 'staff'],
    ['need an role x', 'role', 'x'],
    ['missing scopes: a/b', 'scope', 'a/b'],
    ['you must have the role owner@org', 'role', 'owner@org'],
    ["MISSING ROLE 'ops-team'", 'role', 'ops-team'],
  ])('a sentence: %s', (message, kind, value) => {
    expect(requirementOf({ message })).toEqual({ kind, value, from: 'message' });
  });

  it('a sentence names at most 80 characters of the value, and a string over 200 is not read', () => {
    expect(requirementOf({ message: `requires role ${'r'.repeat(100)}` })?.value).toBe('r'.repeat(80));
    expect(requirementOf({ message: `requires role ${'r'.repeat(186)}` })?.value).toBe('r'.repeat(80));
    expect(requirementOf({ message: `requires role ${'r'.repeat(187)}` })).toBeNull();
    expect(requirementOf({ requiredRole: 'r'.repeat(200) })?.value).toHaveLength(200);
    expect(requirementOf({ requiredRole: 'r'.repeat(201) })).toBeNull();
    expect(requirementOf({ message: 'permission denied' })).toBeNull();
  });

  it('ranks: qualified key and header, then a sentence, then an unqualified key', () => {
    expect(requirementOf({ role: 'guest', message: 'requires scope write' })).toEqual({
      kind: 'scope',
      value: 'write',
      from: 'message',
    });
    expect(requirementOf({ message: 'requires scope write', requiredRole: 'admin' })?.value).toBe('admin');
    expect(requirementOf({ message: 'requires scope write' }, 'Bearer scope="h"')).toEqual({
      kind: 'scope',
      value: 'h',
      from: 'WWW-Authenticate',
    });
    // Equal ranks keep the body's order, the header last.
    expect(requirementOf({ requiredRole: 'a', neededScope: 'b' }, 'Bearer scope="h"')?.value).toBe('a');
    expect(requirementOf({ role: 'a', group: 'b' })?.value).toBe('a');
  });

  it('the carried role is dropped only when unqualified', () => {
    expect(requirementOf({ requiredRole: 'member' }, undefined, 'member')?.value).toBe('member');
    expect(requirementOf({ message: 'requires role member' }, undefined, 'member')?.value).toBe('member');
    expect(requirementOf({ role: 'member', group: 'staff' }, undefined, 'member')?.value).toBe('staff');
  });

  it('WWW-Authenticate: only a quoted scope parameter', () => {
    expect(requirementOf(null, 'Bearer SCOPE="a b"')).toEqual({
      kind: 'scope',
      value: 'a b',
      from: 'WWW-Authenticate',
    });
    expect(requirementOf(null, 'Bearer realm="x"')).toBeNull();
    expect(requirementOf(null, 'Bearer myscope="x"')).toBeNull();
    expect(requirementOf(null, 'Bearer scope=""')).toBeNull();
    expect(requirementOf(null, `Bearer scope="${'s'.repeat(200)}"`)?.value).toHaveLength(200);
    expect(requirementOf(null, `Bearer scope="${'s'.repeat(201)}"`)).toBeNull();
  });

  it('an index of two digits is still an item of the named list', () => {
    const roles = [...Array.from({ length: 12 }, (_, i) => i), 'admin'];
    expect(requirementOf({ requiredRoles: roles })).toEqual({
      kind: 'role',
      value: 'admin',
      from: 'requiredRoles[12]',
    });
  });

  it("an unqualified role under the caller's object, however deep, is the caller's", () => {
    expect(requirementOf({ a: { user: { role: 'member' } } })).toBeNull();
    expect(requirementOf({ a: { b: { user: { role: 'member' } } } })).toBeNull();
  });

  it('lists count as levels too', () => {
    const inLists = (levels: number) => {
      let v: unknown = 'requires role x';
      for (let i = 0; i < levels; i++) v = [v];
      return { e: v };
    };
    expect(requirementOf(inLists(5))?.value).toBe('x');
    expect(requirementOf(inLists(6))).toBeNull();
  });

  it('walks six levels deep, not seven', () => {
    expect(requirementOf(nest({ requiredRole: 'x' }, 5))?.from).toBe('a.a.a.a.a.requiredRole');
    expect(requirementOf(nest({ requiredRole: 'x' }, 6))).toBeNull();
  });

  it('reads the first 50 keys of an object and the first 20 items of a list', () => {
    expect(requirementOf({ ...fill(49), requiredRole: 'x' })?.value).toBe('x');
    expect(requirementOf({ ...fill(50), requiredRole: 'x' })).toBeNull();
    const items = (n: number) => [...Array.from({ length: n }, () => ({})), { requiredRole: 'x' }];
    expect(requirementOf({ errors: items(19) })?.from).toBe('errors[19].requiredRole');
    expect(requirementOf({ errors: items(20) })).toBeNull();
  });

  it('visits at most 500 values', () => {
    // The root, 9 objects of 49 strings (450), then one holding `filler` strings and the requirement.
    const body = (filler: number) => ({
      ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`o${i}`, fill(49)])),
      last: { ...fill(filler), requiredRole: 'x' },
    });
    expect(requirementOf(body(47))?.value).toBe('x'); // the 500th value
    expect(requirementOf(body(48))).toBeNull();
  });
});

describe('signInUrlOf, exact answers', () => {
  it.each<[string, unknown, string | null]>([
    ['loginUrl', { loginUrl: 'a' }, 'a'],
    ['sign_in_href', { 'sign-in-href': 'a' }, 'a'],
    ['reauthLocation', { reauthLocation: 'a' }, 'a'],
    ['redirectUri', { redirectUri: 'a' }, 'a'],
    ['authLink', { authLink: 'a' }, 'a'],
    ['signin', { signin: 'a' }, 'a'],
    ['log-in', { 'log-in': 'a' }, 'a'],
    ['login-page is not a link', { 'login-page': 'a' }, null],
    ['urlOfLogin is not one', { urlOfLogin: 'a' }, null],
    ['auth.href', { auth: { href: 'a' } }, 'a'],
    ['redirect.location', { redirect: { LOCATION: 'a' } }, 'a'],
    ['signIn.uri', { signIn: { uri: 'a' } }, 'a'],
    ['docs.link', { docs: { link: 'a' } }, null],
    ['a bare url', { url: 'a' }, null],
    ['a grandparent does not count', { login: { x: { url: 'a' } } }, null],
    ['an empty value', { loginUrl: '' }, null],
    ['a number', { loginUrl: 5 }, null],
    ['the first one wins', { loginUrl: 'a', signInUrl: 'b' }, 'a'],
    ['inside a list', { links: [{ loginUrl: 'a' }] }, 'a'],
    ['not an object', 'https://x', null],
  ])('%s', (_name, body, expected) => {
    expect(signInUrlOf(body)).toBe(expected);
  });

  it('reads values up to 2048 characters, six levels, 50 keys', () => {
    expect(signInUrlOf({ loginUrl: 'u'.repeat(2048) })).toHaveLength(2048);
    expect(signInUrlOf({ loginUrl: 'u'.repeat(2049) })).toBeNull();
    expect(signInUrlOf(nest({ loginUrl: 'x' }, 5))).toBe('x');
    expect(signInUrlOf(nest({ loginUrl: 'x' }, 6))).toBeNull();
    expect(signInUrlOf({ ...fill(49), loginUrl: 'x' })).toBe('x');
    expect(signInUrlOf({ ...fill(50), loginUrl: 'x' })).toBeNull();
  });

  it('visits at most 500 values', () => {
    const body = (filler: number) => ({
      ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`o${i}`, fill(49)])),
      last: { ...fill(filler), loginUrl: 'x' },
    });
    expect(signInUrlOf(body(47))).toBe('x');
    expect(signInUrlOf(body(48))).toBeNull();
  });
});

describe('issuesToken, exact answers', () => {
  const T = 'abcdefghijklmnop'; // 16 characters
  it.each<[string, unknown, boolean]>([
    ['access_token', `{"access_token":"${T}"}`, true],
    ['accessToken', `{"accessToken":"${T}"}`, true],
    ['id_token', `{"id_token":"${T}"}`, true],
    ['idToken', `{"IDTOKEN":"${T}"}`, true],
    ['token', `{"token":"${T}"}`, true],
    ['jwt', `{"jwt":"${T}"}`, true],
    ['session_token', `{"session_token":"${T}"}`, true],
    ['sessionToken', `{"sessionToken":"${T}"}`, true],
    ['leading white space', ` \n{"token":"${T}"}`, true],
    ['nested', `{"data":{"auth":{"token":"${T}"}}}`, true],
    ['refresh_token', `{"refresh_token":"${T}"}`, false],
    ['tokenType', `{"tokenType":"${T}"}`, false],
    ['a 15-character value', `{"token":"${T.slice(1)}"}`, false],
    ['white space in the value', `{"token":"abcdefgh ijklmnop"}`, false],
    ['a list at the top', `[{"token":"${T}"}]`, false],
    ['a list inside', `{"tokens":[{"token":"${T}"}]}`, false],
    ['a number', '{"token":12345678901234567890}', false],
    ['null', '{"token":null}', false],
    ['not JSON', `{token: "${T}"}`, false],
    ['not an object', `"token ${T}"`, false],
    ['text before', `x{"token":"${T}"}`, false],
    ['no body', null, false],
    ['undefined', undefined, false],
  ])('%s', (_name, body, expected) => {
    expect(issuesToken(body as string | null | undefined)).toBe(expected);
  });

  it('reads bodies up to 64 KiB, four levels, 50 keys', () => {
    const body = `{"token":"${T}"}`;
    expect(issuesToken(body.padEnd(65_536, ' '))).toBe(true);
    expect(issuesToken(body.padEnd(65_537, ' '))).toBe(false);
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}{"token":"${T}"}${'}'.repeat(levels)}`;
    expect(issuesToken(deep(3))).toBe(true);
    expect(issuesToken(deep(4))).toBe(false);
    const wide = (n: number) => JSON.stringify({ ...fill(n), token: T });
    expect(issuesToken(wide(49))).toBe(true);
    expect(issuesToken(wide(50))).toBe(false);
  });

  it('visits at most 500 values', () => {
    // The root, 9 objects of 49 strings (450), then one holding `filler` strings and the token.
    const body = (filler: number) =>
      JSON.stringify({
        ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`o${i}`, fill(49)])),
        last: { ...fill(filler), token: T },
      });
    expect(issuesToken(body(47))).toBe(true);
    expect(issuesToken(body(48))).toBe(false);
  });
});
