// redactEvent.ts case by case, with a readable marker (<M:value>) and a scrub that only replaces the
// word SECRET: which credential strings an event carries, what each header becomes, and the whole
// redacted event for a push, a pull and an error.
import { describe, expect, it } from 'vitest';
import type { PullEvent, PushEvent, SyncEvent } from '../sync/types.ts';
import type { ValueContext } from './redact.ts';
import { OMITTED, redactEvent, redactHeaders, secretsOf } from './redactEvent.ts';
import type { Marker } from './scrub.ts';
import { makeEvent, T0 } from './testFixtures.ts';

const marker: Marker = { mark: (v) => `<M:${v}>`, id: (v) => v, resolve: (t) => Promise.resolve(t) };
const ctx: ValueContext = { marker, scrub: (s) => s.replaceAll('SECRET', '[S]') };
const base = { protocolVersion: 1, schemaVersion: 'v1', clientGroupID: 'g1', clientID: 'c1' };

describe('secretsOf', () => {
  const ev = (o: Partial<SyncEvent>): SyncEvent =>
    ({ ...makeEvent(), requestHeaders: [], responseHeaders: [], url: 'https://a.test/sync/pull', ...o }) as SyncEvent;

  it('collects the token, the authorization value and its credential', () => {
    expect(
      secretsOf(
        ev({
          credential: { kind: 'bearer', token: 'tok' },
          requestHeaders: [{ name: 'Authorization', value: ' Bearer  abc ' }],
        }),
      ),
    ).toEqual(['tok', 'Bearer  abc', 'abc']);
  });

  it('collects cookie values, Set-Cookie values, and secret-named or long unknown headers', () => {
    expect(
      secretsOf(
        ev({
          requestHeaders: [
            { name: 'cookie', value: 'a=1; b = two ;c' },
            { name: 'x-api-key', value: 'k' },
            { name: 'x-trace', value: '0123456789abcdef' },
            { name: 'x-short', value: '0123456789abcde' },
            { name: 'accept', value: 'x'.repeat(40) },
          ],
          responseHeaders: [{ name: 'set-cookie', value: 'sid=s1; Path=/\nbad\nt=t2' }],
        }),
      ),
    ).toEqual(['1', 'two', 'c', 'k', 'k', '0123456789abcdef', '0123456789abcdef', 's1', '', 't2']);
  });

  it('collects query values outside the allow-list that are secret-named or 8 characters long', () => {
    expect(
      secretsOf(
        ev({ url: 'https://a.test/sync/pull?clientID=c123456789&sig=s&a=1234567&b=12345678&cookie=zzzzzzzzz' }),
      ),
    ).toEqual(['s', '12345678']);
    expect(secretsOf(ev({ url: 'not a url?sig=s' }))).toEqual([]);
  });

  it('collects secret-named string args of a readable push, at any depth', () => {
    const push = makeEvent({ kind: 'push' }) as PushEvent;
    push.requestHeaders = [];
    push.request = {
      state: 'ok',
      value: {
        ...base,
        mutations: [
          {
            id: 1,
            name: 'm',
            args: { password: 'pw', nested: { token: 't', list: [{ sid: 's' }] }, title: 'x' },
            timestamp: 1,
          },
          { id: 2, name: 'n', args: { apiKey: 5, k: 'v' }, timestamp: 2 },
        ],
      },
    };
    expect(secretsOf(push)).toEqual(['pw', 't', 's']);
    push.request = { state: 'empty' };
    expect(secretsOf(push)).toEqual([]);
  });

  it('stops looking for args past 32 levels', () => {
    const push = makeEvent({ kind: 'push' }) as PushEvent;
    push.requestHeaders = [];
    let deep: Record<string, unknown> = { token: 'deep' };
    for (let i = 0; i < 32; i++) deep = { a: deep };
    let edge: Record<string, unknown> = { token: 'edge' };
    for (let i = 0; i < 31; i++) edge = { a: edge };
    push.request = {
      state: 'ok',
      value: {
        ...base,
        mutations: [
          { id: 1, name: 'm', args: deep, timestamp: 1 },
          { id: 2, name: 'm', args: edge, timestamp: 1 },
        ],
      },
    };
    expect(secretsOf(push)).toEqual(['edge']);
  });
});

describe('secretsOf and redactHeaders, more cases', () => {
  it('an unknown secret-named header gives its value and the part after a scheme', () => {
    const e = {
      ...makeEvent(),
      url: 'x',
      requestHeaders: [{ name: 'x-api-key', value: 'Token  k2' }],
      responseHeaders: [],
    };
    expect(secretsOf(e)).toEqual(['Token  k2', 'k2']);
  });

  it('null args are walked past', () => {
    const push = makeEvent({ kind: 'push' }) as PushEvent;
    push.requestHeaders = [];
    push.request = {
      state: 'ok',
      value: { ...base, mutations: [{ id: 1, name: 'm', args: { a: null, b: { token: 't' } }, timestamp: 1 }] },
    };
    expect(secretsOf(push)).toEqual(['t']);
  });

  it.each([
    ['Basicx abc', 'Basicx <M:abc>'],
    ['xBasic abc', 'xBasic <M:abc>'],
  ])('only the Basic scheme itself is blanked: %s', (value, out) => {
    expect(redactHeaders([{ name: 'authorization', value }], ctx)).toEqual([{ name: 'authorization', value: out }]);
  });

  it('a body that is not a parsed value reads as unavailable', () => {
    const ev = { ...makeEvent(), errorBody: 'junk' } as unknown as SyncEvent;
    expect(redactEvent(ev, ctx).errorBody).toEqual({ state: 'unavailable' });
  });
});

describe('redactHeaders', () => {
  it.each([
    [
      { name: 'Accept', value: 'a SECRET' },
      { name: 'Accept', value: 'a [S]' },
    ],
    [
      { name: 'Referer', value: 'https://a.test/SECRET?t=1' },
      { name: 'Referer', value: 'https://a.test/[S]?t=<M:1>' },
    ],
    [
      { name: 'Authorization', value: 'Bearer  abc ' },
      { name: 'Authorization', value: 'Bearer <M:abc>' },
    ],
    [
      { name: 'Authorization', value: 'SECRET abc' },
      { name: 'Authorization', value: '[S] <M:abc>' },
    ],
    [
      { name: 'Authorization', value: 'BASIC dXNlcjpwdw==' },
      { name: 'Authorization', value: 'BASIC <redacted>' },
    ],
    [
      { name: 'Authorization', value: 'abc' },
      { name: 'Authorization', value: '<M:abc>' },
    ],
    [
      { name: 'Authorization', value: '  ' },
      { name: 'Authorization', value: '' },
    ],
    [
      { name: 'Cookie', value: 'a=1; SECRET=2;; c' },
      { name: 'Cookie', value: 'a=<redacted>; [S]=<redacted>; c=<redacted>' },
    ],
    [
      { name: 'Set-Cookie', value: 'sid=1; Path=/SECRET; HttpOnly\n=bad' },
      { name: 'Set-Cookie', value: 'sid=<redacted>; Path=/[S]; HttpOnly\n<redacted>' },
    ],
    [
      { name: 'x-SECRET', value: 'v' },
      { name: 'x-[S]', value: '<M:v>' },
    ],
    [
      { name: 'x-pin', value: 'v' },
      { name: 'x-pin', value: '<redacted>' },
    ],
    [
      { name: 'x-cookie', value: 'v' },
      { name: 'x-cookie', value: '<redacted>' },
    ],
    [
      { name: 'x-pin', value: '' },
      { name: 'x-pin', value: '' },
    ],
  ])('%o -> %o', (h, out) => expect(redactHeaders([h], ctx)).toEqual([out]));

  it('no headers: none', () => expect(redactHeaders(undefined, ctx)).toEqual([]));
});

describe('redactEvent', () => {
  it('redacts a push whole: credential, URL, ids, args; keeps numbers and recognition', () => {
    const push = makeEvent({ kind: 'push' }) as PushEvent;
    const ev: PushEvent = {
      ...push,
      id: 'r9',
      method: 'POST',
      url: 'https://a.test/SECRET/push?t=1',
      basePath: '/SECRET',
      origin: 'https://SECRET.test',
      status: 200,
      statusText: 'OK SECRET',
      durationMs: 7,
      recognisedBy: 'shape',
      credential: { kind: 'bearer', scheme: 'SECRET', token: 'tok', cookieNames: ['SECRET'], malformed: 'SECRET' },
      requestHeaders: [{ name: 'x-client', value: 'c1' }],
      responseHeaders: [],
      request: {
        state: 'ok',
        value: {
          ...base,
          clientID: 'SECRET',
          skipped: 1,
          mutations: [{ id: 3, name: 'SECRET', args: { token: 't', a: 'SECRET' }, timestamp: null }],
        },
      },
      response: { state: 'ok', value: { ok: false } },
      errorBody: { state: 'empty' },
    };
    expect(redactEvent(ev, ctx)).toEqual({
      id: 'r9',
      kind: 'push',
      method: 'POST',
      url: 'https://a.test/[S]/push?t=<M:1>',
      basePath: '/[S]',
      origin: 'https://[S].test',
      status: 200,
      statusText: 'OK [S]',
      startedAt: T0,
      durationMs: 7,
      credential: { kind: 'bearer', scheme: '[S]', cookieNames: ['[S]'], malformed: '[S]' },
      requestHeaders: [{ name: 'x-client', value: 'c1' }],
      responseHeaders: [],
      recognisedBy: 'shape',
      errorBody: { state: 'empty' },
      request: {
        state: 'ok',
        value: {
          ...base,
          clientID: '[S]',
          skipped: 1,
          mutations: [{ id: 3, name: '[S]', args: { token: '<M:t>', a: '[S]' }, timestamp: null }],
        },
      },
      response: { state: 'ok', value: { ok: false } },
    });
  });

  it('omits args on request, and keeps a credential without optional fields bare', () => {
    const push = makeEvent({ kind: 'push' }) as PushEvent;
    push.credential = { kind: 'none' };
    const out = redactEvent(push, ctx, { omitValues: true }) as PushEvent;
    expect(out.credential).toEqual({ kind: 'none' });
    expect(out.request.state === 'ok' && out.request.value.mutations).toEqual([]);
    push.request = { state: 'ok', value: { ...base, mutations: [{ id: 1, name: 'm', args: { a: 1 }, timestamp: 1 }] } };
    const omitted = redactEvent(push, ctx, { omitValues: true }) as PushEvent;
    expect(omitted.request.state === 'ok' && omitted.request.value.mutations[0]?.args).toBe(OMITTED);
  });

  it('redacts a pull: null ids stay null, cookies scrubbed, patch values and lastMutationIDs keys', () => {
    const pull = makeEvent({ kind: 'pull' }) as PullEvent;
    const ev: PullEvent = {
      ...pull,
      request: {
        state: 'ok',
        value: {
          protocolVersion: null,
          schemaVersion: null,
          clientGroupID: null,
          clientID: null,
          cookie: { format: 'opaque', raw: 'SECRET' },
          limit: 5,
        },
      },
      response: {
        state: 'ok',
        value: {
          cookie: null,
          patch: [
            { op: 'put', table: 'SECRET', id: 'SECRET', value: { password: 'p', v: 'SECRET' }, rowVersion: 2 },
            { op: 'del', table: 't', id: 'i', rowVersion: null },
          ],
          lastMutationIDs: { SECRET: 4, __proto__x: 1 },
          hasMore: true,
        },
      },
    };
    const out = redactEvent(ev, ctx) as PullEvent;
    expect(out.request).toEqual({
      state: 'ok',
      value: {
        protocolVersion: null,
        schemaVersion: null,
        clientGroupID: null,
        clientID: null,
        cookie: { format: 'opaque', raw: '[S]' },
        limit: 5,
      },
    });
    expect(out.response).toEqual({
      state: 'ok',
      value: {
        cookie: null,
        patch: [
          { op: 'put', table: '[S]', id: '[S]', value: { password: '<redacted>', v: '[S]' }, rowVersion: 2 },
          { op: 'del', table: 't', id: 'i', rowVersion: null },
        ],
        lastMutationIDs: { '[S]': 4, __proto__x: 1 },
        hasMore: true,
      },
    });
    const omitted = redactEvent(ev, ctx, { omitValues: true }) as PullEvent;
    expect(omitted.response.state === 'ok' && omitted.response.value.patch[0]).toEqual({
      op: 'put',
      table: '[S]',
      id: '[S]',
      value: OMITTED,
      rowVersion: 2,
    });
  });

  it('a lastMutationIDs key named __proto__ stays a field', () => {
    const pull = makeEvent({ kind: 'pull' }) as PullEvent;
    pull.response = {
      state: 'ok',
      value: {
        cookie: null,
        patch: [],
        lastMutationIDs: JSON.parse('{"__proto__":3}') as Record<string, number>,
        hasMore: false,
      },
    };
    const out = redactEvent(pull, ctx) as PullEvent;
    const ids = out.response.state === 'ok' ? out.response.value.lastMutationIDs : {};
    expect(Object.getPrototypeOf(ids)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(ids, '__proto__')?.value).toBe(3);
  });

  it('an error body: strings scrubbed, details redacted, the sign-in link by URL rules', () => {
    const ev = makeEvent({
      status: 401,
      body: {
        error: 'SECRET',
        reason: 'why SECRET',
        expected: 'x',
        max: 9,
        details: { token: 't', signInUrl: 'https://id.test/login?next=SECRET' },
      },
    });
    expect(redactEvent(ev, ctx).errorBody).toEqual({
      state: 'ok',
      value: {
        error: '[S]',
        reason: 'why [S]',
        expected: 'x',
        max: 9,
        details: { token: '<M:t>', signInUrl: 'https://id.test/login?next=<M:SECRET>' },
      },
    });
    const plain = makeEvent({ status: 401, body: { details: { signInUrl: 5 } } });
    expect(redactEvent(plain, ctx).errorBody).toEqual({
      state: 'ok',
      value: { error: null, reason: null, expected: null, max: null, details: {} },
    });
    expect(redactEvent(makeEvent({ status: 401, body: {} }), ctx).errorBody).toEqual({
      state: 'ok',
      value: { error: null, reason: null, expected: null, max: null, details: null },
    });
  });

  it('unparseable bodies: JSON redacted as data, other text scrubbed, or omitted; missing ones unavailable', () => {
    const ev = makeEvent({ kind: 'pull' }) as PullEvent;
    ev.response = { state: 'unparseable', reason: 'SECRET', raw: '{"token":"t","a":"SECRET"}' };
    ev.request = { state: 'unparseable', reason: 'r', raw: 'not json SECRET' };
    ev.errorBody = { state: 'pending' };
    const out = redactEvent(ev, ctx) as PullEvent;
    expect(out.response).toEqual({ state: 'unparseable', reason: '[S]', raw: '{"token":"<M:t>","a":"[S]"}' });
    expect(out.request).toEqual({ state: 'unparseable', reason: 'r', raw: 'not json [S]' });
    expect(out.errorBody).toEqual({ state: 'pending' });
    expect((redactEvent(ev, ctx, { omitValues: true }) as PullEvent).response).toEqual({
      state: 'unparseable',
      reason: '[S]',
      raw: OMITTED,
    });
    const broken = { ...ev, errorBody: undefined, id: 5, method: undefined } as unknown as SyncEvent;
    const got = redactEvent(broken, ctx);
    expect([got.errorBody, got.id, got.method]).toEqual([{ state: 'unavailable' }, '', '']);
  });
});
