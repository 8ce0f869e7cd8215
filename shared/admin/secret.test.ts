import { describe, expect, it } from 'vitest';
import { createSecret, maskSecret, REDACTED } from './secret.ts';

describe('createSecret', () => {
  const value = 'adm-0123456789abcdef';
  const s = createSecret(value);
  it.each([
    ['JSON.stringify', () => JSON.stringify({ settings: { credential: s } })],
    ['String()', () => String(s)],
    ['template literal', () => `${s}`],
    ['Object.keys values', () => Object.values(s).filter((v) => typeof v !== 'function').join(',')],
  ])('%s never shows the value', (_n, show) => {
    expect(show()).not.toContain(value);
  });
  it('reveal() gives it back', () => {
    expect(s.reveal()).toBe(value);
    expect(JSON.stringify(s)).toBe(JSON.stringify(REDACTED));
  });
  it.each([
    [null, ''],
    [createSecret(''), ''],
    [createSecret('abc'), '•••'],
    [createSecret('x'.repeat(40)), '•'.repeat(12)],
  ])('mask %#', (secret, want) => expect(maskSecret(secret)).toBe(want));
});
