// roleOf: which claim names the role, in its order of preference.
import { describe, expect, it } from 'vitest';
import { roleOf } from './role.ts';

describe('roleOf', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['role', { role: 'admin', roles: ['x'], scope: 'read' }, 'admin'],
    ['an empty role falls to roles', { role: '', roles: ['', 'editor'] }, 'editor'],
    ['a role list', { role: ['', 3, 'owner'] }, 'owner'],
    ['roles', { roles: ['viewer', 'admin'] }, 'viewer'],
    ['roles as a string', { roles: 'viewer' }, 'viewer'],
    ['a list with no string', { roles: [1, ''], scope: 'read' }, 'read'],
    ['a namespaced role', { 'https://app.test/role': 'ns' }, 'ns'],
    ['namespaced roles', { sub: 'x', 'https://app.test/roles': ['', 'ns2'] }, 'ns2'],
    ['a namespaced claim with nothing falls through', { 'https://a/roles': [], 'https://b/role': 'b' }, 'b'],
    ['not namespaced', { 'app-role': 'x', myroles: 'y', 'https://a/roles/x': 'z' }, null],
    ['role beats namespaced', { 'https://a/role': 'ns', roles: ['r'] }, 'r'],
    ['the first scope', { scope: '  read  write' }, 'read'],
    ['a blank scope falls to scp', { scope: '   ', scp: 'x' }, 'x'],
    ['scp as a list', { scp: ['', 'sync:write'] }, 'sync:write'],
    ['scp as a string', { scp: 'a b' }, 'a'],
    ['scope beats scp', { scope: 'a', scp: 'b' }, 'a'],
    ['a number scope', { scope: 5, scp: 'b' }, 'b'],
    ['nothing', { sub: 'x' }, null],
  ])('%s', (_name, claims, expected) => {
    expect(roleOf(claims)).toBe(expected);
  });
});
