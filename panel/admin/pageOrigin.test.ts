import { describe, expect, it } from 'vitest';
import { trackInspectedPage } from './pageOrigin.ts';

function navEvents() {
  const listeners = new Set<(url: string) => void>();
  return {
    addListener: (cb: (url: string) => void) => void listeners.add(cb),
    removeListener: (cb: (url: string) => void) => void listeners.delete(cb),
    emit: (url: string) => listeners.forEach((cb) => cb(url)),
    listeners,
  };
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
    [
      'a throwing eval',
      () => {
        throw new Error('closed');
      },
    ],
  ])('%s: no URL, no throw', (_n, evalFn) => {
    expect(trackInspectedPage({ eval: evalFn }, undefined).url()).toBeNull();
  });
  it('asks again for a URL still unknown (an eval that answered for the outgoing about:blank), and a later answer lands', () => {
    let clock = 0;
    const answers = ['about:blank', 'http://127.0.0.1:8787/?scenario=x'];
    let asked = 0;
    const t = trackInspectedPage({ eval: (_e, cb) => cb(answers[Math.min(asked++, 1)]) }, navEvents(), () => clock);
    expect(t.url()).toBeNull();
    clock += 300;
    expect(t.url()).toBeNull(); // this call asked again; the answer arrived synchronously here
    expect(t.url()).toBe('http://127.0.0.1:8787/?scenario=x');
    expect(asked).toBe(2);
  });
  it('an answer from before a navigation never overwrites what the navigation said', () => {
    const nav = navEvents();
    let pending: ((r: unknown) => void) | null = null;
    const t = trackInspectedPage({ eval: (_e, cb) => void (pending = cb) }, nav);
    nav.emit('https://new.example/');
    pending!('https://old.example/');
    expect(t.url()).toBe('https://new.example/');
  });
});
