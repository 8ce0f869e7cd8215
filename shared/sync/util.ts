// Small total functions for reading untrusted values. Everything the sync parsers see came off the
// network or out of a HAR file, so nothing here trusts a type, a prototype or a toString.

import { ownField } from '../guards.ts';

export const RAW_LIMIT = 2048;

export { isRecord } from '../guards.ts';

/** Reads an own property only: a hostile object's prototype chain is not data. */
export const field = ownField;

/** The first of `keys` that is an own property with a value other than undefined. */
export function firstField(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = field(obj, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/** A finite number, or a numeric string (query parameters and some servers send numbers as text). */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Ids may arrive as numbers; the typed model keeps them as strings. */
export function asId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

export function clip(text: string, limit = RAW_LIMIT): string {
  return text.length > limit ? text.slice(0, limit) : text;
}

/** A printable form of anything, never throwing (BigInt, cycles and hostile toString included). */
export function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch {
    // fall through: cycles and BigInt cannot be JSON
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
