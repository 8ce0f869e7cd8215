import { describe, expect, it } from 'vitest';
import { emptyAuthLog, mergeAuthLog, parseAuthExpectations, parseAuthLog } from './authLog.ts';

const decision = (id: number, o: Record<string, unknown> = {}) => ({
  id,
  at: 1_700_000_000_000 + id,
  kind: 'pull',
  path: '/sync/pull',
  status: 401,
  ok: false,
  reason: 'jwt expired',
  clientGroupID: 'g',
  clientID: 'c',
  credential: 'bearer',
  tokenHash: '0123456789abcdef',
  claims: { sub: 'alice', iss: 'i', aud: ['a', 'b'], exp: 1, iat: 0, nbf: null, role: 'member' },
  ...o,
});

describe('parseAuthLog', () => {
  it('reads a page and skips bad or out-of-order records, counting them', () => {
    const got = parseAuthLog({
      decisions: [decision(1), { id: 'x' }, decision(3), decision(2), decision(4, { kind: 'sync' })],
      maxId: 4,
      hasMore: true,
      tapInstalled: true,
    });
    expect(got.ok && got.value.decisions.map((d) => d.id)).toEqual([1, 3]);
    expect(got.ok && got.value).toMatchObject({ maxId: 4, hasMore: true, tapInstalled: true, skipped: 3 });
    expect(got.ok && got.value.decisions[0]?.claims).toEqual({
      sub: 'alice',
      iss: 'i',
      aud: ['a', 'b'],
      exp: 1,
      iat: 0,
      nbf: null,
      role: 'member',
    });
  });

  it("never trusts a hash that is not the panel's shape, nor an unknown credential kind", () => {
    const got = parseAuthLog({ decisions: [decision(1, { tokenHash: 'eyJhbGciOi.raw.token', credential: 'weird' })] });
    expect(got.ok && got.value.decisions[0]).toMatchObject({ tokenHash: null, credential: 'other' });
  });

  it('a handler without the tap, and answers that are not the log', () => {
    expect(parseAuthLog({ tapInstalled: false })).toEqual({
      ok: true,
      value: { decisions: [], maxId: 0, hasMore: false, tapInstalled: false, skipped: 0 },
    });
    expect(parseAuthLog([]).ok).toBe(false);
    expect(parseAuthLog({ decisions: 'no' }).ok).toBe(false);
  });
});

describe('parseAuthExpectations (/info auth)', () => {
  it.each<[string, unknown, unknown]>([
    [
      'all fields',
      {
        auth: {
          issuer: 'i',
          audience: ['a'],
          algorithms: ['RS256'],
          jwksUrl: 'https://id/jwks',
          requiredRoles: ['admin'],
        },
      },
      { issuer: ['i'], audience: ['a'], algorithms: ['RS256'], jwksUrl: 'https://id/jwks', requiredRoles: ['admin'] },
    ],
    ['no auth', { adminApiVersion: 1 }, null],
    ['junk values dropped', { auth: { issuer: 3, audience: [null, ''], jwksUrl: 'javascript:x' } }, null],
  ])('%s', (_name, info, expected) => {
    expect(parseAuthExpectations(info)).toEqual(expected);
  });
});

describe('mergeAuthLog', () => {
  const page = (ids: number[], o = {}) => ({
    decisions: ids
      .map((id) => parseAuthLog({ decisions: [decision(id)] }))
      .flatMap((g) => (g.ok ? g.value.decisions : [])),
    maxId: Math.max(0, ...ids),
    hasMore: false,
    tapInstalled: true,
    ...o,
  });
  it('adds only new ids, moves the cursor, drops the oldest past the bound', () => {
    const a = mergeAuthLog(emptyAuthLog(), page([1, 2]), 0, 3)!;
    expect(a).toMatchObject({ since: 2, tapInstalled: true });
    const b = mergeAuthLog(a, page([2, 3, 4]), 2, 3)!;
    expect(b.decisions.map((d) => d.id)).toEqual([2, 3, 4]);
    expect(b.dropped).toBe(1);
    expect(mergeAuthLog(b, page([5]), 2, 3)).toBeNull(); // stale page
  });
});
