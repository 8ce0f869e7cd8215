import { describe, expect, it } from 'vitest';
import { createSecret, keepForBaseUrl, maskSecret, mayReceive, REDACTED } from './secret.ts';

describe('createSecret', () => {
  const value = 'adm-0123456789abcdef';
  const s = createSecret(value, 'https://app.example/sync/admin');
  it.each([
    ['JSON.stringify', () => JSON.stringify({ settings: { credential: s } })],
    ['String()', () => String(s)],
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what a template literal prints is the test
    ['template literal', () => `${s}`],
    [
      'Object.keys values',
      () =>
        Object.values(s)
          .filter((v) => typeof v !== 'function')
          .join(','),
    ],
  ])('%s never shows the value', (_n, show) => {
    expect(show()).not.toContain(value);
  });
  it('reveal() gives it back', () => {
    expect(s.reveal()).toBe(value);
    expect(JSON.stringify(s)).toBe(JSON.stringify(REDACTED));
  });
  it.each([
    [null, ''],
    [createSecret('', null), ''],
    [createSecret('abc', null), '•••'],
    [createSecret('x'.repeat(40), null), '•'.repeat(12)],
  ])('mask %#', (secret, want) => expect(maskSecret(secret)).toBe(want));
});

describe('the credential is bound to the origin it was entered for', () => {
  const s = createSecret('tok', 'https://app.example/sync/admin');
  it('remembers the origin, not the path', () => expect(s.origin).toBe('https://app.example'));
  it.each([
    ['same origin, same path', 'https://app.example/sync/admin/info', true],
    ['same origin, another path', 'https://app.example/api/plasma/admin/info', true],
    ['another host', 'https://elsewhere.example/sync/admin/info', false],
    ['a subdomain', 'https://evil.app.example/sync/admin/info', false],
    ['http instead of https', 'http://app.example/sync/admin/info', false],
    ['another port', 'https://app.example:8443/sync/admin/info', false],
    ['userinfo trick', 'https://app.example@elsewhere.example/sync/admin', false],
    ['not a URL', 'nope', false],
  ])('%s: sent %s', (_n, url, sent) => {
    expect(mayReceive(s, url)).toBe(sent);
    expect(keepForBaseUrl(s, url)).toBe(sent ? s : null);
  });
  it('a credential with no origin is never sent', () => {
    expect(mayReceive(createSecret('tok', null), 'https://app.example/x')).toBe(false);
    expect(mayReceive(createSecret('tok', 'chrome-extension://abc/'), 'chrome-extension://abc/x')).toBe(false);
  });
});
