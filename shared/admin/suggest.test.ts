import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl, suggestBaseUrl } from './suggest.ts';

describe('suggestBaseUrl', () => {
  it.each([
    ['none captured', [], null],
    ['only non-plasma rows', [null, undefined], null],
    ['one endpoint', [{ origin: 'http://127.0.0.1:5000', basePath: '/sync' }], 'http://127.0.0.1:5000/sync/admin'],
    ['root base path', [{ origin: 'https://a.example', basePath: '' }], 'https://a.example/admin'],
    ['trailing slash', [{ origin: 'https://a.example', basePath: '/api/plasma/' }], 'https://a.example/api/plasma/admin'],
    ['the latest wins', [{ origin: 'http://a', basePath: '/sync' }, null, { origin: 'http://b', basePath: '/api/admin-sync' }], 'http://b/api/admin-sync/admin'],
    ['bad origin skipped', [{ origin: 'http://a', basePath: '/sync' }, { origin: 'null', basePath: '/x' }], 'http://a/sync/admin'],
  ])('%s', (_n, events, want) => expect(suggestBaseUrl(events)).toBe(want));
});

describe('normalizeBaseUrl', () => {
  it.each([
    [' http://127.0.0.1:1/sync/admin/ ', 'http://127.0.0.1:1/sync/admin'],
    ['https://x.example/admin', 'https://x.example/admin'],
    ['ftp://x/admin', null],
    ['http://x/admin?since=1', null],
    ['/sync/admin', null],
    ['', null],
  ])('%j', (input, want) => expect(normalizeBaseUrl(input)).toBe(want));
});
