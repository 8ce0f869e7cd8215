import { describe, expect, it } from 'vitest';
import { normaliseBaseUrl, suggestBaseUrl } from './suggest.ts';

const PAGE = 'https://app.example/todos?x=1';

describe('suggestBaseUrl', () => {
  it.each([
    ['no page origin', null, [{ origin: 'https://app.example', basePath: '/sync' }], null],
    ['a page that is not http(s)', 'chrome://newtab/', [], null],
    ['nothing captured: the default base path on the page origin', PAGE, [], 'https://app.example/sync/admin'],
    ['only non-plasma rows', PAGE, [null, undefined], 'https://app.example/sync/admin'],
    [
      'the page origin base path',
      PAGE,
      [{ origin: 'https://app.example', basePath: '/api/plasma/' }],
      'https://app.example/api/plasma/admin',
    ],
    ['root base path', PAGE, [{ origin: 'https://app.example', basePath: '' }], 'https://app.example/admin'],
    [
      'the latest same-origin request wins',
      PAGE,
      [{ origin: 'https://app.example', basePath: '/a' }, null, { origin: 'https://app.example', basePath: '/b' }],
      'https://app.example/b/admin',
    ],
    // A page can fetch('https://elsewhere.example/sync/pull'): that origin is never suggested.
    [
      'another origin the page synced with is ignored',
      PAGE,
      [
        { origin: 'https://app.example', basePath: '/sync' },
        { origin: 'https://elsewhere.example', basePath: '/x' },
      ],
      'https://app.example/sync/admin',
    ],
    [
      'only other origins captured',
      PAGE,
      [{ origin: 'https://elsewhere.example', basePath: '/api' }],
      'https://app.example/sync/admin',
    ],
    [
      'a base path that is not a path',
      PAGE,
      [{ origin: 'https://app.example', basePath: '@evil.example' }],
      'https://app.example/sync/admin',
    ],
  ])('%s', (_n, page, events, want) => expect(suggestBaseUrl(page, events)).toBe(want));
});

describe('normaliseBaseUrl', () => {
  it.each([
    [' http://127.0.0.1:1/sync/admin/ ', 'http://127.0.0.1:1/sync/admin'],
    ['https://x.example/admin', 'https://x.example/admin'],
    ['ftp://x/admin', null],
    ['http://x/admin?since=1', null],
    ['http://user:pw@x/admin', null],
    ['/sync/admin', null],
    ['', null],
  ])('%j', (input, want) => expect(normaliseBaseUrl(input)).toBe(want));
});
