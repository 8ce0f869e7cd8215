import { describe, expect, it } from 'vitest';
import { trackInspectedPage } from './pageOrigin.ts';

function navEvents() {
  const listeners = new Set<(url: string) => void>();
  return { addListener: (cb: (url: string) => void) => void listeners.add(cb), removeListener: (cb: (url: string) => void) => void listeners.delete(cb), emit: (url: string) => listeners.forEach((cb) => cb(url)), listeners };
}

describe('trackInspectedPage', () => {
  it('reads the page URL once, then follows DevTools navigations', () => {
    const nav = navEvents();
    const t = trackInspectedPage({ eval: (_e, cb) => cb('https://app.example/todos') }, nav);
    expect(t.origin()).toBe('https://app.example');
    nav.emit('https://other.example/');
    expect(t.origin()).toBe('https://other.example');
    nav.emit('chrome://newtab/');
    expect(t.url()).toBeNull();
    t.dispose();
    expect(nav.listeners.size).toBe(0);
  });
  it.each([
    ['an exception', (_e: string, cb: (r: unknown, x?: unknown) => void) => cb(undefined, { isException: true })],
    ['not a string', (_e: string, cb: (r: unknown, x?: unknown) => void) => cb({ href: 'https://x' })],
    ['a throwing eval', () => { throw new Error('closed'); }],
  ])('%s: no URL, no throw', (_n, evalFn) => {
    expect(trackInspectedPage({ eval: evalFn }, undefined).url()).toBeNull();
  });
});
