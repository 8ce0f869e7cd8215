import { describe, expect, it } from 'vitest';
import { COOKIE_123, harEntry, pullResponseBody, pushBody, PULL_QUERY, type EntryOptions } from './fixtures.ts';
import { parseEntry, type Parsed, type PullEvent, type PushEvent } from './index.ts';

const PULL_URL = `https://app.test/sync/pull${PULL_QUERY}`;
const pullEvent = (options: EntryOptions, body?: string | null): PullEvent => {
  const event = parseEntry(harEntry({ url: PULL_URL, ...options }), 'e1', body);
  if (event?.kind !== 'pull') throw new Error(`expected a pull, got ${JSON.stringify(event)}`);
  return event;
};
const pushEvent = (options: EntryOptions, body?: string | null): PushEvent => {
  const event = parseEntry(harEntry({ method: 'POST', url: 'https://app.test/sync/push', ...options }), 'e1', body);
  if (event?.kind !== 'push') throw new Error(`expected a push, got ${JSON.stringify(event)}`);
  return event;
};
const unparseable = (reason: string, raw: string): Parsed<never> => ({ state: 'unparseable', reason, raw });

describe('parseEntry: the common fields', () => {
  it('reads a healthy pull', () => {
    const event = pullEvent({
      requestHeaders: [{ name: 'Authorization', value: 'Bearer t0k' }],
      response: pullResponseBody(),
      status: 200,
      statusText: 'OK',
      time: 12.5,
    });
    expect(event).toMatchObject({
      id: 'e1',
      kind: 'pull',
      method: 'GET',
      url: PULL_URL,
      origin: 'https://app.test',
      basePath: '/sync',
      status: 200,
      statusText: 'OK',
      startedAt: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
      durationMs: 12.5,
      credential: { kind: 'bearer', token: 't0k' },
      requestHeaders: [{ name: 'Authorization', value: 'Bearer t0k' }],
      responseHeaders: [{ name: 'content-type', value: 'application/json' }],
      recognisedBy: 'path+shape',
      errorBody: { state: 'empty' },
      request: {
        state: 'ok',
        value: {
          protocolVersion: 1,
          schemaVersion: 'v1',
          clientGroupID: 'group-1',
          clientID: 'client-1',
          cookie: null,
          limit: null,
        },
      },
      response: { state: 'ok', value: { cookie: { rowVersion: 123 }, lastMutationIDs: { 'client-1': 1 } } },
    });
  });

  it.each<[string, Partial<EntryOptions>, { startedAt: number; durationMs: number }]>([
    ['garbage date', { startedDateTime: 'yesterday-ish' }, { startedAt: 0, durationMs: 42 }],
    ['empty date', { startedDateTime: '' }, { startedAt: 0, durationMs: 42 }],
    ['HAR -1 time', { time: -1 }, { startedAt: Date.UTC(2025, 0, 2, 3, 4, 5, 678), durationMs: 0 }],
    ['NaN time', { time: Number.NaN }, { startedAt: Date.UTC(2025, 0, 2, 3, 4, 5, 678), durationMs: 0 }],
  ])('NaN-safe timing: %s', (_name, options, expected) => {
    expect(pullEvent(options)).toMatchObject(expected);
  });

  it('tolerates an entry with almost nothing in it', () => {
    const event = parseEntry(
      { request: { url: 'https://a.test/sync/push', postData: { text: JSON.stringify(pushBody()) } } },
      'x',
    );
    expect(event).toMatchObject({
      kind: 'push',
      method: 'POST',
      status: 0,
      statusText: '',
      startedAt: 0,
      durationMs: 0,
      credential: { kind: 'none' },
      requestHeaders: [],
      responseHeaders: [],
      request: { state: 'ok' },
      response: { state: 'pending' },
      errorBody: { state: 'pending' },
    });
  });

  it('survives throwing getters and proxies', () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        has: () => {
          throw new Error('trap');
        },
      },
    );
    const getter = {
      request: {
        get url(): string {
          throw new Error('getter');
        },
        method: 'GET',
      },
    };
    for (const hostile of [trap, getter, { request: trap, response: trap }]) {
      expect(() => parseEntry(hostile, 'x', trap as never)).not.toThrow();
      expect(parseEntry(hostile, 'x')).toBeNull();
    }
  });

  it('returns null for non-plasma entries and non-entries', () => {
    expect(parseEntry(harEntry({ url: 'https://app.test/api/health', response: { ok: true } }), 'x')).toBeNull();
    for (const junk of [null, undefined, 0, 'GET /sync/pull', [], { request: null }])
      expect(parseEntry(junk, 'x')).toBeNull();
  });
});

describe('parseEntry: pull parameters', () => {
  it.each<[string, EntryOptions, Record<string, unknown>]>([
    [
      'query with cookie and limit',
      { url: `https://a.test/sync/pull${PULL_QUERY}&cookie=${encodeURIComponent(COOKIE_123)}&limit=50` },
      { cookie: { format: 'c1', rowVersion: 123 }, limit: 50 },
    ],
    [
      'reference headers',
      {
        url: 'https://a.test/sync/pull',
        requestHeaders: [
          { name: 'x-client', value: 'c' },
          { name: 'x-group', value: 'g' },
        ],
      },
      { clientID: 'c', clientGroupID: 'g', schemaVersion: null },
    ],
    [
      'query beats headers',
      { url: 'https://a.test/sync/pull?clientID=q', requestHeaders: [{ name: 'X-Client', value: 'h' }] },
      { clientID: 'q' },
    ],
    [
      'POST pull JSON body',
      {
        method: 'POST',
        url: 'https://a.test/sync/pull',
        body: { clientGroupID: 'g', clientID: 'c', schemaVersion: 'v1', cookie: 9, protocolVersion: 1 },
      },
      {
        clientGroupID: 'g',
        clientID: 'c',
        schemaVersion: 'v1',
        protocolVersion: 1,
        cookie: { format: 'integer', rowVersion: 9 },
      },
    ],
    [
      'empty and "null" cookie are absent',
      { url: `https://a.test/sync/pull${PULL_QUERY}&cookie=null` },
      { cookie: null },
    ],
    [
      'no parameters at all (401)',
      { url: 'https://a.test/sync/pull', status: 401 },
      { clientID: null, clientGroupID: null, schemaVersion: null, protocolVersion: null },
    ],
  ])('%s', (_name, options, expected) => {
    expect(pullEvent(options).request).toMatchObject({ state: 'ok', value: expected });
  });

  it.each<[string, string, Parsed<never>]>([
    ['array body', '[1]', unparseable('pull body is not a JSON object', '[1]')],
    ['truncated body', '{"clientID":"c', unparseable('truncated JSON', '{"clientID":"c')],
  ])('POST pull with %s', (_name, body, expected) => {
    expect(pullEvent({ method: 'POST', body }).request).toEqual(expected);
  });
});

const HTML = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
const HUGE = 'x'.repeat(3_000_000);
const validPull = JSON.stringify(pullResponseBody());

describe('parseEntry: every response body state', () => {
  const cases: [string, EntryOptions, string | null | undefined, Parsed<never> | { state: 'ok' }][] = [
    ['not fetched, no content', {}, undefined, { state: 'pending' }],
    ['browser could not give it', { response: validPull }, null, { state: 'unavailable' }],
    ['empty string', {}, '', { state: 'empty' }],
    ['whitespace', {}, ' \n\t ', { state: 'empty' }],
    ['lone brace', {}, '{', unparseable('truncated JSON', '{')],
    ['truncated JSON', {}, validPull.slice(0, 40), unparseable('truncated JSON', validPull.slice(0, 40))],
    ['HTML error page', {}, HTML, unparseable('not JSON: looks like an HTML or XML page', HTML)],
    ['JSON null', {}, 'null', unparseable('pull response is not a JSON object', 'null')],
    ['JSON number', {}, '42', unparseable('pull response is not a JSON object', '42')],
    ['JSON array', {}, '[{"patch":[]}]', unparseable('pull response is not a JSON object', '[{"patch":[]}]')],
    [
      'patch not an array',
      {},
      '{"patch":{},"lastMutationIDs":{}}',
      unparseable('pull response has no patch array', '{"patch":{},"lastMutationIDs":{}}'),
    ],
    [
      'huge non-JSON string',
      {},
      HUGE,
      { state: 'unparseable', reason: expect.stringMatching(/^not JSON/) as unknown as string, raw: 'x'.repeat(2048) },
    ],
    ['valid body in the argument', {}, validPull, { state: 'ok' }],
    ['argument wins over content', { response: '<html>' }, validPull, { state: 'ok' }],
    ['empty argument wins over content', { response: validPull }, '', { state: 'empty' }],
    ['content text when no argument', { response: validPull }, undefined, { state: 'ok' }],
    ['base64 content', { response: btoa(validPull), responseEncoding: 'base64' }, undefined, { state: 'ok' }],
    [
      'upper-case BASE64 encoding',
      { response: btoa(validPull), responseEncoding: 'BASE64' },
      undefined,
      { state: 'ok' },
    ],
    [
      'invalid base64 content',
      { response: '!!!not base64!!!', responseEncoding: 'base64' },
      undefined,
      unparseable('content is marked base64 but is not valid base64 UTF-8', '!!!not base64!!!'),
    ],
    [
      'claimed base64, is plain JSON',
      { response: '{"ok":true}', responseEncoding: 'base64' },
      undefined,
      unparseable('content is marked base64 but is not valid base64 UTF-8', '{"ok":true}'),
    ],
    [
      'base64 of binary',
      { response: '/9j/4AAQ', responseEncoding: 'base64' },
      undefined,
      unparseable('content is marked base64 but is not valid base64 UTF-8', '/9j/4AAQ'),
    ],
    [
      'base64 of HTML',
      { response: btoa('<p>hi</p>'), responseEncoding: 'base64' },
      undefined,
      unparseable('not JSON: looks like an HTML or XML page', '<p>hi</p>'),
    ],
  ];
  it.each(cases)('%s', (_name, options, body, expected) => {
    expect(pullEvent(options, body).response).toMatchObject(expected);
  });

  it('reads a large valid pull in full', () => {
    const patch = Array.from({ length: 20_000 }, (_, i) => ({
      op: 'put',
      table: 't',
      id: `r${i}`,
      value: { i },
      rowVersion: i,
    }));
    const event = pullEvent({}, JSON.stringify(pullResponseBody({ patch })));
    expect(event.response.state === 'ok' && event.response.value.patch.length).toBe(20_000);
  });
});

describe('parseEntry: push bodies', () => {
  it.each<[string, EntryOptions, unknown]>([
    ['documented body', { body: pushBody() }, { state: 'ok', value: { clientID: 'client-1', mutations: [{ id: 1 }] } }],
    ['no postData', {}, { state: 'unavailable' }],
    ['empty body', { body: '' }, { state: 'empty' }],
    ['whitespace body', { body: '  ' }, { state: 'empty' }],
    [
      'truncated body, plasma 400',
      { body: '{"clientGroupID":"g","mutations":[', status: 400, response: { error: 'invalid request' } },
      unparseable('truncated JSON', '{"clientGroupID":"g","mutations":['),
    ],
    [
      'JSON null body, plasma 400',
      { body: 'null', status: 400, response: { error: 'invalid request' } },
      unparseable('push body is not a JSON object', 'null'),
    ],
    [
      'form body, plasma 400',
      { body: 'a=1&b=2', status: 400, response: { error: 'invalid request' } },
      { state: 'unparseable', reason: expect.stringMatching(/^not JSON/) as unknown },
    ],
  ])('%s', (_name, options, expected) => {
    expect(pushEvent(options).request).toMatchObject(expected as object);
  });

  it.each<[string, EntryOptions, string | undefined, unknown]>([
    ['200 ok', { body: pushBody() }, '{"ok":true}', { state: 'ok', value: { ok: true } }],
    [
      '401 error body is not a push response',
      { body: pushBody(), status: 401 },
      '{"error":"unauthorized"}',
      { state: 'unparseable' },
    ],
    ['pending', { body: pushBody() }, undefined, { state: 'pending' }],
  ])('response: %s', (_name, options, body, expected) => {
    expect(pushEvent(options, body).response).toMatchObject(expected as object);
  });

  it('keeps the raw of an unparseable body to 2 KB', () => {
    const event = pushEvent({ body: `{"clientGroupID":"${'g'.repeat(10_000)}` }, '{"error":"invalid request"}');
    expect(event.request.state === 'unparseable' && event.request.raw.length).toBe(2048);
  });
});
