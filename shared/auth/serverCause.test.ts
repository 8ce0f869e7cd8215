// The server's own decision (its auth-decision log) over the panel's inferred cause, and the merge of typed
// and declared expectations: the two public helpers of serverCause.ts, exported from shared/auth.
import { describe, expect, it } from 'vitest';
import type { AuthDecision } from '../admin/authLog.ts';
import { mergeExpectations, withServerDecision } from './index.ts';
import type { Cause } from './types.ts';

const inferred = (code: Cause['code']): Cause => ({
  code,
  severity: 'error',
  title: 'Inferred title',
  cause: 'The token looks fine.',
  fix: 'Do the thing.',
});

const decision = (ok: boolean, reason: string | null): AuthDecision => ({
  id: 1,
  at: 0,
  kind: 'pull',
  path: '/sync/pull',
  status: ok ? 200 : 401,
  ok,
  reason,
  clientGroupID: null,
  clientID: null,
  credential: 'bearer',
  claims: null,
  tokenHash: null,
});

describe('withServerDecision', () => {
  it('without a decision the inferred cause stands as it is', () => {
    const c = inferred('expired');
    expect(withServerDecision(c, undefined, 401)).toBe(c);
  });

  it("the server accepted: the status came from elsewhere, marked as the server's, code kept", () => {
    const out = withServerDecision(inferred('expired'), decision(true, null), 403);
    expect(out).toMatchObject({ code: 'expired', title: 'Inferred title', source: 'server' });
    expect(out.cause).toBe(
      "The server's auth() accepted this request (its decision log says ok), so the 403 came from elsewhere: middleware or a check before or after auth(). The token looks fine.",
    );
  });

  it.each([null, '', '   '])('a refusal without a reason (%j) keeps the inferred cause and says so', (reason) => {
    const out = withServerDecision(inferred('server-refused-valid-token'), decision(false, reason), 401);
    expect(out.code).toBe('server-refused-valid-token');
    expect(out.source).toBeUndefined();
    expect(out.cause).toBe('The token looks fine. The server logged this refusal without a reason.');
  });

  it.each(['server-refused-valid-token', 'server-refused-opaque-token', 'server-refused-cookie'] as const)(
    'the reason replaces the generic guess %s',
    (code) => {
      const out = withServerDecision(inferred(code), decision(false, 'jwt audience invalid'), 401);
      expect(out).toMatchObject({
        code: 'server-reason',
        source: 'server',
        title: 'Refused by the server: "jwt audience invalid"',
        cause:
          'The server\'s auth() gave the reason "jwt audience invalid" (its decision log). The panel sees: the token looks fine.',
        fix: 'Do the thing.',
      });
    },
  );

  it('a specific inferred cause keeps its code and title; the reason goes first', () => {
    const out = withServerDecision(inferred('expired'), decision(false, 'token expired'), 401);
    expect(out).toMatchObject({
      code: 'expired',
      title: 'Inferred title',
      source: 'server',
      cause: 'The server\'s auth() gave the reason "token expired" (its decision log). The token looks fine.',
    });
  });
});

describe('mergeExpectations', () => {
  it('nothing typed or declared: empty lists, no source', () => {
    expect(mergeExpectations(undefined, undefined)).toEqual({
      issuers: [],
      audiences: [],
      algorithms: [],
      requiredRoles: [],
      issuerFrom: null,
      audienceFrom: null,
    });
    expect(mergeExpectations({ issuer: '', audience: '' }, null)).toMatchObject({
      issuerFrom: null,
      audienceFrom: null,
    });
  });

  it('declared values fill in, single or as lists', () => {
    expect(
      mergeExpectations(
        {},
        { issuer: 'https://id', audience: ['a', 'b'], algorithms: ['RS256'], requiredRoles: ['admin'] },
      ),
    ).toEqual({
      issuers: ['https://id'],
      audiences: ['a', 'b'],
      algorithms: ['RS256'],
      requiredRoles: ['admin'],
      issuerFrom: 'declared',
      audienceFrom: 'declared',
    });
  });

  it('what the user typed wins over what the app declares', () => {
    expect(
      mergeExpectations({ issuer: 'typed-iss', audience: 'typed-aud' }, { issuer: 'x', audience: 'y' }),
    ).toMatchObject({ issuers: ['typed-iss'], audiences: ['typed-aud'], issuerFrom: 'typed', audienceFrom: 'typed' });
    expect(mergeExpectations({ audience: 'typed-aud' }, { issuer: 'x', audience: 'y' })).toMatchObject({
      issuers: ['x'],
      issuerFrom: 'declared',
      audienceFrom: 'typed',
    });
  });
});
