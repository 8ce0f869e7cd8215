// Single records inside push and pull bodies: a mutation and a change op. Lenient about the spelling
// of fields (real plasma apps differ from the reference server); null when the record is unusable.

import type { ChangeOp, Mutation } from './types.ts';
import { asId, asNumber, asString, firstField, isRecord } from './util.ts';

/**
 * One change op. Accepts `id`, `rowId`, `key` or `row_id` for the id (numbers become strings), `value`
 * or `row` for the value, `table`, `tableName` or `table_name`, and `delete` for `del`. A missing or
 * non-numeric rowVersion is null. Null when it has no known op, no table or no id.
 */
export function parseChangeOp(raw: unknown): ChangeOp | null {
  if (!isRecord(raw)) return null;
  const opName = asString(firstField(raw, ['op']))?.toLowerCase();
  const table = asString(firstField(raw, ['table', 'tableName', 'table_name']));
  const id = asId(firstField(raw, ['id', 'rowId', 'key', 'row_id']));
  if (table === null || id === null) return null;
  const rowVersion = asNumber(firstField(raw, ['rowVersion', 'row_version']));
  if (opName === 'put') {
    const value = firstField(raw, ['value', 'row']);
    return { op: 'put', table, id, value: value === undefined ? null : value, rowVersion };
  }
  if (opName === 'del' || opName === 'delete') return { op: 'del', table, id, rowVersion };
  return null;
}

/** One outbox mutation as pushed. Null when it is not an object or has no numeric id. */
export function parseMutation(raw: unknown): Mutation | null {
  if (!isRecord(raw)) return null;
  const id = asNumber(firstField(raw, ['id', 'mutationID', 'mutationId']));
  if (id === null) return null;
  const args = firstField(raw, ['args']);
  return {
    id,
    name: asString(firstField(raw, ['name'])) ?? '',
    args: args === undefined ? null : args,
    timestamp: asNumber(firstField(raw, ['timestamp'])),
  };
}

/** Reads every item of a list with `read`, counting the ones it could not use. */
export function readList<T>(
  items: readonly unknown[],
  read: (raw: unknown) => T | null,
): { values: T[]; skipped: number } {
  const values: T[] = [];
  let skipped = 0;
  for (const item of items) {
    const value = read(item);
    if (value === null) skipped++;
    else values.push(value);
  }
  return { values, skipped };
}
