// Text fields a render never takes a keystroke back from. A controlled <input value={state}> is
// written on every render of its component; a render that lands after the field's text changed and
// before its `input` event ran (the panel renders on timers while nobody interacts, and text inserted
// by an input method or by automation is changed and announced in separate steps) writes the old
// state back, and the keystroke is lost: a Connect then used the credential held before, not the one
// typed. Here the DOM is written only when `value` changes to something the field did not itself
// report, e.g. a form cleared after submit or a filter set by a quick-filter button.

import type { InputHTMLAttributes, TargetedEvent, TextareaHTMLAttributes } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

type Field = HTMLInputElement | HTMLTextAreaElement;

function useExternalValue<T extends Field>(
  value: string | number,
  onInput: ((e: TargetedEvent<T>) => void) | undefined,
) {
  const ref = useRef<T>(null);
  /** The last value the field and the component agreed on: written by us, or reported by the field. */
  const agreed = useRef<string | null>(null);
  const text = String(value);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || agreed.current === text) return;
    agreed.current = text;
    if (el.value !== text) el.value = text;
  }, [text]);
  const typed = (e: TargetedEvent<T>) => {
    agreed.current = e.currentTarget.value;
    onInput?.(e);
  };
  return { ref, typed };
}

type InputProps = Omit<InputHTMLAttributes, 'value' | 'onInput' | 'ref'> & {
  value: string | number;
  onInput?: (e: TargetedEvent<HTMLInputElement>) => void;
};

export function TextInput({ value, onInput, ...rest }: InputProps) {
  const { ref, typed } = useExternalValue<HTMLInputElement>(value, onInput);
  return <input {...rest} ref={ref} onInput={typed} />;
}

type AreaProps = Omit<TextareaHTMLAttributes, 'value' | 'onInput' | 'ref'> & {
  value: string;
  onInput?: (e: TargetedEvent<HTMLTextAreaElement>) => void;
};

export function TextArea({ value, onInput, ...rest }: AreaProps) {
  const { ref, typed } = useExternalValue<HTMLTextAreaElement>(value, onInput);
  return <textarea {...rest} ref={ref} onInput={typed} />;
}
