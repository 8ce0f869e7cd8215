import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseFilter, type FilterRow } from './parseFilter.ts';

const rows: Record<string, FilterRow> = {
  push200: {
    url: 'https://a.test/sync/push',
    method: 'POST',
    status: 200,
    kind: 'push',
    credential: 'bearer',
    hasFinding: false,
  },
  pull401: {
    url: 'https://a.test/sync/pull?cookie=c1',
    method: 'GET',
    status: 401,
    kind: 'pull',
    credential: 'none',
    hasFinding: true,
  },
  pull403: {
    url: 'https://a.test/api/admin-sync/pull',
    method: 'GET',
    status: 403,
    kind: 'pull',
    credential: 'bearer',
    hasFinding: true,
  },
  other: {
    url: 'https://a.test/api/health',
    method: 'GET',
    status: 200,
    kind: null,
    credential: 'none',
    hasFinding: false,
  },
};

const pick = (text: string) =>
  Object.entries(rows)
    .filter(([, r]) => matchesFilter(r, parseFilter(text)))
    .map(([k]) => k);

describe('parseFilter + matchesFilter', () => {
  it.each([
    ['', ['push200', 'pull401', 'pull403', 'other']],
    ['status:401', ['pull401']],
    ['status:4xx', ['pull401', 'pull403']],
    ['-status:200', ['pull401', 'pull403']],
    ['kind:push', ['push200']],
    ['kind:pull status:403', ['pull403']],
    ['has:finding', ['pull401', 'pull403']],
    ['-has:finding', ['push200', 'other']],
    ['cred:none', ['pull401', 'other']],
    ['credential:bearer', ['push200', 'pull403']],
    ['method:post', ['push200']],
    ['admin-sync', ['pull403']],
    ['-admin', ['push200', 'pull401', 'other']],
    ['PUSH', ['push200']],
    ['401', ['pull401']],
    ['sync has:finding -status:403', ['pull401']],
  ])('%j selects %j', (text, expected) => {
    expect(pick(text)).toEqual(expected);
  });

  it.each([['status:abc'], ['kind:delete'], ['has:token']])('reports %s as not understood', (text) => {
    expect(parseFilter(text).unknown).toEqual([text]);
  });

  it('treats an unknown key:value as text, so a host:port still matches URLs', () => {
    expect(parseFilter('127.0.0.1:8787')).toEqual({
      tokens: [{ key: 'text', value: '127.0.0.1:8787', negate: false }],
      unknown: [],
    });
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const f = parseFilter(s);
        for (const r of Object.values(rows)) matchesFilter(r, f);
        return Array.isArray(f.tokens) && Array.isArray(f.unknown);
      }),
      { numRuns: 10_000 },
    );
  });
});
