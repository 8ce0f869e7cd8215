// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { TextArea, TextInput } from './TextField.tsx';

function field(root: HTMLElement): HTMLInputElement {
  const el = root.querySelector('input');
  if (!el) throw new Error('no input');
  return el;
}

describe('TextInput keeps what was typed across renders', () => {
  it('a render between the text changing and its input event does not write the old value back', () => {
    const root = document.createElement('div');
    let state = '';
    const draw = () =>
      act(() =>
        render(
          <TextInput
            data-testid="f"
            value={state}
            onInput={(e) => {
              state = e.currentTarget.value;
            }}
          />,
          root,
        ),
      );
    void draw();
    const el = field(root);
    expect(el.value).toBe('');
    el.value = 'typed-secret'; // the text changed; its input event has not run yet
    void draw(); // a render with the state before the keystroke
    expect(el.value).toBe('typed-secret');
    el.dispatchEvent(new Event('input', { bubbles: true }));
    expect(state).toBe('typed-secret');
  });

  it('a value set from outside (a form cleared, a quick filter) is written to the field', () => {
    const root = document.createElement('div');
    const draw = (value: string) => act(() => render(<TextInput value={value} onInput={() => undefined} />, root));
    void draw('status:4xx');
    const el = field(root);
    expect(el.value).toBe('status:4xx');
    el.value = 'status:4xx kind:push';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    void draw('status:4xx kind:push');
    expect(el.value).toBe('status:4xx kind:push');
    void draw('');
    expect(el.value).toBe('');
  });

  it('a number value is shown as text, and a textarea behaves the same', () => {
    const root = document.createElement('div');
    void act(() => render(<TextInput type="number" value={30} />, root));
    expect(field(root).value).toBe('30');
    const area = document.createElement('div');
    void act(() => render(<TextArea value="{}" />, area));
    const ta = area.querySelector('textarea');
    expect(ta?.value).toBe('{}');
    if (ta) ta.value = '{"keys":[]}';
    void act(() => render(<TextArea value="{}" />, area));
    expect(ta?.value).toBe('{"keys":[]}');
  });
});
