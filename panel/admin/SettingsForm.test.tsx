// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { createSecret } from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { AdminClient } from './client.ts';
import { applyAdminMessage } from './reducer.ts';
import { SettingsForm } from './SettingsForm.tsx';
import { createAdminSlice } from './slice.ts';

const A = 'https://app.example/sync/admin';

function mount(suggestion: string | null) {
  const slice = createAdminSlice();
  const sent: CaptureMessage[] = [];
  const dispatch = (m: CaptureMessage) => (sent.push(m), applyAdminMessage(slice, m));
  const client = {
    suggestBaseUrl: () => suggestion,
    canPersist: () => false,
    connect: () => Promise.resolve(slice.reachability.value),
  } as unknown as AdminClient;
  dispatch({ type: 'adminSettings', baseUrl: A, credential: createSecret('tok-of-app', A), persist: false });
  const root = document.createElement('div');
  const draw = () => {
    void act(() => render(<SettingsForm admin={{ slice, client }} dispatch={dispatch} />, root));
  };
  draw();
  const q = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { slice, sent, root, q, draw };
}

function type(input: HTMLInputElement, value: string) {
  void act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('SettingsForm', () => {
  it('names the origin holding the credential', () => {
    const { q } = mount(null);
    expect(q('admin-credential-origin')?.textContent).toBe('credential held for https://app.example');
    expect(q('admin-credential-origin')?.dataset.origin).toBe('https://app.example');
  });

  it('a base URL on another origin says the credential stays behind, and Connect does not carry it there', () => {
    const { q, slice, sent } = mount(null);
    type(q('admin-base-url') as HTMLInputElement, 'https://elsewhere.example/sync/admin');
    expect(q('admin-credential-origin')?.textContent).toMatch(
      /held is for https:\/\/app\.example: it is not sent to https:\/\/elsewhere\.example/,
    );
    expect((q('admin-credential') as HTMLInputElement).placeholder).toBe('bearer token for https://elsewhere.example');
    void act(
      () =>
        void (q('admin-settings') as HTMLFormElement).dispatchEvent(
          new Event('submit', { bubbles: true, cancelable: true }),
        ),
    );
    expect(sent.at(-1)).toMatchObject({ type: 'adminSettings', baseUrl: 'https://elsewhere.example/sync/admin' });
    expect(slice.settings.value.credential).toBeNull();
  });

  it('a newly typed credential is bound to the URL it is typed for', () => {
    const { q, slice } = mount(null);
    type(q('admin-base-url') as HTMLInputElement, 'https://elsewhere.example/sync/admin');
    type(q('admin-credential') as HTMLInputElement, 'tok-of-elsewhere');
    void act(
      () =>
        void (q('admin-settings') as HTMLFormElement).dispatchEvent(
          new Event('submit', { bubbles: true, cancelable: true }),
        ),
    );
    expect(slice.settings.value.credential?.origin).toBe('https://elsewhere.example');
    expect(slice.settings.value.credential?.reveal()).toBe('tok-of-elsewhere');
  });

  it('offers the suggestion the client makes (the inspected page origin)', () => {
    const { q } = mount('https://app.example/api/plasma/admin');
    expect(q('admin-use-suggestion')?.textContent).toBe('use https://app.example/api/plasma/admin');
  });
});
