import { describe, expect, it } from 'vitest';
import { decodeCookie, encodeCookie } from './cookie.ts';

describe('pull cookie', () => {
  it('encodes the protocol example exactly', () => {
    expect(encodeCookie(123)).toBe('c1:eyIwIjoiMTIzIn0=');
  });

  it.each<[string | null, number | undefined]>([
    [null, 0],
    ['', 0],
    ['null', 0],
    ['c1:eyIwIjoiMTIzIn0=', 123],
    ['c1:eyIwIjoiMTIzIn0', 123], // unpadded
    ['42', 42],
    ['c1:!!!', undefined],
    ['c1:' + btoa('{"0":"-1"}'), undefined],
    ['c1:' + btoa('[]'), undefined],
    ['v2:abc', undefined],
  ])('decodes %j to %j', (cookie, expected) => {
    expect(decodeCookie(cookie)).toBe(expected);
  });

  it('round-trips', () => {
    for (const v of [0, 1, 7, 99_999, 2 ** 40]) expect(decodeCookie(encodeCookie(v))).toBe(v);
  });
});
