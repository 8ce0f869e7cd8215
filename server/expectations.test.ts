// The token expectations an app declares: validated when the handler is built, reported by /info.

import { describe, expect, it } from 'vitest';
import type { AuthExpectations } from '../shared/admin/authLog.ts';
import { normaliseExpectations } from './expectations.ts';
import { createAdminHandler } from './index.ts';

const noDb = {
  prepare: () => {
    throw new Error('unused');
  },
};

describe('normaliseExpectations', () => {
  it('keeps every declared field, copied, and drops unknown keys', () => {
    const given = {
      issuer: ['https://a.test', 'https://b.test'],
      audience: 'app',
      algorithms: ['RS256'],
      jwksUrl: 'https://a.test/.well-known/jwks.json',
      requiredRoles: ['member'],
      secret: 'never reported',
    };
    const out = normaliseExpectations(given);
    expect(out).toEqual({
      issuer: ['https://a.test', 'https://b.test'],
      audience: 'app',
      algorithms: ['RS256'],
      jwksUrl: 'https://a.test/.well-known/jwks.json',
      requiredRoles: ['member'],
    });
    expect(out.issuer).not.toBe(given.issuer);
  });

  it.each([
    [{ issuer: '' }],
    [{ audience: [] }],
    [{ audience: [1] }],
    [{ algorithms: 'RS256' }],
    [{ requiredRoles: [''] }],
    [{ jwksUrl: 'not a url' }],
    [{ jwksUrl: 'javascript:alert(1)' }],
    [{ issuer: 'x'.repeat(3000) }],
  ])('refuses %j', (bad) => {
    expect(() => normaliseExpectations(bad as unknown as AuthExpectations)).toThrow(/authExpectations/);
  });

  it('is checked when the handler is built', () => {
    expect(() =>
      createAdminHandler({
        db: noDb,
        schemaVersion: '1',
        tables: {},
        auth: { secret: 's' },
        authExpectations: { algorithms: [] },
      }),
    ).toThrow(/authExpectations/);
  });
});
