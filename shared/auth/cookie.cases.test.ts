// setCookie.ts and cookieCause.ts case by case: what a Set-Cookie header parses to, the browser's host
// and path rules, and the exact cause and fix for each reason a session cookie was left off a request.
import { describe, expect, it } from 'vitest';
import { collectSetCookies, cookieNotSent, liveSessionCookies, type SeenCookie } from './cookieCause.ts';
import {
  cookieHostMatches,
  cookiePathMatches,
  hostOf,
  isSessionCookieName,
  parseSetCookie,
  siteOf,
  splitSetCookieHeader,
  type SetCookie,
} from './setCookie.ts';
import { makeEvent, T0 } from './testFixtures.ts';

const cookie = (o: Partial<SetCookie> = {}): SetCookie => ({
  name: 'session',
  value: 'v',
  domain: null,
  path: null,
  sameSite: null,
  secure: false,
  httpOnly: false,
  deletes: false,
  attributes: [],
  ...o,
});

describe('parseSetCookie', () => {
  it('reads every attribute', () => {
    expect(
      parseSetCookie(' sid = a=b ; Domain=.App.Test; Path=/x; Secure; HttpOnly; SameSite=STRICT; ; Max-Age=10', T0),
    ).toEqual({
      name: 'sid',
      value: 'a=b',
      domain: 'app.test',
      path: '/x',
      sameSite: 'strict',
      secure: true,
      httpOnly: true,
      deletes: false,
      attributes: ['Domain=.App.Test', 'Path=/x', 'Secure', 'HttpOnly', 'SameSite=STRICT', 'Max-Age=10'],
    });
  });

  it.each([
    ['a=1; Max-Age=0', true],
    ['a=1; Max-Age=-1', true],
    ['a=1; Max-Age=1', false],
    ['a=1; Expires=Wed, 01 Jan 2020 00:00:00 GMT', true],
    ['a=1; Expires=Wed, 01 Jan 2100 00:00:00 GMT', false],
    [`a=1; Expires=${new Date(T0).toUTCString()}`, false],
    [`a=1; Expires=${new Date(T0 - 1000).toUTCString()}`, true],
    ['a=1; Max-Age=0; Max-Age=5', true],
  ])('%s deletes: %s', (raw, deletes) => expect(parseSetCookie(raw, T0)?.deletes).toBe(deletes));

  it('an Expires is judged against now without a time', () => {
    expect(parseSetCookie(`a=1; Expires=${new Date(Date.now() + 3_600_000).toUTCString()}`)?.deletes).toBe(false);
    expect(parseSetCookie(`a=1; Expires=${new Date(Date.now() - 3_600_000).toUTCString()}`)?.deletes).toBe(true);
  });

  it.each([
    ['a=1; SameSite=Lax', 'lax'],
    ['a=1; SameSite=none', 'none'],
    ['a=1; SameSite=weird', null],
  ])('%s: sameSite %s', (raw, sameSite) => expect(parseSetCookie(raw)?.sameSite).toBe(sameSite));

  it('attribute names are trimmed, values keep their = signs; an unknown flag deletes nothing', () => {
    expect(parseSetCookie('a=1; Path =/a=b; Partitioned', T0)).toMatchObject({ path: '/a=b', deletes: false });
    expect(parseSetCookie('a=1; Path= /x ', T0)?.path).toBe('/x');
  });

  it('an empty Domain or Path reads as none', () => {
    expect(parseSetCookie('a=1; Domain=.; Path=')).toMatchObject({ domain: null, path: null });
  });

  it.each(['=1', 'novalue', ' =x', ''])('%j is no cookie', (raw) => expect(parseSetCookie(raw)).toBeNull());
  it('a non-string is no cookie', () => expect(parseSetCookie(5 as unknown as string)).toBeNull());
});

describe('setCookie helpers', () => {
  it('splits folded headers, dropping blank lines', () => {
    expect(splitSetCookieHeader(' a=1 \n\n b=2\n ')).toEqual(['a=1', 'b=2']);
  });

  it.each([
    ['session', true],
    ['__Host-auth', true],
    ['__secure-x', false],
    ['sid', true],
    ['app_sid', true],
    ['sid.v2', true],
    ['sidebar', false],
    ['inside', false],
    ['remember_me', true],
    ['JWT', true],
    ['theme', false],
    ['__Host-sid', true],
    ['xsid', false],
    ['a_sidebar', false],
    ['xsid_a', false],
  ])('%s is a session cookie name: %s', (name, yes) => expect(isSessionCookieName(name)).toBe(yes));

  it.each([
    ['https://App.Test:8443/x', 'app.test'],
    ['nope', null],
  ])('host of %s: %s', (url, host) => expect(hostOf(url)).toBe(host));

  it.each([
    ['a.b.app.test', 'app.test'],
    ['localhost', 'localhost'],
    ['10.0.0.1', '10.0.0.1'],
    ['[::1]', '[::1]'],
    ['app.test', 'app.test'],
    ['a.app.test1', 'app.test1'],
    ['1.app.test', 'app.test'],
  ])('site of %s: %s', (host, site) => expect(siteOf(host)).toBe(site));

  it('host rules: Domain covers itself and subdomains; host-only only its host', () => {
    const d = cookie({ domain: 'app.test' });
    expect(cookieHostMatches(d, 'https://x.test', 'https://app.test/s')).toBe(true);
    expect(cookieHostMatches(d, 'https://x.test', 'https://api.app.test/s')).toBe(true);
    expect(cookieHostMatches(d, 'https://x.test', 'https://evilapp.test/s')).toBe(false);
    expect(cookieHostMatches(d, 'https://x.test', 'bad')).toBe(false);
    expect(cookieHostMatches(cookie(), 'https://app.test/a', 'https://APP.test/s')).toBe(true);
    expect(cookieHostMatches(cookie(), 'https://app.test/a', 'https://api.app.test/s')).toBe(false);
  });

  it.each([
    [null, 'https://a.test/any', true],
    ['/', 'https://a.test/any', true],
    ['/sync', 'https://a.test/sync', true],
    ['/sync', 'https://a.test/sync/pull', true],
    ['/sync/', 'https://a.test/sync/pull', true],
    ['/sync', 'https://a.test/syncx', false],
    ['/sync/', 'https://a.test/sync', false],
    ['/api', 'https://a.test/sync', false],
    ['/api', 'not a url', true],
  ])('Path=%s covers %s: %s', (path, url, yes) => expect(cookiePathMatches(cookie({ path }), url)).toBe(yes));
});

describe('collectSetCookies / liveSessionCookies', () => {
  it('collects from sync responses and other responses, in time order, skipping junk', () => {
    const a = makeEvent({ id: 'a', startedAt: T0 + 2000, setCookie: ['session=1\nbad', 'theme=d'] });
    const got = collectSetCookies(
      [a],
      [
        { url: 'https://id.test/login', startedAt: T0, setCookies: ['auth=9; Path=/'] },
        { url: 'https://id.test/x', startedAt: T0 + 1000 },
        { url: 5 as unknown as string, startedAt: T0, setCookies: ['sid=1'] },
        { url: 'https://id.test/y', startedAt: 'x' as unknown as number, setCookies: ['sid=1'] },
        { url: 'https://id.test/z', startedAt: T0 + 500, setCookies: [7 as unknown as string] },
      ],
    );
    expect(got.map((c) => [c.cookie.name, c.url, c.startedAt])).toEqual([
      ['auth', 'https://id.test/login', T0],
      ['session', a.url, T0 + 2000],
      ['theme', a.url, T0 + 2000],
    ]);
  });

  it('keeps the latest session cookie per name and host before the moment; drops deletions', () => {
    const seen = (name: string, url: string, startedAt: number, o: Partial<SetCookie> = {}): SeenCookie => ({
      cookie: cookie({ name, ...o }),
      url,
      startedAt,
    });
    const list = [
      seen('session', 'https://a.test', 1, { value: 'old' }),
      seen('session', 'https://a.test', 2, { value: 'new' }),
      seen('session', 'https://b.test', 3),
      seen('session', 'https://c.test', 4, { domain: 'a.test', value: 'dom' }),
      seen('theme', 'https://a.test', 5),
      seen('auth', 'https://a.test', 6),
      seen('auth', 'https://a.test', 7, { deletes: true }),
      seen('token', 'https://a.test', 10),
    ];
    expect(liveSessionCookies(list, 10).map((c) => [c.cookie.name, c.url, c.cookie.value])).toEqual([
      // Domain=a.test set from c.test is the same cookie as the host-only one of a.test: it replaces it.
      ['session', 'https://c.test', 'dom'],
      ['session', 'https://b.test', 'v'],
    ]);
  });
});

describe('cookieNotSent', () => {
  const seen = (
    o: Partial<SetCookie> = {},
    url = 'https://api.app.test/login',
    startedAt = T0 - 1000,
  ): SeenCookie[] => [{ cookie: cookie(o), url, startedAt }];
  const title = { code: 'cookie-not-sent', severity: 'error', title: 'Session cookie not sent' };
  const ev = (headers: Record<string, string> = {}, url = 'https://api.app.test/sync/pull') => {
    const e = makeEvent({ url });
    e.requestHeaders = Object.entries(headers).map(([name, value]) => ({ name, value }));
    return e;
  };

  it('is no cause when nothing is missing', () => {
    expect(cookieNotSent(ev(), [], [])).toBeNull();
    expect(cookieNotSent(ev(), ['session'], seen())).toBeNull();
    expect(cookieNotSent(ev(), [], seen({}, 'https://api.app.test/login', T0))).toBeNull();
  });

  it('names the last missing cookie set for another host, with or without Domain', () => {
    const fix =
      'Set the session cookie from api.app.test (or with a Domain that covers it), or send a bearer token from authHeaders().';
    expect(cookieNotSent(ev(), [], seen({ domain: 'id.test' }))).toEqual({
      ...title,
      cause: 'Cookie "session" was set with Domain="id.test", so the browser never sends it to api.app.test.',
      fix,
    });
    expect(
      cookieNotSent(ev(), [], [...seen({ name: 'auth' }), ...seen({}, 'https://id.test/login', T0 - 500)]),
    ).toEqual({
      ...title,
      cause: 'Cookie "session" was set host-only on id.test, so the browser never sends it to api.app.test.',
      fix,
    });
    expect(cookieNotSent(ev(), [], seen({}, 'relative/login'))?.cause).toBe(
      'Cookie "session" was set host-only on another host, so the browser never sends it to api.app.test.',
    );
  });

  it('a path that does not cover the sync path', () => {
    expect(cookieNotSent(ev(), [], seen({ path: '/admin' }))).toEqual({
      ...title,
      cause: 'Cookie "session" has Path="/admin", which does not cover the sync path "/sync/pull".',
      fix: 'Set the session cookie with Path=/ (or a path above basePath).',
    });
  });

  it('a cross-site request, by Origin, Referer or Sec-Fetch-Site', () => {
    const fix =
      "Serve sync from the app's own site, or set the cookie SameSite=None; Secure and fetch with credentials: 'include'.";
    expect(cookieNotSent(ev({ origin: 'https://web.other.test' }), [], seen())).toEqual({
      ...title,
      cause:
        'Cookie "session" has no SameSite (Chrome treats it as Lax) and this sync request is cross-site ("https://web.other.test" → api.app.test), so the browser left it off.',
      fix,
    });
    expect(
      cookieNotSent(ev({ referer: 'https://web.other.test/page?q' }), [], seen({ sameSite: 'strict' }))?.cause,
    ).toBe(
      'Cookie "session" is SameSite=Strict and this sync request is cross-site ("https://web.other.test" → api.app.test), so the browser left it off.',
    );
    expect(cookieNotSent(ev({ 'Sec-Fetch-Site': 'Cross-Site' }), [], seen({ sameSite: 'lax' }))?.cause).toBe(
      'Cookie "session" is SameSite=Lax and this sync request is cross-site (page → api.app.test), so the browser left it off.',
    );
  });

  it('SameSite=None is sent cross-site; an Origin of null falls back to the Referer', () => {
    expect(cookieNotSent(ev({ origin: 'https://web.other.test' }), [], seen({ sameSite: 'none' }))?.cause).toBe(
      'Cookie "session" exists for api.app.test, but this cross-origin fetch from "https://web.other.test" did not include credentials.',
    );
    expect(cookieNotSent(ev({ origin: 'null', referer: 'bad url' }), [], seen())?.cause).toBe(
      'Cookie "session" was set earlier but this request carried no such cookie: it may have expired or been cleared.',
    );
  });

  it('a Secure cookie over plain http, except on localhost', () => {
    const http = 'http://api.app.test/sync/pull';
    expect(cookieNotSent(ev({}, http), [], seen({ secure: true }, 'http://api.app.test/login'))).toEqual({
      ...title,
      cause: 'Cookie "session" is Secure and the sync request went over plain http.',
      fix: 'Serve the sync endpoint over https.',
    });
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const url = `http://${host}/sync/pull`;
      expect(cookieNotSent(ev({}, url), [], seen({ secure: true }, `http://${host}/login`))?.fix, host).not.toBe(
        'Serve the sync endpoint over https.',
      );
    }
    expect(cookieNotSent(ev(), [], seen({ secure: true }))?.fix).not.toBe('Serve the sync endpoint over https.');
  });

  it('only localhost itself is exempt from the Secure rule; a request URL that does not parse names the sync host', () => {
    for (const host of ['mylocalhost.test', 'localhost.evil.test']) {
      const url = `http://${host}/sync/pull`;
      expect(cookieNotSent(ev({}, url), [], seen({ secure: true }, `http://${host}/login`))?.fix, host).toBe(
        'Serve the sync endpoint over https.',
      );
    }
    expect(cookieNotSent(ev({}, 'bad'), [], seen())?.cause).toBe(
      'Cookie "session" was set host-only on api.app.test, so the browser never sends it to the sync host.',
    );
  });

  it('a same-site cross-origin fetch without credentials', () => {
    const fix =
      "Fetch with credentials: 'include' in the plasma client and answer with Access-Control-Allow-Credentials: true and an explicit origin.";
    expect(cookieNotSent(ev({ origin: 'https://web.app.test' }), [], seen())).toEqual({
      ...title,
      cause:
        'Cookie "session" exists for api.app.test, but this cross-origin fetch from "https://web.app.test" did not include credentials.',
      fix,
    });
    expect(cookieNotSent(ev({ 'sec-fetch-site': 'same-site' }), [], seen())?.cause).toBe(
      'Cookie "session" exists for api.app.test, but this cross-origin fetch from the page did not include credentials.',
    );
  });

  it('otherwise: expired or cleared', () => {
    expect(cookieNotSent(ev({ origin: 'https://api.app.test' }), [], seen())).toEqual({
      ...title,
      cause:
        'Cookie "session" was set earlier but this request carried no such cookie: it may have expired or been cleared.',
      fix: "Check the cookie's Expires/Max-Age and that nothing (sign-out, another tab) cleared it.",
    });
  });
});
