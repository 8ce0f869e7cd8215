// Small pure helpers the verdict modules share: keys, structural equality, reading a rule out of a
// server error message, and finding which rows a mutation's args name.

import { isRecord } from '../guards.ts';
import type { Row, Rule } from './types.ts';

export const mutationKey = (clientID: string, mutationID: number): string => `${clientID}#${mutationID}`;
/** Table names are identifiers, so the first `/` splits a row key. */
export const rowKey = (table: string, id: string): string => `${table}/${id}`;

export { isRecord };

/** JSON-value equality, key order ignored. IndexedDB and the change log both hold JSON-shaped rows. */
export function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  // Structured clones from the page can be cyclic; past this depth, distinct objects count as different.
  if (depth > 64) return false;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  if (ka.length !== Object.keys(rb).length) return false;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !deepEqual(ra[k], rb[k], depth + 1)) return false;
  return true;
}

export function rowId(row: Row): string | null {
  const id = row.id;
  if (typeof id === 'string') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return null;
}

const RULE = /\b([A-Za-z_][\w$-]*)\.(read|write)\b/;

/** `PlasmaAuthorizationError: todos.write` → { table: 'todos', predicate: 'write' }. */
export function parseRule(message: string): Rule | null {
  if (!/authoriz|denied|forbidden|permission/i.test(message) && !/^\s*[\w$-]+\.(read|write)\s*$/.test(message)) {
    return null;
  }
  const m = RULE.exec(message);
  const table = m?.[1];
  const predicate = m?.[2];
  return table !== undefined && (predicate === 'read' || predicate === 'write') ? { table, predicate } : null;
}

/**
 * Row ids a mutation's args name: string values of its top-level fields, ids first. A mutator's
 * writes are opaque to the client, so this is how a pending or reverted mutation is tied to rows.
 */
export function argIds(args: unknown): string[] {
  if (typeof args === 'string') return [args];
  if (!isRecord(args)) return [];
  const out: string[] = [];
  const id = args.id;
  if (typeof id === 'string') out.push(id);
  for (const [k, v] of Object.entries(args)) {
    if (k === 'id') continue;
    if (typeof v === 'string' && /id$/i.test(k)) out.push(v);
    else if (Array.isArray(v) && /ids$/i.test(k)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

export function formatTime(at: number | null | undefined): string {
  if (typeof at !== 'number' || !Number.isFinite(at)) return 'at an unknown time';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? `at ${at}` : `at ${d.toISOString().slice(11, 23)}`;
}

/** A short JSON preview of args for one-line evidence. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    // JSON.stringify gives undefined for undefined, a function or a symbol, whatever its declared type says.
    const json = JSON.stringify(value) as string | undefined;
    text = json ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
