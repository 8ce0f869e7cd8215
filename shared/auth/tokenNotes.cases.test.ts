// tokenCause without some claims, describeToken, noteAccepted and compareWithAccepted case by case:
// the exact sentences a developer reads about a token and the ones the server accepted before.
import { describe, expect, it } from 'vitest';
import type { AuthorizationParts } from './headers.ts';
import { T0 } from './testFixtures.ts';
import { compareWithAccepted, describeToken, noteAccepted, type AcceptedToken } from './tokenCause.ts';
import { token, entry, pullEvent, cause, accepted, DESCRIBED } from './tokenCauseTestKit.ts';

describe('tokenCause without some claims', () => {
  it('a token with no scheme, no exp and a skewed clock is refused as unexpired, with the plain fix', () => {
    const bare: AuthorizationParts = { raw: 'x.y.z', scheme: null, token: 'x.y.z' };
    const got = cause(token({ exp: null, expiresInSec: null, clockSkewSec: 10 }), {}, pullEvent, bare);
    expect(got.code).toBe('server-refused-valid-token');
    expect(got.fix).toBe(
      `Check the server's auth(): it must accept this token and return ok with clientGroupID "g1" for sub "alice".`,
    );
  });

  it('a token matching the accepted ones gets the plain fix, not a "same ..." one', () => {
    const got = cause(token(), { accepted: accepted([token({ hash: 'h-other' }), 1, T0]) });
    expect(got.fix).toBe(
      `Check the server's auth(): it must accept this token and return ok with clientGroupID "g1" for sub "alice".`,
    );
  });

  it('names iss and aud differences; aud lists compare word by word', () => {
    const got = compareWithAccepted(
      token({ iss: 'https://b', aud: ['ab', 'c'] }),
      accepted([token({ hash: 'h2', aud: ['c', 'a', 'b'] }), 1, 0], [token({ hash: 'h3', aud: ['a', 'bc'] }), 1, 0]),
    );
    expect(got).toEqual(
      Object.assign(
        [
          { field: 'iss', accepted: '"https://id.example"', refused: '"https://b"' },
          { field: 'aud', accepted: '"a b c" or "a bc"', refused: '"ab c"' },
        ],
        { accepted: 2 },
      ),
    );
  });
});

describe('describeToken', () => {
  it('names every claim, "none" for each missing one', () => {
    expect(describeToken(token())).toBe(DESCRIBED);
    expect(
      describeToken(token({ alg: null, kid: null, iss: null, aud: [], sub: null, exp: null, expiresInSec: null })),
    ).toBe('alg none, kid none, iss none, aud none, sub none, exp none');
    expect(describeToken(token({ expiresInSec: -60 }))).toContain('exp 2025-01-15T12:10:00Z, 1 min ago');
    expect(describeToken(token({ expiresInSec: 0 }))).toContain('exp 2025-01-15T12:10:00Z, 0 s left');
    expect(describeToken(token({ expiresInSec: null }))).toContain('exp 2025-01-15T12:10:00Z');
    expect(describeToken(token({ expiresInSec: null }))).not.toContain('left');
    expect(describeToken(token({ aud: ['a', 'b', 'c', 'd'] }))).toContain('aud "a", "b", "c", sub');
  });
});

describe('noteAccepted', () => {
  it('counts each distinct decodable token once, with its last start', () => {
    const table = new Map<string, AcceptedToken>();
    const t = token();
    noteAccepted(table, entry(t, { startedAt: 1 }));
    noteAccepted(table, entry(t, { startedAt: 5 }));
    noteAccepted(table, entry(token({ hash: null }), { startedAt: 6 }));
    noteAccepted(table, entry(token({ hash: 'h2', decodable: false }), { startedAt: 7 }));
    expect([...table]).toEqual([['h-me', { token: t, count: 2, lastAt: 5 }]]);
  });
});

describe('compareWithAccepted', () => {
  it('is null with nothing accepted, or only this same token', () => {
    expect(compareWithAccepted(token(), new Map())).toBeNull();
    expect(compareWithAccepted(token(), accepted([token(), 1, 0]))).toBeNull();
  });

  it('lists each differing field with up to three accepted values; aud compared as a sorted set', () => {
    const mk = (i: number) => token({ hash: `h${i}`, alg: `A${i}`, aud: ['y', 'x'] });
    const got = compareWithAccepted(
      token({ aud: ['x', 'y'], kid: null }),
      accepted([mk(1), 1, 0], [mk(2), 1, 0], [mk(3), 1, 0], [mk(4), 1, 0]),
    );
    expect(got).toEqual(
      Object.assign(
        [
          { field: 'alg', accepted: '"A1" or "A2" or "A3"', refused: '"RS256"' },
          { field: 'kid', accepted: '"k1"', refused: '"(none)"' },
        ],
        { accepted: 4 },
      ),
    );
    expect(got?.accepted).toBe(4);
  });

  it('reads missing claims as (none) on both sides', () => {
    const bare = { alg: null, kid: null, iss: null, aud: [], sub: null };
    expect(compareWithAccepted(token(bare), accepted([token({ ...bare, hash: 'h2' }), 1, 0]))).toEqual(
      Object.assign([], { accepted: 1 }),
    );
    expect(
      compareWithAccepted(token(), accepted([token({ ...bare, hash: 'h2' }), 1, 0]))?.map((d) => d.accepted),
    ).toEqual(['"(none)"', '"(none)"', '"(none)"', '"(none)"', '"(none)"']);
  });
});
