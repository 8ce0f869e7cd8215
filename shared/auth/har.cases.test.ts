// toHarEntry / fromHarEntry case by case: the exact bodies, sizes, times and mime types an exported entry
// carries, and which entries read back as events, bare events or nothing.
import { describe, expect, it } from 'vitest';
import type { PullEvent, PushEvent, SyncEvent } from '../sync/types.ts';
import { fromHarEntry, toHarEntry } from './har.ts';
import { makeEvent, T0 } from './testFixtures.ts';

const pull = (o: Partial<PullEvent> = {}): PullEvent => ({ ...(makeEvent({ kind: 'pull' }) as PullEvent), ...o });
const push = (o: Partial<PushEvent> = {}): PushEvent => ({ ...(makeEvent({ kind: 'push' }) as PushEvent), ...o });
const base = { protocolVersion: 1, schemaVersion: '1', clientGroupID: 'g1', clientID: 'c1' };

describe('toHarEntry', () => {
  it('writes a push with its request and response in wire shape, and every fixed HAR field', () => {
    const mutations = [{ id: 1, name: 'm', args: { a: 1 }, timestamp: 5 }];
    const e = push({
      request: { state: 'ok', value: { ...base, mutations, skipped: 2 } },
      response: { state: 'ok', value: { ok: true } },
      credential: { kind: 'cookie', cookieNames: ['sid', 'theme'] },
      requestHeaders: [{ name: 'Content-Type', value: 'text/plain' }],
      responseHeaders: [{ name: 'CONTENT-TYPE', value: 'application/x' }],
      statusText: 'OK',
      url: 'https://api.app.test/sync/push?a=1&b=two',
    });
    const reqText = JSON.stringify({ ...base, mutations });
    const resText = '{"ok":true}';
    expect(toHarEntry(e)).toEqual({
      startedDateTime: new Date(T0).toISOString(),
      time: 40,
      request: {
        method: 'POST',
        url: 'https://api.app.test/sync/push?a=1&b=two',
        httpVersion: 'HTTP/1.1',
        cookies: [
          { name: 'sid', value: '<redacted>' },
          { name: 'theme', value: '<redacted>' },
        ],
        headers: [{ name: 'Content-Type', value: 'text/plain' }],
        queryString: [
          { name: 'a', value: '1' },
          { name: 'b', value: 'two' },
        ],
        postData: { mimeType: 'text/plain', text: reqText },
        headersSize: -1,
        bodySize: reqText.length,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'CONTENT-TYPE', value: 'application/x' }],
        content: { size: resText.length, mimeType: 'application/x', text: resText },
        redirectURL: '',
        headersSize: -1,
        bodySize: resText.length,
      },
      cache: {},
      timings: { send: 0, wait: 40, receive: 0 },
      _plasma: {
        id: 'r1',
        kind: 'push',
        recognisedBy: 'path',
        credential: { kind: 'cookie', cookieNames: ['sid', 'theme'] },
      },
    });
  });

  it('writes a POST pull body and a pull answer with put and del ops; cookies by raw text', () => {
    const cookie = { format: 'opaque' as const, raw: 'ck-1' };
    const e = pull({
      method: 'post',
      request: { state: 'ok', value: { ...base, cookie, limit: 10 } },
      response: {
        state: 'ok',
        value: {
          cookie: { format: 'integer', raw: '7', rowVersion: 7 },
          patch: [
            { op: 'put', table: 't', id: 'x', value: { v: 1 }, rowVersion: 3 },
            { op: 'del', table: 't', id: 'y', rowVersion: null },
          ],
          lastMutationIDs: { c1: 4 },
          hasMore: true,
          skipped: 1,
        },
      },
    });
    const h = toHarEntry(e);
    expect(h.request.postData).toEqual({
      mimeType: 'application/json',
      text: JSON.stringify({ ...base, cookie: 'ck-1', limit: 10 }),
    });
    expect(h.response.content.text).toBe(
      JSON.stringify({
        cookie: '7',
        patch: [
          { op: 'put', table: 't', id: 'x', value: { v: 1 }, rowVersion: 3 },
          { op: 'del', table: 't', id: 'y', rowVersion: null },
        ],
        lastMutationIDs: { c1: 4 },
        hasMore: true,
      }),
    );
  });

  it('writes a null cookie for a pull without one', () => {
    const e = pull({
      method: 'POST',
      request: { state: 'ok', value: { ...base, cookie: null, limit: null } },
      response: { state: 'ok', value: { cookie: null, patch: [], lastMutationIDs: {}, hasMore: false } },
    });
    const h = toHarEntry(e);
    expect(h.request.postData?.text).toBe(JSON.stringify({ ...base, cookie: null, limit: null }));
    expect(h.response.content.text).toBe('{"cookie":null,"patch":[],"lastMutationIDs":{},"hasMore":false}');
  });

  it.each(['GET', 'get'])('a %s pull has no body: no postData, body size 0', (method) => {
    const h = toHarEntry(pull({ method }));
    expect(h.request).not.toHaveProperty('postData');
    expect(h.request.bodySize).toBe(0);
  });

  it('an unparseable request or response body is written as it came', () => {
    const h = toHarEntry(
      push({
        request: { state: 'unparseable', reason: 'x', raw: 'req{' },
        response: { state: 'unparseable', reason: 'y', raw: 'res{' },
        errorBody: { state: 'empty' },
      }),
    );
    expect(h.request.postData).toEqual({ mimeType: 'application/json', text: 'req{' });
    expect(h.request.bodySize).toBe(4);
    expect(h.response.content).toEqual({ size: 4, mimeType: 'application/json', text: 'res{' });
    expect(h.response.bodySize).toBe(4);
  });

  it('an error body is written without its null fields, before an unparseable response', () => {
    const h = toHarEntry(
      pull({
        status: 401,
        response: { state: 'unparseable', reason: 'x', raw: 'raw' },
        errorBody: {
          state: 'ok',
          value: { error: 'unauthorized', reason: null, expected: null, max: 3, details: null },
        },
      }),
    );
    expect(h.response.content.text).toBe('{"error":"unauthorized","max":3}');
  });

  it('an unparseable error body is written raw; nothing at all leaves no text, size 0, body size -1', () => {
    const raw = toHarEntry(pull({ errorBody: { state: 'unparseable', reason: 'x', raw: '<html>' } }));
    expect(raw.response.content).toEqual({ size: 6, mimeType: 'application/json', text: '<html>' });
    const none = toHarEntry(pull({ request: { state: 'empty' }, method: 'POST' }));
    expect(none.request).not.toHaveProperty('postData');
    expect(none.request.bodySize).toBe(0);
    expect(none.response.content).toEqual({ size: 0, mimeType: 'application/json' });
    expect(none.response.bodySize).toBe(-1);
  });

  it.each([
    [-1, 0],
    [0, 0],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, 0],
    [12.5, 12.5],
  ])('a duration of %s ms is written as %s', (durationMs, time) => {
    const h = toHarEntry(pull({ durationMs }));
    expect([h.time, h.timings.wait]).toEqual([time, time]);
  });

  it.each([
    [Number.NaN, '1970-01-01T00:00:00.000Z'],
    [Number.POSITIVE_INFINITY, '1970-01-01T00:00:00.000Z'],
    [1e20, '1970-01-01T00:00:00.000Z'],
    [T0, '2025-01-15T12:00:00.000Z'],
  ])('a start of %s is written as %s', (startedAt, iso) => {
    expect(toHarEntry(pull({ startedAt })).startedDateTime).toBe(iso);
  });

  it('a URL that does not parse has no query string; no cookie names, no cookies', () => {
    const h = toHarEntry(pull({ url: '/relative?x=1', credential: { kind: 'none' } }));
    expect(h.request.queryString).toEqual([]);
    expect(h.request.cookies).toEqual([]);
  });
});

describe('fromHarEntry', () => {
  const roundTrip = (e: SyncEvent) => fromHarEntry(JSON.parse(JSON.stringify(toHarEntry(e))));
  const okPush = () =>
    push({
      url: 'https://api.app.test/sync/push',
      request: { state: 'ok', value: { ...base, mutations: [{ id: 1, name: 'm', args: {}, timestamp: 1 }] } },
      response: { state: 'ok', value: { ok: true } },
      credential: { kind: 'bearer', scheme: 'Bearer', malformed: 'why' },
      requestHeaders: [{ name: 'content-type', value: 'application/json' }],
      responseHeaders: [{ name: 'content-type', value: 'application/json' }],
      recognisedBy: 'path+shape',
    });

  it('reads an exported push back with the recorded credential and recognition', () => {
    const got = roundTrip(okPush());
    expect(got).toMatchObject({
      id: 'r1',
      kind: 'push',
      method: 'POST',
      status: 200,
      startedAt: T0,
      durationMs: 40,
      credential: { kind: 'bearer', scheme: 'Bearer', malformed: 'why' },
      recognisedBy: 'path+shape',
      request: { state: 'ok' },
      response: { state: 'ok', value: { ok: true } },
    });
    expect(got?.credential).toEqual({ kind: 'bearer', scheme: 'Bearer', malformed: 'why' });
  });

  it.each(['path', 'shape'] as const)('keeps a recorded recognition of %s', (recognisedBy) => {
    expect(roundTrip({ ...okPush(), recognisedBy })?.recognisedBy).toBe(recognisedBy);
  });

  it("takes the parser's recognition when the recorded one is unknown", () => {
    const entry = JSON.parse(JSON.stringify(toHarEntry(okPush()))) as { _plasma: Record<string, unknown> };
    entry._plasma.recognisedBy = 'guess';
    expect(fromHarEntry(entry)?.recognisedBy).toBe('path+shape');
  });

  it('keeps only string cookie names and the fields a credential may have', () => {
    const entry = JSON.parse(JSON.stringify(toHarEntry(okPush()))) as { _plasma: Record<string, unknown> };
    entry._plasma.credential = { kind: 'cookie', cookieNames: ['a', 1, 'b'], scheme: 3, malformed: null, x: 1 };
    expect(fromHarEntry(entry)?.credential).toEqual({ kind: 'cookie', cookieNames: ['a', 'b'] });
  });

  const exported = () => JSON.parse(JSON.stringify(toHarEntry(okPush()))) as Record<string, Record<string, unknown>>;
  it.each<[string, (e: Record<string, Record<string, unknown>>) => unknown]>([
    ['not an object', () => 'x'],
    ['null', () => null],
    ['no _plasma', (e) => ({ ...e, _plasma: undefined })],
    ['_plasma not an object', (e) => ({ ...e, _plasma: 'p' })],
    ['no response', (e) => ({ ...e, response: undefined })],
    ['a non-string id', (e) => ({ ...e, _plasma: { ...e._plasma, id: 1 } })],
    ['an unknown kind', (e) => ({ ...e, _plasma: { ...e._plasma, kind: 'poke' } })],
    ['no credential', (e) => ({ ...e, _plasma: { ...e._plasma, credential: undefined } })],
    ['an unknown credential kind', (e) => ({ ...e, _plasma: { ...e._plasma, credential: { kind: 'magic' } } })],
    [
      'a credential holding a token',
      (e) => ({ ...e, _plasma: { ...e._plasma, credential: { kind: 'bearer', token: 't' } } }),
    ],
  ])('refuses an entry with %s', (_name, edit) => {
    expect(fromHarEntry(edit(exported()))).toBeNull();
  });

  it.each(['bearer', 'cookie', 'none', 'other'])('accepts a credential of kind %s', (kind) => {
    const e = exported();
    e._plasma = { ...e._plasma, credential: { kind } };
    expect(fromHarEntry(e)?.credential).toEqual({ kind });
  });

  it('reads an entry whose body no longer parses as its kind back as a bare event of that kind', () => {
    const e = exported();
    e._plasma = { ...e._plasma, kind: 'pull', credential: { kind: 'none' } };
    e.request = {
      ...e.request,
      headers: [{ name: 'x', value: 'y' }, { name: 1, value: 'z' }, 'junk', { name: 'n', value: 2 }],
    };
    e.response = { ...e.response, headers: 'none', statusText: 7 };
    e.startedDateTime = 'not a date' as never;
    e.time = Number.NaN as never;
    expect(fromHarEntry(e)).toEqual({
      id: 'r1',
      kind: 'pull',
      method: 'POST',
      url: 'https://api.app.test/sync/push',
      basePath: '',
      origin: 'https://api.app.test',
      status: 200,
      statusText: '',
      startedAt: 0,
      durationMs: 0,
      credential: { kind: 'none' },
      requestHeaders: [{ name: 'x', value: 'y' }],
      responseHeaders: [],
      recognisedBy: 'path',
      errorBody: { state: 'unavailable' },
      request: { state: 'unavailable' },
      response: { state: 'unavailable' },
    });
  });

  /** An exported push whose URL and bodies no longer look like plasma's. */
  const unrecognised = () => {
    const e = exported();
    e.request = { ...e.request, url: 'https://x.test/elsewhere', postData: undefined };
    e.response = { ...e.response, content: { mimeType: 'text/plain', text: 'hello' } };
    return e;
  };

  it('a bare event keeps the recorded status, text, start and time; a bare push is a push', () => {
    const e = unrecognised();
    e.response = { ...e.response, status: 418, statusText: 'teapot' };
    e.time = 7 as never;
    expect(fromHarEntry(e)).toMatchObject({
      kind: 'push',
      status: 418,
      statusText: 'teapot',
      startedAt: T0,
      durationMs: 7,
      origin: 'https://x.test',
      requestHeaders: [{ name: 'content-type', value: 'application/json' }],
      responseHeaders: [{ name: 'content-type', value: 'application/json' }],
      request: { state: 'unavailable' },
    });
  });

  it('a bare event with a relative URL has no origin; a bad status reads 0; no start reads 0', () => {
    const e = unrecognised();
    e.request = { ...e.request, url: '/elsewhere' };
    e.response = { ...e.response, status: 'x' };
    e.startedDateTime = 5 as never;
    expect(fromHarEntry(e)).toMatchObject({ origin: '', status: 0, startedAt: 0 });
  });

  it.each<[string, (e: Record<string, Record<string, unknown>>) => void]>([
    ['a request that is not an object', (e) => (e.request = 'x' as never)],
    ['no URL', (e) => (e.request = { ...e.request, url: 1 })],
    ['no method', (e) => (e.request = { ...e.request, method: null })],
  ])('an unparseable entry with %s reads as nothing', (_name, edit) => {
    const e = unrecognised();
    edit(e);
    expect(fromHarEntry(e)).toBeNull();
  });

  it('reads the response text only when it is a string', () => {
    const e = exported();
    e.response = { ...e.response, content: { text: 5 } };
    expect(fromHarEntry(e)?.response.state).not.toBe('ok');
    e.response = { ...e.response, content: 'x' };
    expect(fromHarEntry(e)?.response.state).not.toBe('ok');
  });
});
