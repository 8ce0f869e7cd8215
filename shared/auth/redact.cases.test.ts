// redact.ts case by case, with a readable marker (<M:value>) and a scrub that only replaces the word
// SECRET, so each output can be compared whole: which rule each header and key gets, what a value,
// a query string and a URL become.
import { describe, expect, it } from 'vitest';
import {
  headerRule,
  isSafeHeader,
  isSafeQueryParam,
  keyRule,
  redactUrl,
  redactValue,
  type ValueContext,
} from './redact.ts';
import type { Marker } from './scrub.ts';

const marker: Marker = { mark: (v) => `<M:${v}>`, id: (v) => v, resolve: (t) => Promise.resolve(t) };
const ctx: ValueContext = { marker, scrub: (s) => s.replaceAll('SECRET', '[S]') };

describe('headerRule / isSafeHeader / isSafeQueryParam', () => {
  it.each([
    ['Authorization', 'authorization'],
    ['Proxy-Authorization', 'authorization'],
    ['Cookie', 'cookie'],
    ['Set-Cookie', 'set-cookie'],
    ['Location', 'url'],
    ['content-location', 'url'],
    [':path', 'url'],
    ['Accept', 'keep'],
    ['www-authenticate', 'keep'],
    [':status', 'keep'],
    ['x-group', 'keep'],
    ['x-api-key', 'redact'],
  ])('%s: %s', (name, rule) => expect(headerRule(name)).toBe(rule));

  it.each([
    ['Content-Type', true],
    ['Referer', true],
    ['authorization', false],
    ['cookie', false],
    ['set-cookie', false],
    ['x-secret', false],
  ])('header %s shown as is: %s', (name, safe) => expect(isSafeHeader(name)).toBe(safe));

  it.each([
    ['clientGroupID', true],
    ['since', true],
    ['table', true],
    ['as', true],
    ['limit', true],
    ['ClientID', false],
    ['token', false],
  ])('query %s kept: %s', (name, safe) => expect(isSafeQueryParam(name)).toBe(safe));
});

describe('keyRule', () => {
  it.each([
    ['pwd', 'password'],
    ['user_pin', 'password'],
    ['passphrase', 'password'],
    ['setCookies', 'cookie'],
    ['accessToken', 'secret'],
    ['APIKey', 'secret'],
    ['apiKeys', 'secret'],
    ['HTTPSecret', 'secret'],
    ['key', 'secret'],
    ['keyboard', 'keep'],
    ['keyName', 'keep'],
    ['code', 'keep'],
    ['otp-code', 'secret'],
    ['verification_code', 'secret'],
    ['zipCode', 'keep'],
    ['authCodeX', 'secret'],
    ['', 'keep'],
    ['tokenizer', 'keep'],
    ['private', 'secret'],
    ['PASSWORD', 'password'],
    ['Token', 'secret'],
    ['resetDate', 'keep'],
    ['verifyEmail', 'keep'],
  ])('%s: %s', (key, rule) => expect(keyRule(key)).toBe(rule));
});

describe('redactValue', () => {
  it('keeps plain data, marks secrets, blanks passwords and cookies, scrubs keys and strings', () => {
    expect(
      redactValue(
        {
          title: 'a SECRET plan',
          n: 3,
          ok: true,
          nothing: null,
          list: ['SECRET', 1],
          token: 'abc',
          apiKey: { nested: 1 },
          password: 'pw',
          cookie: 'c=1',
          emptyToken: '',
          nullToken: null,
          SECRETname: 'x',
        },
        ctx,
      ),
    ).toEqual({
      title: 'a [S] plan',
      n: 3,
      ok: true,
      nothing: null,
      list: ['[S]', 1],
      token: '<M:abc>',
      apiKey: '<M:{"nested":1}>',
      password: '<redacted>',
      cookie: '<redacted>',
      emptyToken: '',
      nullToken: null,
      '[S]name': 'x',
    });
  });

  it('drops functions, symbols and bigints; keeps numbers and undefined', () => {
    expect(redactValue([() => 1, Symbol('s'), 1n, 2, undefined, false], ctx)).toEqual([
      undefined,
      undefined,
      undefined,
      2,
      undefined,
      false,
    ]);
    expect(redactValue('SECRET', ctx)).toBe('[S]');
    expect(redactValue(5, ctx)).toBe(5);
    expect(redactValue(undefined, ctx)).toBeUndefined();
  });

  it('marks a secret number by its text, and keeps an undefined secret', () => {
    expect(redactValue({ sid: 42, token: undefined }, ctx)).toEqual({ sid: '<M:42>', token: undefined });
  });

  it('marks a secret value JSON cannot write by its String() form', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(redactValue({ secret: cyclic }, ctx)).toEqual({ secret: '<M:[object Object]>' });
  });

  it('a repeated or cyclic object and anything deeper than 64 levels become [omitted]', () => {
    const shared = { a: 1 };
    expect(redactValue({ x: shared, y: shared }, ctx)).toEqual({ x: { a: 1 }, y: '[omitted]' });
    let deep: unknown = 'end';
    for (let i = 0; i < 66; i++) deep = [deep];
    let out = redactValue(deep, ctx);
    let depth = 0;
    while (Array.isArray(out)) {
      out = out[0] as unknown;
      depth++;
    }
    expect([depth, out]).toEqual([65, '[omitted]']);
    let edge: unknown = 'end';
    for (let i = 0; i < 65; i++) edge = [edge];
    expect(JSON.stringify(redactValue(edge, ctx))).toContain('"end"');
  });

  it('objects deeper than 64 levels become [omitted] too', () => {
    let deep: unknown = 'end';
    for (let i = 0; i < 66; i++) deep = { a: deep };
    expect(JSON.stringify(redactValue(deep, ctx))).toContain('"[omitted]"');
    expect(JSON.stringify(redactValue(deep, ctx))).not.toContain('"end"');
  });

  it('a key named __proto__ stays a field', () => {
    const out = redactValue(JSON.parse('{"__proto__":{"polluted":1}}'), ctx) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 1 });
  });

  it('a value whose walk throws becomes <redacted>', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no');
        },
      },
    );
    expect(redactValue(hostile, ctx)).toBe('<redacted>');
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://app.test/p/SECRET', 'https://app.test/p/[S]'],
    ['https://app.test/p?', 'https://app.test/p'],
    ['https://app.test/p?flag', 'https://app.test/p?flag'],
    ['https://app.test/p?flag=', 'https://app.test/p?flag='],
    ['https://app.test/p?SECRET=', 'https://app.test/p?[S]='],
    ['https://app.test/p?clientID=SECRET', 'https://app.test/p?clientID=[S]'],
    ['https://app.test/p?client%49D=x', 'https://app.test/p?client%49D=x'],
    ['https://app.test/p?q=a+b%20c', 'https://app.test/p?q=<M:a b c>'],
    ['https://app.test/p?q=%E0%A4%A', 'https://app.test/p?q=<M:%E0%A4%A>'],
    ['https://app.test/p?%E0%A4%A=1', 'https://app.test/p?%E0%A4%A=<M:1>'],
    ['https://app.test/p?pass%77ord=x', 'https://app.test/p?pass%77ord=<redacted>'],
    ['https://app.test/p?my_cookie=x&a=1', 'https://app.test/p?my_cookie=<redacted>&a=<M:1>'],
    ['https://app.test/p?a=1=2', 'https://app.test/p?a=<M:1=2>'],
    ['https://app.test/p?client+ID=x', 'https://app.test/p?client+ID=<M:x>'],
    ['https://app.test:8443/p#frag', 'https://app.test:8443/p#<M:frag>'],
    ['https://app.test/p#', 'https://app.test/p'],
    ['http://u@app.test/p', 'http://<redacted>@app.test/p'],
    ['http://:pw@app.test/p', 'http://<redacted>@app.test/p'],
    ['/sync/pull?clientID=c&t=1#h', '/sync/pull?clientID=c&t=<M:1>#<M:h>'],
    ['javascript:SECRET', 'javascript:[S]'],
    ['not a url SECRET', 'not a url [S]'],
    ['', ''],
  ])('%s -> %s', (url, out) => expect(redactUrl(url, ctx)).toBe(out));
});
