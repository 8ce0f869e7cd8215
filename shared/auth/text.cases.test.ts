// format.ts, hash.ts, headers.ts and scrub.ts case by case: the exact text of durations, quotes, links and
// times; known FNV-1a 64 values; how an Authorization header and cookies are read; what the scrubber replaces.
import { describe, expect, it } from 'vitest';
import { clockOf, formatDuration, isoOf, oneLine, plural, quote, safeLink } from './format.ts';
import { tokenHash } from './hash.ts';
import {
  authorizationOf,
  cookieNamesOf,
  credentialState,
  hasCredentials,
  header,
  headerValues,
  isBearer,
  isEmptyAuthorization,
} from './headers.ts';
import { BARE, createExportKey, createMarker, createScrub, type Marker } from './scrub.ts';
import { makeEvent } from './testFixtures.ts';
import type { HarHeader, SyncEvent } from '../sync/types.ts';

describe('format', () => {
  it.each([
    [0, '0 s'],
    [59.4, '59 s'],
    [59.5, '1 min'],
    [-30, '30 s'],
    [60, '1 min'],
    [61, '1 min 1 s'],
    [3600, '1 h'],
    [3661, '1 h 1 min'],
    [3601, '1 h'],
    [86_400, '1 d'],
    [90_061, '1 d 1 h'],
    [86_460, '1 d'],
    [Number.NaN, 'an unknown time'],
    [Number.POSITIVE_INFINITY, 'an unknown time'],
  ])('formatDuration(%s) = %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('oneLine turns control and separator characters into spaces', () => {
    expect(oneLine('a\nb\tc\u0000d\u001fe\u007ff\u009fg\u2028h\u2029i\u00a0j ~')).toBe('a b c d e f g h i\u00a0j ~');
  });

  it('quote cuts at max with an ellipsis, cleans lines, and stringifies', () => {
    expect(quote('abc', 3)).toBe('"abc"');
    expect(quote('abcd', 3)).toBe('"ab…"');
    expect(quote('a\nb')).toBe('"a b"');
    expect(quote(42)).toBe('"42"');
    expect(quote('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
    expect(quote('x'.repeat(81))).toBe(`"${'x'.repeat(79)}…"`);
  });

  it('plural', () => {
    expect([plural(1, 'token'), plural(0, 'token'), plural(2, 'entry', 'entries')]).toEqual([
      '1 token',
      '0 tokens',
      '2 entries',
    ]);
  });

  it.each([
    ['https://a.test/x', 'https://a.test/x'],
    ['http://a.test', 'http://a.test/'],
    ['/login', 'https://app.test/login'],
    ['javascript:alert(1)', undefined],
    ['ftp://a.test', undefined],
    ['http://[bad', undefined],
    [5, undefined],
    [`https://a.test/${'x'.repeat(2048 - 15)}`, `https://a.test/${'x'.repeat(2048 - 15)}`],
    [`https://a.test/${'x'.repeat(2048 - 14)}`, undefined],
  ])('safeLink(%s)', (link, out) => expect(safeLink(link, 'https://app.test/base')).toBe(out));

  it('isoOf and clockOf', () => {
    expect(isoOf(1_736_942_400)).toBe('2025-01-15T12:00:00Z');
    expect(isoOf(1.5)).toBe('1970-01-01T00:00:01.500Z');
    expect(isoOf(1e20)).toBe('100000000000000000000');
    expect(clockOf(Date.UTC(2025, 0, 1, 3, 4, 5))).toBe('03:04:05 UTC');
    expect(clockOf(Number.NaN)).toBe('an unknown time');
  });
});

describe('tokenHash', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('FNV-1a 64 of %j is %s', (text, hash) => expect(tokenHash(text)).toBe(hash));
  it('hashes UTF-8 bytes', () => expect(tokenHash('é')).not.toBe(tokenHash('\u00e9'.normalize('NFD'))));
});

describe('headers', () => {
  const ev = (headers: HarHeader[], credential: SyncEvent['credential'] = { kind: 'none' }): SyncEvent => ({
    ...makeEvent(),
    requestHeaders: headers,
    credential,
  });

  it('headerValues and header skip non-headers and match names in any case', () => {
    const list = [{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }, { name: 'x-a' }, 'junk'] as HarHeader[];
    expect(headerValues(list, 'x-a')).toEqual(['1', '2']);
    expect(header(list, 'X-a')).toBe('1');
    expect(header(list, 'x-b')).toBeUndefined();
    expect(headerValues(undefined, 'x')).toEqual([]);
    expect(headerValues('x' as unknown as HarHeader[], 'x')).toEqual([]);
  });

  it.each([
    ['Bearer  abc ', { raw: 'Bearer  abc ', scheme: 'Bearer', token: 'abc' }],
    ['bearer', { raw: 'bearer', scheme: 'bearer', token: '' }],
    ['BASIC', { raw: 'BASIC', scheme: 'BASIC', token: '' }],
    ['Token', { raw: 'Token', scheme: 'Token', token: '' }],
    ['digest', { raw: 'digest', scheme: 'digest', token: '' }],
    ['abc.def', { raw: 'abc.def', scheme: null, token: 'abc.def' }],
    ['xbearer', { raw: 'xbearer', scheme: null, token: 'xbearer' }],
    ['Bearerx', { raw: 'Bearerx', scheme: null, token: 'Bearerx' }],
    [' ', { raw: ' ', scheme: null, token: '' }],
  ])('authorization %j', (value, parts) => {
    expect(authorizationOf(ev([{ name: 'Authorization', value }]))).toEqual(parts);
  });

  it('without a header, falls back to the parser summary of a bearer or other credential', () => {
    expect(authorizationOf(ev([], { kind: 'bearer', scheme: 'Bearer', token: ' t ' }))).toEqual({
      raw: 'Bearer t',
      scheme: 'Bearer',
      token: 't',
    });
    expect(authorizationOf(ev([], { kind: 'other', scheme: 'MAC' }))).toEqual({
      raw: 'MAC',
      scheme: 'MAC',
      token: undefined,
    });
    expect(authorizationOf(ev([], { kind: 'bearer', token: 'x' }))).toEqual({ raw: 'x', scheme: null, token: 'x' });
    expect(authorizationOf(ev([], { kind: 'bearer', scheme: '' }))).toEqual({
      raw: null,
      scheme: null,
      token: undefined,
    });
    expect(authorizationOf(ev([], { kind: 'cookie', scheme: 'Bearer', token: 't' }))).toEqual({
      raw: null,
      scheme: null,
      token: undefined,
    });
  });

  it('cookie names from every Cookie header, else from the summary', () => {
    expect(
      cookieNamesOf(
        ev([
          { name: 'cookie', value: 'a=1; b ; =x;;' },
          { name: 'Cookie', value: 'c=3' },
        ]),
      ),
    ).toEqual(['a', 'b', 'c']);
    expect(cookieNamesOf(ev([], { kind: 'cookie', cookieNames: ['s', 3 as unknown as string] }))).toEqual(['s']);
    expect(cookieNamesOf(ev([]))).toEqual([]);
  });

  it('isBearer, isEmptyAuthorization, hasCredentials', () => {
    expect([isBearer('BEARER'), isBearer('Basic'), isBearer(null)]).toEqual([true, false, false]);
    expect(isEmptyAuthorization({ raw: null, scheme: null, token: undefined })).toBe(false);
    expect(isEmptyAuthorization({ raw: ' ', scheme: null, token: '' })).toBe(true);
    expect(isEmptyAuthorization({ raw: 'Bearer', scheme: 'Bearer', token: '' })).toBe(true);
    expect(isEmptyAuthorization({ raw: 'Bearer x', scheme: 'Bearer', token: 'x' })).toBe(false);
    expect(isEmptyAuthorization({ raw: 'x', scheme: null, token: 'x' })).toBe(false);
    expect(['bearer', 'cookie', 'other', 'none', 'unknown'].map((s) => hasCredentials(s as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it.each<[string, HarHeader[], SyncEvent['credential'], string]>([
    ['a bearer header', [{ name: 'authorization', value: 'Bearer t' }], { kind: 'none' }, 'bearer'],
    ['a bare token', [{ name: 'authorization', value: 't' }], { kind: 'none' }, 'bearer'],
    ['another scheme', [{ name: 'authorization', value: 'Basic t' }], { kind: 'none' }, 'other'],
    [
      'an empty header and a cookie',
      [
        { name: 'authorization', value: 'Bearer' },
        { name: 'cookie', value: 'a=1' },
      ],
      { kind: 'none' },
      'cookie',
    ],
    ['an empty header alone', [{ name: 'authorization', value: 'Bearer ' }], { kind: 'bearer' }, 'none'],
    ['no headers, summary bearer', [], { kind: 'cookie' }, 'cookie'],
    ['no headers, nothing known', [], { kind: 'none' }, 'unknown'],
    ['headers without credentials', [{ name: 'accept', value: '*/*' }], { kind: 'cookie' }, 'none'],
  ])('credentialState: %s', (_n, headers, credential, state) => {
    expect(credentialState(ev(headers, credential))).toBe(state);
  });
});

describe('scrub', () => {
  const marker: Marker = { mark: (v) => `<M:${v}>`, id: (v) => v, resolve: (t) => Promise.resolve(t) };

  it('replaces known secrets (and their URL-encoded form); skips short, blank and marker-like ones', () => {
    const scrub = createScrub(['  s3cr3t/v  ', 'abc', null, undefined, '<redacted:x>', 'redacted', 'abcd'], marker);
    expect(scrub('a s3cr3t/v b s3cr3t%2Fv c abc redacted abcd xabcd')).toBe(
      'a <M:s3cr3t/v> b <M:s3cr3t%2Fv> c abc redacted <M:abcd> xabcd',
    );
  });

  it('short secrets only as whole words, long ones anywhere; longest first; text shorter than 4 untouched', () => {
    const scrub = createScrub(['abcd', 'abcdefgh', 'abcdefghij'], marker);
    expect(scrub('abcd1 1abcd abcd- xabcdefghy xabcdefghijy')).toBe(
      'abcd1 1abcd <M:abcd>- x<M:abcdefgh>y x<M:abcdefghij>y',
    );
    expect(scrub('abc')).toBe('abc');
    expect(scrub('abcd')).toBe('<M:abcd>');
    expect(createScrub(['abcdefgh'], marker)('abcdefg')).toBe('abcdefg');
  });

  it('marks JWTs, credentials after a scheme, and secret key=value pairs; leaves markers alone', () => {
    const scrub = createScrub([], marker);
    expect(scrub('jwt eyJhbGc.eyJzdWIi.sig')).toBe('jwt <M:eyJhbGc.eyJzdWIi.sig>');
    expect(scrub('send Bearer  ab12== now, basic x')).toBe('send Bearer  <M:ab12==> now, basic <M:x>');
    expect(scrub('Bearer <redacted:1>')).toBe('Bearer <redacted:1>');
    expect(scrub('password=hunter2&x=1 "api_key": "k1", session_id: s9;')).toBe(
      'password=<M:hunter2>&x=1 "api_key": "<M:k1>", session_id: <M:s9>;',
    );
    expect(scrub('token=<redacted:abc>')).toBe('token=<redacted:abc>');
    expect(scrub('monkey=1 tokens=2')).toBe('monkey=1 tokens=2');
  });

  it('a real marker resolves placeholders to 16 hex digits, equal values equal', async () => {
    const m = createMarker();
    const text = `${m.mark('a')} ${m.mark('b')} ${m.mark('a')} ${m.id('b')}`;
    const out = await m.resolve(text);
    expect(out).toMatch(/^<redacted:([0-9a-f]{16})> <redacted:([0-9a-f]{16})> <redacted:\1> \2$/);
    expect(out.split(' ')[0]).not.toBe(out.split(' ')[1]);
    expect(BARE).toBe('<redacted>');
  });

  it('placeholders carry a 16-hex-digit nonce and count from 0; the export key cannot be extracted', async () => {
    const m = createMarker();
    expect(m.id('a')).toMatch(/^\u{E000}[0-9a-f]{16}\.0\u{E001}$/u);
    expect(m.id('b')).toMatch(/^\u{E000}[0-9a-f]{16}\.1\u{E001}$/u);
    expect(await m.resolve('\u{E000}.0\u{E001}')).toBe('\u{E000}.0\u{E001}');
    expect((await createExportKey()).extractable).toBe(false);
  });

  it('a secret that is already a marker is not a secret; a placeholder after key= stays as it is', () => {
    const scrub = createScrub(['<redacted:abcdef>'], marker);
    expect(scrub('x <redacted:abcdef> y')).toBe('x <redacted:abcdef> y');
    const m = createMarker();
    const placeholder = m.id('v');
    expect(createScrub([], m)(`token=${placeholder}`)).toBe(`token=${placeholder}`);
  });

  it('forged placeholders from page text are not resolved', async () => {
    const m = createMarker();
    expect(await m.resolve('\u{E000}0000000000000000.0\u{E001}')).toBe('\u{E000}0000000000000000.0\u{E001}');
  });
});
