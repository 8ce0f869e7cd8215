// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { HeadersTable } from './HeadersTable.tsx';

describe('HeadersTable masks with the export allow-list', () => {
  const headers = [
    { name: 'content-type', value: 'application/json' },
    { name: 'x-client', value: 'client-1' },
    { name: 'session', value: 'hdr-session-4411' },
    { name: 'Authentication', value: 'hdr-authn-5522' },
    { name: 'x-access-key', value: 'hdr-xak-6633' },
    { name: 'Authorization', value: 'Bearer abc.def.ghi-signature' },
    { name: 'cookie', value: 'sid=Zx81; theme=dark' },
    { name: 'set-cookie', value: 'session=ck-long-value; Path=/' },
  ];
  it('shows only safe headers; every other value is masked until revealed', () => {
    const root = document.createElement('div');
    void act(() => render(<HeadersTable headers={headers} testid="h" />, root));
    const text = root.textContent;
    expect(text).toContain('application/json');
    expect(text).toContain('client-1');
    for (const secret of [
      'hdr-session-4411',
      'hdr-authn-5522',
      'hdr-xak-6633',
      'abc.def.ghi-signature',
      'Zx81',
      'ck-long-value',
    ])
      expect(text).not.toContain(secret);
    expect(root.querySelectorAll('[data-testid="secret-header"]')).toHaveLength(6);
    expect(text).toContain('sid=•••; theme=•••');
    const session = [...root.querySelectorAll('.header')].find(
      (el) => el.querySelector('dt')?.textContent === 'session',
    )!;
    void act(() => (session.querySelector('button') as HTMLButtonElement).click());
    expect(session.textContent).toContain('hdr-session-4411');
  });
});
