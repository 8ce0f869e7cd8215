// Exact results of serverCause.ts: how the server's decision rewrites a cause, and how typed and declared
// expectations merge.
import { describe, expect, it } from 'vitest';
import type { AuthDecision } from '../admin/authLog.ts';
import { mergeExpectations, withServerDecision } from './serverCause.ts';
import type { Cause } from './types.ts';

const inferred = (code: Cause['code']): Cause => ({
  code,
  severity: 'error',
  title: 'Inferred title',
  cause: 'The server refused a valid token.',
  fix: 'Do the thing.',
});

const decision = (o: Partial<AuthDecision>): AuthDecision => ({
  id: 1,
  at: 0,
  kind: 'pull',
  path: '/sync/pull',
  status: 401,
  ok: false,
  reason: null,
  clientGroupID: null,
  clientID: null,
  credential: 'bearer',
  claims: null,
  tokenHash: null,
  ...o,
});

describe('withServerDecision', () => {
  it('without a decision the inferred cause stands as it is', () => {
    const cause = inferred('expired');
    expect(withServerDecision(cause, undefined, 401)).toBe(cause);
  });

  it('a decision that accepted the request: the status came from elsewhere', () => {
    expect(withServerDecision(inferred('forbidden-role'), decision({ ok: true, reason: 'x' }), 403)).toEqual({
      code: 'forbidden-role',
      severity: 'error',
      title: 'Inferred title',
      source: 'server',
      cause:
        "The server's auth() accepted this request (its decision log says ok), so the 403 came from elsewhere: middleware or a check before or after auth(). The server refused a valid token.",
      fix: 'Do the thing.',
    });
  });

  it('a refusal without a reason, or with a blank one', () => {
    for (const reason of [null, '', '  \t']) {
      expect(withServerDecision(inferred('server-refused-valid-token'), decision({ reason }), 401)).toEqual({
        ...inferred('server-refused-valid-token'),
        cause: 'The server refused a valid token. The server logged this refusal without a reason.',
      });
    }
  });

  it.each(['server-refused-valid-token', 'server-refused-opaque-token', 'server-refused-cookie'] as const)(
    'the reason replaces the generic guess %s',
    (code) => {
      expect(withServerDecision(inferred(code), decision({ reason: 'token revoked' }), 401)).toEqual({
        code: 'server-reason',
        severity: 'error',
        source: 'server',
        title: 'Refused by the server: "token revoked"',
        cause:
          'The server\'s auth() gave the reason "token revoked" (its decision log). The panel sees: the server refused a valid token.',
        fix: 'Do the thing.',
      });
    },
  );

  it('a specific inferred cause keeps its code and title, after the reason', () => {
    expect(withServerDecision(inferred('expired'), decision({ reason: 'jwt expired' }), 401)).toEqual({
      code: 'expired',
      severity: 'error',
      source: 'server',
      title: 'Inferred title',
      cause: 'The server\'s auth() gave the reason "jwt expired" (its decision log). The server refused a valid token.',
      fix: 'Do the thing.',
    });
  });

  it('the reason is quoted on one line and cut at 160 characters', () => {
    const got = withServerDecision(inferred('expired'), decision({ reason: `a\nb${'c'.repeat(200)}` }), 401);
    expect(got.cause).toContain(`"a b${'c'.repeat(156)}…"`);
  });
});

describe('mergeExpectations', () => {
  it('nothing typed or declared', () => {
    const none = {
      issuers: [],
      audiences: [],
      algorithms: [],
      requiredRoles: [],
      issuerFrom: null,
      audienceFrom: null,
    };
    expect(mergeExpectations(undefined, undefined)).toEqual(none);
    expect(mergeExpectations({ issuer: '', audience: '' }, null)).toEqual(none);
    expect(mergeExpectations({}, {})).toEqual(none);
  });

  it('what the app declares, as lists', () => {
    expect(
      mergeExpectations(undefined, {
        issuer: 'https://id',
        audience: ['a', 'b'],
        algorithms: ['RS256'],
        requiredRoles: ['admin'],
      }),
    ).toEqual({
      issuers: ['https://id'],
      audiences: ['a', 'b'],
      algorithms: ['RS256'],
      requiredRoles: ['admin'],
      issuerFrom: 'declared',
      audienceFrom: 'declared',
    });
  });

  it('what the user typed wins, each on its own', () => {
    expect(mergeExpectations({ issuer: 'typed' }, { issuer: ['d1', 'd2'], audience: 'd' })).toEqual({
      issuers: ['typed'],
      audiences: ['d'],
      algorithms: [],
      requiredRoles: [],
      issuerFrom: 'typed',
      audienceFrom: 'declared',
    });
    expect(mergeExpectations({ audience: 'aud' }, { issuer: [] })).toEqual({
      issuers: [],
      audiences: ['aud'],
      algorithms: [],
      requiredRoles: [],
      issuerFrom: null,
      audienceFrom: 'typed',
    });
  });
});
