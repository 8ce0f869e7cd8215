import { describe, expect, it } from 'vitest';
import {
  cookieNames,
  headerValue,
  normaliseHeaders,
  readCredential,
  type Credential,
  type HarHeader,
} from './index.ts';

const h = (...pairs: [string, string][]): HarHeader[] => pairs.map(([name, value]) => ({ name, value }));

describe('readCredential', () => {
  const cases: [string, HarHeader[], Credential][] = [
    ['bearer', h(['Authorization', 'Bearer abc.def.ghi']), { kind: 'bearer', scheme: 'Bearer', token: 'abc.def.ghi' }],
    [
      'lowercase header and scheme',
      h(['authorization', 'bearer tok']),
      { kind: 'bearer', scheme: 'bearer', token: 'tok' },
    ],
    ['upper-case header name', h(['AUTHORIZATION', 'Bearer tok']), { kind: 'bearer', scheme: 'Bearer', token: 'tok' }],
    [
      'extra spaces around token',
      h(['Authorization', '  Bearer   tok  ']),
      { kind: 'bearer', scheme: 'Bearer', token: 'tok' },
    ],
    [
      'Bearer with no token',
      h(['Authorization', 'Bearer']),
      { kind: 'other', scheme: 'Bearer', malformed: 'Bearer scheme with no token' },
    ],
    [
      'Bearer with only spaces',
      h(['Authorization', 'Bearer   ']),
      { kind: 'other', scheme: 'Bearer', malformed: 'Bearer scheme with no token' },
    ],
    [
      'Bearer with two words',
      h(['Authorization', 'Bearer a b']),
      { kind: 'other', scheme: 'Bearer', malformed: 'Bearer token contains whitespace' },
    ],
    [
      'empty Authorization',
      h(['Authorization', '']),
      { kind: 'other', scheme: '', malformed: 'empty Authorization header' },
    ],
    ['Basic', h(['Authorization', 'Basic dTpw']), { kind: 'other', scheme: 'Basic' }],
    ['bare token without scheme', h(['Authorization', 'eyJhbGciOi']), { kind: 'other', scheme: 'eyJhbGciOi' }],
    ['cookie only', h(['Cookie', 'session=s3cret; theme=dark']), { kind: 'cookie', cookieNames: ['session', 'theme'] }],
    [
      'lowercase cookie, split over HTTP/2 headers',
      h(['cookie', 'a=1'], ['cookie', 'b=2; a=3']),
      { kind: 'cookie', cookieNames: ['a', 'b'] },
    ],
    ['cookie with empty pieces', h(['Cookie', ' ; flag ;x=']), { kind: 'cookie', cookieNames: ['flag', 'x'] }],
    ['empty cookie header', h(['Cookie', '']), { kind: 'none' }],
    [
      'bearer wins over cookie, names kept',
      h(['Cookie', 'sid=1'], ['Authorization', 'Bearer t']),
      { kind: 'bearer', scheme: 'Bearer', token: 't', cookieNames: ['sid'] },
    ],
    ['nothing', h(['Accept', '*/*']), { kind: 'none' }],
    [
      'pseudo-headers ignored',
      h([':authority', 'app.test'], [':method', 'GET'], [':authorization', 'Bearer x']),
      { kind: 'none' },
    ],
  ];
  it.each(cases)('%s', (_name, headers, expected) => {
    expect(readCredential(headers)).toEqual(expected);
  });
});

describe('headerValue', () => {
  const headers = h(
    [':path', '/sync/pull'],
    ['X-Client', 'c1'],
    ['x-client', 'c2'],
    ['Content-Type', 'application/json'],
  );
  it.each([
    ['x-client', 'c1'],
    ['X-CLIENT', 'c1'],
    ['content-type', 'application/json'],
    [':path', null],
    ['missing', null],
  ])('%s -> %s', (name, expected) => {
    expect(headerValue(headers, name)).toBe(expected);
  });
});

describe('normaliseHeaders', () => {
  it.each<[string, unknown, HarHeader[]]>([
    ['HAR list', [{ name: 'A', value: '1' }], [{ name: 'A', value: '1' }]],
    [
      'drops non-records and missing values',
      [null, 5, { name: 'A' }, { value: 'x' }, { name: 'B', value: 2 }],
      [{ name: 'B', value: '2' }],
    ],
    [
      'object map',
      { A: '1', B: 2, C: {} },
      [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    ],
    ['not a list', 'Authorization: Bearer x', []],
    ['undefined', undefined, []],
  ])('%s', (_name, raw, expected) => {
    expect(normaliseHeaders(raw)).toEqual(expected);
  });

  it('keeps cookie values out of cookieNames', () => {
    expect(cookieNames(h(['Cookie', 'sid=secret-value']))).toEqual(['sid']);
  });
});
