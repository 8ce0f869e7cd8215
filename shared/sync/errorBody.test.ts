import { describe, expect, it } from 'vitest';
import { harEntry, PULL_QUERY } from './fixtures.ts';
import { parseEntry, parseErrorBody, type ErrorBody } from './index.ts';

const none: ErrorBody = { error: null, reason: null, expected: null, max: null, details: null };

describe('error bodies', () => {
  const cases: [string, number, unknown, ErrorBody][] = [
    ['401 unauthorized', 401, { error: 'unauthorized' }, { ...none, error: 'unauthorized' }],
    [
      '409 schema mismatch',
      409,
      { error: 'schema mismatch', expected: 'v2' },
      { ...none, error: 'schema mismatch', expected: 'v2' },
    ],
    [
      '409 numeric expected',
      409,
      { error: 'schema mismatch', expected: 2 },
      { ...none, error: 'schema mismatch', expected: '2' },
    ],
    [
      '413 too many mutations',
      413,
      { error: 'too many mutations', max: 200 },
      { ...none, error: 'too many mutations', max: 200 },
    ],
    [
      '413 payload too large',
      413,
      { error: 'payload too large', max: 1048576 },
      { ...none, error: 'payload too large', max: 1048576 },
    ],
    [
      '400 invalid request',
      400,
      { error: 'invalid request', reason: 'protocolVersion must be 1' },
      { ...none, error: 'invalid request', reason: 'protocolVersion must be 1' },
    ],
    ['400 client mismatch', 400, { error: 'client mismatch' }, { ...none, error: 'client mismatch' }],
    [
      '401 with details.signInUrl',
      401,
      { error: 'unauthorized', details: { signInUrl: 'https://app.test/login' } },
      { ...none, error: 'unauthorized', details: { signInUrl: 'https://app.test/login' } },
    ],
    [
      'nested error object',
      500,
      { error: { message: 'boom', expected: 'v3' } },
      { ...none, error: 'boom', expected: 'v3' },
    ],
    ['message only', 502, { message: 'bad gateway' }, { ...none, error: 'bad gateway' }],
    [
      'OAuth style',
      401,
      { error: 'invalid_token', error_description: 'expired' },
      { ...none, error: 'invalid_token', reason: 'expired' },
    ],
    ['empty object', 500, {}, none],
    ['details not an object', 401, { error: 'unauthorized', details: 'x' }, { ...none, error: 'unauthorized' }],
  ];

  it.each(cases)('%s via parseEntry', (_name, status, body, expected) => {
    const event = parseEntry(harEntry({ url: `https://app.test/sync/pull${PULL_QUERY}`, status, response: body }), 'e');
    expect(event?.errorBody).toEqual({ state: 'ok', value: { ...expected, raw: body } });
  });

  it.each(cases)('%s via parseErrorBody', (_name, _status, body, expected) => {
    expect(parseErrorBody(JSON.stringify(body))).toEqual({ state: 'ok', value: { ...expected, raw: body } });
  });

  it.each<[string, number, string | undefined, unknown]>([
    ['2xx has no error body', 200, '{"error":"unauthorized"}', { state: 'empty' }],
    [
      '401 HTML page',
      401,
      '<html>Unauthorized</html>',
      { state: 'unparseable', reason: 'not JSON: looks like an HTML or XML page', raw: '<html>Unauthorized</html>' },
    ],
    ['401 not fetched yet', 401, undefined, { state: 'pending' }],
    ['401 empty body', 401, '', { state: 'empty' }],
    [
      '401 JSON string',
      401,
      '"unauthorized"',
      { state: 'unparseable', reason: 'error body is not a JSON object', raw: '"unauthorized"' },
    ],
  ])('%s', (_name, status, text, expected) => {
    const options = text === undefined ? {} : { response: text };
    const event = parseEntry(harEntry({ url: `https://app.test/sync/pull${PULL_QUERY}`, status, ...options }), 'e');
    expect(event?.errorBody).toEqual(expected);
  });
});
