import { describe, expect, it } from 'vitest';
import { harEntry, pullResponseBody, pushBody, PULL_QUERY, type EntryOptions } from './fixtures.ts';
import { recognise } from './index.ts';

const O = 'https://app.test';
type Expected = ReturnType<typeof recognise>;
const push = (basePath: string, recognisedBy: 'path' | 'shape' | 'path+shape' = 'path+shape'): Expected => ({
  kind: 'push',
  basePath,
  recognisedBy,
});
const pull = (basePath: string, recognisedBy: 'path' | 'shape' | 'path+shape' = 'path+shape'): Expected => ({
  kind: 'pull',
  basePath,
  recognisedBy,
});

const cases: [string, EntryOptions, Expected][] = [
  // push by path + shape, every base path
  ['push at /sync', { method: 'POST', url: `${O}/sync/push`, body: pushBody() }, push('/sync')],
  ['push at /api/plasma', { method: 'POST', url: `${O}/api/plasma/push`, body: pushBody() }, push('/api/plasma')],
  ['push at the root', { method: 'POST', url: `${O}/push`, body: pushBody() }, push('')],
  ['push with trailing slash', { method: 'POST', url: `${O}/v1/x/sync/push/`, body: pushBody() }, push('/v1/x/sync')],
  ['push with query string', { method: 'POST', url: `${O}/sync/push?x=1#frag`, body: pushBody() }, push('/sync')],
  ['push segment in capitals', { method: 'POST', url: `${O}/sync/PUSH`, body: pushBody() }, push('/sync')],
  ['lowercase method', { method: 'post', url: `${O}/sync/push`, body: pushBody() }, push('/sync')],
  // pull by path + query/header/body params
  ['pull at /sync with query', { url: `${O}/sync/pull${PULL_QUERY}` }, pull('/sync')],
  ['pull at /api/plasma', { url: `${O}/api/plasma/pull${PULL_QUERY}` }, pull('/api/plasma')],
  ['pull at the root', { url: `${O}/pull${PULL_QUERY}` }, pull('')],
  ['pull with trailing slash', { url: `${O}/v1/x/sync/pull/${PULL_QUERY}` }, pull('/v1/x/sync')],
  ['pull with lowercase query names', { url: `${O}/sync/pull?clientid=c` }, pull('/sync')],
  [
    'pull with x-client header',
    { url: `${O}/sync/pull`, requestHeaders: [{ name: 'X-Client', value: 'c' }] },
    pull('/sync'),
  ],
  [
    'POST pull with JSON body',
    { method: 'POST', url: `${O}/sync/pull`, body: { clientGroupID: 'g', clientID: 'c' } },
    pull('/sync'),
  ],
  ['doubled slash before the segment', { url: `${O}/sync//pull${PULL_QUERY}` }, pull('/sync')],
  ['doubled slash at the root', { url: `${O}//pull${PULL_QUERY}` }, pull('')],
  ['relative URL', { url: `/sync/pull${PULL_QUERY}` }, pull('/sync')],
  // shape only, wherever it goes
  ['push shape at /rpc', { method: 'POST', url: `${O}/rpc`, body: pushBody() }, push('/rpc', 'shape')],
  [
    'push shape at /sync/pull',
    { method: 'POST', url: `${O}/sync/pull`, body: pushBody() },
    push('/sync/pull', 'shape'),
  ],
  [
    'pull shape at /api/changes',
    { url: `${O}/api/changes?since=1`, response: pullResponseBody() },
    pull('/api/changes', 'shape'),
  ],
  ['pull shape at the root', { url: `${O}/`, response: pullResponseBody() }, pull('', 'shape')],
  [
    'pull shape base64 content',
    { url: `${O}/x`, response: btoa(JSON.stringify(pullResponseBody())), responseEncoding: 'base64' },
    pull('/x', 'shape'),
  ],
  [
    'pull shape after leading whitespace',
    { url: `${O}/x`, response: `\n  ${JSON.stringify(pullResponseBody())}` },
    pull('/x', 'shape'),
  ],
  [
    'pull shape, line-wrapped base64',
    {
      url: `${O}/x`,
      response: btoa(` ${JSON.stringify(pullResponseBody())}`).replace(/(.{76})/g, '$1\r\n'),
      responseEncoding: 'base64',
    },
    pull('/x', 'shape'),
  ],
  ['pull shape inside an array is not a pull', { url: `${O}/x`, response: [pullResponseBody()] }, null],
  // path alone
  ['bare pull answered with pull body', { url: `${O}/sync/pull`, response: pullResponseBody() }, pull('/sync')],
  ['bare pull 401', { url: `${O}/sync/pull`, status: 401, response: '<html>denied</html>' }, pull('/sync', 'path')],
  ['bare pull 403', { url: `${O}/sync/pull`, status: 403 }, pull('/sync', 'path')],
  ['bare pull 409', { url: `${O}/sync/pull`, status: 409 }, pull('/sync', 'path')],
  ['bare pull 413', { url: `${O}/sync/pull`, status: 413 }, pull('/sync', 'path')],
  [
    'bare pull 500 plasma error',
    { url: `${O}/sync/pull`, status: 500, response: { error: 'invalid request' } },
    pull('/sync', 'path'),
  ],
  ['push with no body, pending', { method: 'POST', url: `${O}/sync/push` }, push('/sync', 'path')],
  [
    'push with no body, 401',
    { method: 'POST', url: `${O}/sync/push`, status: 401, response: { error: 'unauthorized' } },
    push('/sync', 'path'),
  ],
  [
    'push with partial plasma body',
    { method: 'POST', url: `${O}/sync/push`, body: { clientID: 'c' } },
    push('/sync', 'path'),
  ],
  [
    'push with truncated body and plasma 400',
    {
      method: 'POST',
      url: `${O}/sync/push`,
      body: '{"clientGroupID":"g","mut',
      status: 400,
      response: { error: 'invalid request', reason: 'bad json' },
    },
    push('/sync', 'path'),
  ],
  [
    'push with empty body, {ok:true}',
    { method: 'POST', url: `${O}/sync/push`, body: '', response: { ok: true } },
    push('/sync', 'path'),
  ],
  // not plasma
  [
    'notifications push with a title body',
    { method: 'POST', url: `${O}/notifications/push`, body: { title: 'hi' }, response: { id: 5 } },
    null,
  ],
  [
    'notifications push even with {ok:true}',
    { method: 'POST', url: `${O}/notifications/push`, body: { title: 'hi' }, response: { ok: true } },
    null,
  ],
  [
    'notifications push even with 401 unauthorized',
    {
      method: 'POST',
      url: `${O}/notifications/push`,
      body: { title: 'hi' },
      status: 401,
      response: { error: 'unauthorized' },
    },
    null,
  ],
  [
    'web push binary body, 201',
    { method: 'POST', url: `${O}/wp/push`, body: '\u0001\u0002binary', status: 201, response: '' },
    null,
  ],
  [
    'push with no body answered by HTML',
    { method: 'POST', url: `${O}/docs/push`, response: '<!doctype html><p>docs</p>' },
    null,
  ],
  [
    'push with no body answered by foreign JSON',
    { method: 'POST', url: `${O}/git/push`, response: { pushed: 3 } },
    null,
  ],
  ['GET /push is not a push', { url: `${O}/sync/push`, response: { ok: true } }, null],
  ['OPTIONS preflight to /sync/push', { method: 'OPTIONS', url: `${O}/sync/push`, status: 204 }, null],
  ['OPTIONS preflight to /sync/pull', { method: 'OPTIONS', url: `${O}/sync/pull${PULL_QUERY}`, status: 204 }, null],
  ['bare GET /pull answered 200 HTML', { url: `${O}/git/pull`, response: '<html></html>' }, null],
  ['bare GET /pull with unrelated query, pending', { url: `${O}/git/pull?page=2` }, null],
  [
    'POST /pull with foreign JSON',
    { method: 'POST', url: `${O}/api/pull`, body: { repo: 'x' }, response: { ok: true } },
    null,
  ],
  ['pull-request path', { url: `${O}/repos/x/pulls/3`, response: { number: 3 } }, null],
  ['segment only contains push', { method: 'POST', url: `${O}/pusher`, body: { a: 1 } }, null],
  ['health check', { url: `${O}/api/health`, response: { ok: true } }, null],
  [
    'image',
    { url: `${O}/img/logo.png`, response: 'iVBORw0KGgo=', responseEncoding: 'base64', responseMimeType: 'image/png' },
    null,
  ],
  ['push shape on GET', { method: 'GET', url: `${O}/rpc`, body: pushBody() }, null],
  ['mutations not an array, no path', { method: 'POST', url: `${O}/rpc`, body: pushBody({ mutations: 'x' }) }, null],
  ['empty URL', { url: '' }, null],
];

describe('recognise', () => {
  it.each(cases)('%s', (_name, options, expected) => {
    expect(recognise(harEntry(options))).toEqual(expected);
  });

  it('returns null rather than throwing for non-entries', () => {
    for (const junk of [null, undefined, 1, 'x', [], {}, { request: 5 }]) {
      expect(recognise(junk as never)).toBeNull();
    }
  });
});
