import { describe, expect, it } from 'vitest';
import { classifyAttempt, okReachability, originOf, type Attempt, type ReachState } from './reachability.ts';

const url = 'http://127.0.0.1:8787/sync/admin';
const ext = 'chrome-extension://lbjdheijlecchbeldcepjelghalgpphc';

describe('classifyAttempt', () => {
  const cases: [string, Attempt, ReachState, RegExp][] = [
    ['401', { status: 401, bodyText: '{"error":"unauthorized"}', url }, 'unauthorized', /missing or wrong/],
    ['403', { status: 403, bodyText: '{"error":"forbidden"}', url }, 'forbidden', /valid but not an admin/],
    [
      '404',
      { status: 404, bodyText: 'not found', url },
      'not-found',
      /No admin API at http:\/\/127\.0\.0\.1:8787\/sync\/admin.*mounted/,
    ],
    [
      'CORS: TypeError while the server is up',
      { thrown: new TypeError('Failed to fetch'), serverUp: true, url, extensionOrigin: ext },
      'cors',
      new RegExp(`${ext}.*host access to http://127\\.0\\.0\\.1:8787`),
    ],
    ['CORS assumed when the probe was not run', { thrown: new TypeError('Failed to fetch'), url }, 'cors', /CORS/],
    [
      'server down',
      { thrown: new TypeError('Failed to fetch'), serverUp: false, url },
      'network',
      /No answer from http:\/\/127\.0\.0\.1:8787: is the server running/,
    ],
    [
      'timed out: named slow, not "is the server running?"',
      { thrown: new DOMException('timed out', 'TimeoutError'), url, timeoutMs: 10_000 },
      'slow',
      /^The admin API at http:\/\/127\.0\.0\.1:8787\/sync\/admin is slow: no answer within 10 s\./,
    ],
    [
      'a redirect is not followed',
      { thrown: new TypeError('Failed to fetch'), redirected: true, url },
      'redirected',
      /redirect, which is not followed/,
    ],
    [
      'another abort',
      { thrown: new DOMException('gone', 'AbortError'), serverUp: false, url },
      'network',
      /is the server running/,
    ],
    ['HTML 200', { status: 200, bodyText: '<!doctype html><p>app', url }, 'not-json', /not JSON: an HTML page/],
    ['text 200', { status: 200, bodyText: 'ok', url }, 'not-json', /not JSON\.$/],
    ['JSON of another API', { status: 200, bodyText: '{"hello":1}', url }, 'bad-shape', /not the plasma admin API/],
    [
      '500 with reason',
      { status: 500, bodyText: '{"error":"database error","reason":"no such table"}' },
      'server-error',
      /500: database error, no such table/,
    ],
    ['503 jwks', { status: 503, bodyText: '{"error":"auth unavailable"}' }, 'server-error', /auth unavailable/],
    [
      '400',
      { status: 400, bodyText: '{"error":"invalid request","reason":"since must be a non-negative integer"}' },
      'http-error',
      /400.*since must be/,
    ],
    ['405', { status: 405, bodyText: '' }, 'http-error', /405/],
  ];
  it.each(cases)('%s', (_n, attempt, state, message) => {
    const r = classifyAttempt(attempt);
    expect(r.state).toBe(state);
    expect(r.message).toMatch(message);
    expect(r.message).not.toMatch(/\n/);
  });

  it('offers the origin to grant only for CORS', () => {
    expect(classifyAttempt({ thrown: new TypeError('x'), url }).grantOrigin).toBe('http://127.0.0.1:8787');
    expect(classifyAttempt({ status: 401, url }).grantOrigin).toBeUndefined();
  });

  it('ok names the versions', () => {
    expect(okReachability({ adminApiVersion: 1, schemaVersion: '1', maxRowVersion: 12 })).toEqual({
      state: 'ok',
      message: 'Connected: admin API v1, schema version 1, maxRowVersion 12.',
    });
  });
});

describe('originOf', () => {
  it.each([
    [url, 'http://127.0.0.1:8787'],
    ['https://app.example.com/api/plasma/admin', 'https://app.example.com'],
    ['chrome-extension://x/y', null],
    ['not a url', null],
    [undefined, null],
  ])('%s', (input, want) => expect(originOf(input)).toBe(want));
});
