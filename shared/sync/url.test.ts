import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainPathAndSearch, splitByParser, splitPlainUrl, splitUrl } from './url.ts';

// Pieces chosen to hit what URL parsers rewrite: case, IPv4 spellings, IDNA, default and odd ports,
// dot segments, escapes, spaces, non-ASCII, backslashes, userinfo, a second "?", fragments.
const scheme = fc.constantFrom('http', 'https', 'HTTP', 'Https', 'ftp', 'ws', 'file', 'blob:http', 'data', '');
const label = fc.constantFrom(
  'a',
  'app',
  'test',
  'A',
  'xn--a',
  'xn--nxasmq6b',
  '1',
  '127',
  '0',
  '0x7f',
  '256',
  '08',
  '-',
  'a-b',
  'é',
  '',
);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
const port = fc.constantFrom('', ':80', ':443', ':8080', ':08080', ':0', ':65535', ':65536', ':', ':x', '@u');
const segment = fc.constantFrom(
  'sync',
  'pull',
  'push',
  'PULL',
  '',
  '.',
  '..',
  '%2e',
  '%2E.',
  '%41',
  'a b',
  'é',
  '~',
  '@',
  ':',
  '\\',
  '"',
  "'",
  '`',
  '{',
  '^',
  '|',
  '\t',
  '%',
  ';x=1',
);
const path = fc.array(segment, { maxLength: 5 }).map((ss) => (ss.length ? `/${ss.join('/')}` : ''));
const param = fc.constantFrom(
  'clientID=c-1',
  'a=1',
  'a',
  '=x',
  'a==b',
  'x=%20',
  'x=%zz',
  'x=+y',
  'CLIENTID=q',
  '?q=1',
  "'",
  '"',
  ' ',
  'é=1',
  'a[]=1',
  '',
  'cookie=c1%3Aab',
  '`',
  '<',
  '\n',
);
const query = fc.oneof(
  fc.constant(''),
  fc.array(param, { maxLength: 5 }).map((ps) => `?${ps.join('&')}`),
);
const fragment = fc.constantFrom('', '#', '#x', '#a?b=1', '# y');
const built = fc
  .tuple(
    scheme,
    fc.constantFrom('://', ':/', ':', '//', ':\\\\'),
    host,
    port,
    path,
    query,
    fragment,
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([s, sep, h, p, pa, q, f, pad]) => `${pad}${s}${sep}${h}${p}${pa}${q}${f}`);

describe('splitUrl', () => {
  it.each([
    ['https://app.test/sync/pull?clientGroupID=cg&clientID=c&schemaVersion=3', 'https://app.test', '/sync/pull'],
    ['http://127.0.0.1:8787/api/sync/push', 'http://127.0.0.1:8787', '/api/sync/push'],
    ['https://app.test:443/sync/pull/', 'https://app.test', '/sync/pull'],
    ['http://localhost:80/', 'http://localhost', ''],
    ['https://app.test', 'https://app.test', ''],
    ['https://app.test/sync/pull?cookie=c1%3Aeyj9&clientID=a+b#frag', 'https://app.test', '/sync/pull'],
  ])('splits the common shape %s by hand, as the URL parser does', (url, origin, path) => {
    const fast = splitPlainUrl(url);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(splitByParser(url));
    expect(fast).toMatchObject({ origin, path });
  });

  it.each([
    ['https://app.test/sync/pull?clientID=c&x=%41', '/sync/pull?clientID=c&x=%41'],
    ['https://app.test', '/'],
    ['https://app.test/a/?', '/a/'],
    ['http://127.0.0.1:8787/sync/push#f', '/sync/push'],
  ])('reads the path and query of %s as new URL gives them', (url, want) => {
    expect(plainPathAndSearch(url)).toBe(want);
    const parsed = new URL(url);
    expect(want).toBe(parsed.pathname + parsed.search);
  });

  it('leaves the path and query of other URLs to the URL parser', () => {
    for (const url of ['https://app.test/a/../b', 'HTTP://a.test/x', 'https://a.test/é', 'not a url', '/sync/pull'])
      expect(plainPathAndSearch(url)).toBeNull();
  });

  it('decodes the query as URLSearchParams does, keeping a leading "?" in the first name', () => {
    expect(splitUrl('https://a.test/p?clientID=a+b&x=%41&y&=z&&k=v=w').query).toEqual([
      ['clientID', 'a b'],
      ['x', 'A'],
      ['y', ''],
      ['', 'z'],
      ['k', 'v=w'],
    ]);
    expect(splitUrl('https://a.test/p??x=1').query).toEqual([['?x', '1']]);
    expect(splitUrl('https://a.test/p??x=%31').query).toEqual([['?x', '1']]);
  });

  it.each([
    'HTTPS://app.test/sync/pull',
    'https://App.test/sync/pull',
    'http://127.1/sync/pull',
    'http://0x7f.0.0.1/sync/pull',
    'https://xn--nxasmq6b.test/sync/pull',
    'https://app.test:08080/sync/pull',
    'https://u:p@app.test/sync/pull',
    'https://app.test/a/../sync/pull',
    'https://app.test/sync/%70ull',
    'https://app.test/sync pull',
    'https://app.test/sync/pull?x=é',
    'https://app.test\\sync\\pull',
  ])('leaves %s to the URL parser', (url) => {
    expect(splitPlainUrl(url)).toBeNull();
    expect(splitUrl(url)).toEqual(splitByParser(url));
  });

  it('gives what the URL parser gives, for any URL built from awkward pieces', () => {
    fc.assert(
      fc.property(built, (url) => {
        expect(splitUrl(url)).toEqual(splitByParser(url));
        const plain = plainPathAndSearch(url);
        if (plain !== null) {
          const parsed = new URL(url);
          expect(plain).toBe(parsed.pathname + parsed.search);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('gives what the URL parser gives, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (tail) => {
        for (const url of [`https://a.test/${tail}`, `http://a.test/sync/pull?${tail}`, tail]) {
          expect(splitUrl(url)).toEqual(splitByParser(url));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
