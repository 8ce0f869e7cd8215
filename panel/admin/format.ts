// Small display helpers of the Server view.

import { jsonText } from '../jsonText.ts';

export function when(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '';
  const d = new Date(ms);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function short(value: unknown, max = 120): string {
  let s: string;
  try {
    s = value === undefined ? '' : (jsonText(value) ?? '');
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const dash = (v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? '—' : String(v);
