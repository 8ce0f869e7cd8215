import { describe, expect, it } from 'vitest';
import { decodeBase64Text, decodeCookie, type DecodedCookie } from './index.ts';

const b64 = (json: unknown): string => btoa(JSON.stringify(json));
const url = (s: string): string => s.replace(/\+/g, '-').replace(/\//g, '_');

describe('decodeCookie', () => {
  const multi = b64({ '0': '123', eu: '99', us: '4567' });
  const cases: [string, unknown, DecodedCookie | null][] = [
    [
      'docs example',
      'c1:eyIwIjoiMTIzIn0=',
      { format: 'c1', raw: 'c1:eyIwIjoiMTIzIn0=', regions: { '0': '123' }, rowVersion: 123 },
    ],
    [
      'unpadded',
      'c1:eyIwIjoiMTIzIn0',
      { format: 'c1', raw: 'c1:eyIwIjoiMTIzIn0', regions: { '0': '123' }, rowVersion: 123 },
    ],
    [
      'multi-region takes the max',
      `c1:${multi}`,
      { format: 'c1', raw: `c1:${multi}`, regions: { '0': '123', eu: '99', us: '4567' }, rowVersion: 4567 },
    ],
    [
      'numeric region values',
      `c1:${b64({ '0': 7 })}`,
      { format: 'c1', raw: `c1:${b64({ '0': 7 })}`, regions: { '0': '7' }, rowVersion: 7 },
    ],
    ['no regions', `c1:${b64({})}`, { format: 'c1', raw: `c1:${b64({})}`, regions: {}, rowVersion: null }],
    [
      'non-numeric region',
      `c1:${b64({ '0': 'abc' })}`,
      { format: 'c1', raw: `c1:${b64({ '0': 'abc' })}`, regions: { '0': 'abc' }, rowVersion: null },
    ],
    ['plain integer', 123, { format: 'integer', raw: '123', rowVersion: 123 }],
    ['zero', 0, { format: 'integer', raw: '0', rowVersion: 0 }],
    ['numeric string', '456', { format: 'integer', raw: '456', rowVersion: 456 }],
    ['negative number', -1, { format: 'opaque', raw: '-1' }],
    ['fraction', 1.5, { format: 'opaque', raw: '1.5' }],
    ['huge numeric string', '99999999999999999999', { format: 'opaque', raw: '99999999999999999999' }],
    ['null', null, null],
    ['undefined', undefined, null],
    ['garbage', 'not a cookie', { format: 'opaque', raw: 'not a cookie' }],
    ['c1 with invalid base64', 'c1:!!!', { format: 'opaque', raw: 'c1:!!!' }],
    ['c1 with non-JSON payload', `c1:${btoa('hello')}`, { format: 'opaque', raw: `c1:${btoa('hello')}` }],
    ['c1 with JSON array', `c1:${b64([1])}`, { format: 'opaque', raw: `c1:${b64([1])}` }],
    ['c1 with nested value', `c1:${b64({ '0': { v: 1 } })}`, { format: 'opaque', raw: `c1:${b64({ '0': { v: 1 } })}` }],
    ['c2 prefix', 'c2:eyIwIjoiMTIzIn0=', { format: 'opaque', raw: 'c2:eyIwIjoiMTIzIn0=' }],
    ['empty string', '', { format: 'opaque', raw: '' }],
    ['object', { rowVersion: 1 }, { format: 'opaque', raw: '{"rowVersion":1}' }],
    ['boolean', true, { format: 'opaque', raw: 'true' }],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(decodeCookie(raw)).toEqual(expected);
  });

  it('decodes base64url, padded or not', () => {
    // Region names chosen so the standard encoding contains "+" and "/".
    const json = { '0': '5', '>>>?': '6' };
    const std = b64(json);
    expect(std).toMatch(/[+/]/);
    for (const payload of [url(std), url(std).replace(/=+$/, '')]) {
      expect(decodeCookie(`c1:${payload}`)).toMatchObject({ format: 'c1', regions: json, rowVersion: 6 });
    }
  });

  it('keeps a huge opaque cookie to 2 KB', () => {
    const cookie = decodeCookie('x'.repeat(10_000));
    expect(cookie).toEqual({ format: 'opaque', raw: 'x'.repeat(2048) });
  });
});

describe('decodeBase64Text', () => {
  it.each<[string, string | null]>([
    ['aGk=', 'hi'],
    ['aGk', 'hi'],
    ['aGk==', null],
    ['a', null],
    ['aG k=', 'hi'],
    ['4pyT', '✓'],
    ['/w==', null], // 0xff is not UTF-8
    ['a=b=', null],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(decodeBase64Text(input)).toBe(expected);
  });
});
