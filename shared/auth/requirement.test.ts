import { describe, expect, it } from 'vitest';
import { issuesToken, requirementOf, signInUrlOf, type Requirement } from './requirement.ts';
import { jsonText } from '../guards.ts';

describe('requirementOf: what a 403 says is required, wherever it says it', () => {
  it.each<[string, unknown, string | undefined, string | null, Partial<Requirement> | null]>([
    [
      'top-level requiredRole',
      { error: 'forbidden', requiredRole: 'admin', role: 'member' },
      undefined,
      'member',
      { kind: 'role', value: 'admin', from: 'requiredRole' },
    ],
    [
      'nested under details',
      { details: { required_role: 'editor' } },
      undefined,
      null,
      { kind: 'role', value: 'editor', from: 'details.required_role' },
    ],
    [
      'a list of roles',
      { requiredRoles: ['admin', 'owner'] },
      undefined,
      null,
      { kind: 'role', value: 'admin or owner' },
    ],
    [
      'JSON:API errors with a needs object',
      { errors: [{ status: '403', code: 'insufficient_scope', meta: { needs: { scope: 'sync:write' } } }] },
      undefined,
      null,
      { kind: 'scope', value: 'sync:write', from: 'errors[0].meta.needs.scope' },
    ],
    [
      'missing permissions',
      { problem: { missing_permissions: ['todos.write'] } },
      undefined,
      null,
      { kind: 'permission', value: 'todos.write' },
    ],
    [
      'a sentence in the message',
      { message: 'This endpoint requires role "auditor".' },
      undefined,
      null,
      { kind: 'role', value: 'auditor', from: 'message' },
    ],
    [
      'RFC 6750 WWW-Authenticate',
      {},
      'Bearer error="insufficient_scope", scope="plasma:admin"',
      null,
      { kind: 'scope', value: 'plasma:admin', from: 'WWW-Authenticate' },
    ],
    [
      'a qualified key beats an unqualified one',
      { role: 'guest', expected: { role: 'admin' } },
      undefined,
      null,
      { value: 'admin' },
    ],
    [
      "an unqualified role that is not the token's own",
      { role: 'admin' },
      undefined,
      'member',
      { kind: 'role', value: 'admin' },
    ],
    ["only the caller's own role", { role: 'member' }, undefined, 'member', null],
    ['keys naming what the caller has', { currentRole: 'member', user: { role: 'member' } }, undefined, null, null],
    ['nothing about roles', { error: 'forbidden' }, undefined, null, null],
    ['not an object', 'forbidden', undefined, null, null],
  ])('%s', (_name, body, www, carried, expected) => {
    const got = requirementOf(body, www, carried);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });

  it('stops on deep or huge bodies', () => {
    let deep: unknown = { requiredRole: 'too-deep' };
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(requirementOf(deep)).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'x']));
    expect(requirementOf(wide)).toBeNull();
  });
});

describe('signInUrlOf: a sign-in URL wherever the refusal body puts it', () => {
  it.each<[string, unknown, string | null]>([
    ['details.signInUrl', { details: { signInUrl: '/login' } }, '/login'],
    [
      'login.url',
      { message: 'Sign in to continue', login: { url: '/api/v2/login?next=%2F' } },
      '/api/v2/login?next=%2F',
    ],
    [
      'redirect_uri at the top',
      { error: 'unauthorized', redirect_uri: 'https://id.example/authorize' },
      'https://id.example/authorize',
    ],
    ['an unrelated url', { docs: { url: 'https://docs.example' } }, null],
    ['nothing', { error: 'unauthorized' }, null],
  ])('%s', (_name, body, expected) => {
    expect(signInUrlOf(body)).toBe(expected);
  });
});

describe('on hostile input', () => {
  it('never throws, and answers only strings found in the input', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 8 }),
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.string(), { nil: null }),
        (body, www, carried) => {
          const r = requirementOf(body, www, carried);
          if (r) expect(typeof r.value).toBe('string');
          const link = signInUrlOf(body);
          if (link !== null) expect(JSON.stringify(body)).toContain(JSON.stringify(link).slice(1, -1));
          expect(typeof issuesToken(typeof body === 'string' ? body : (jsonText(body) ?? null))).toBe('boolean');
        },
      ),
      { numRuns: Math.min(300, Number(process.env.PROPERTY_RUNS ?? 300)) },
    );
  });
});
