// A quick pass for sanitise() over the one long list, the change log: a record that is a plain
// object (Object.prototype or no prototype) with plain field values is read with plain property
// reads instead of one own-property check per field. It only ever says yes where the admin guard
// (shared/admin/guards.ts isChangeRecord, the one definition) says yes too: its bounds are
// stricter (shorter strings), and anything else (another prototype, a longer string, a field
// Object.prototype itself carries) is left to the guard. quickChange.test.ts holds that implication.

import { isChangeRecord } from '../admin/guards.ts';

const FIELDS = ['rowVersion', 'table', 'id', 'op', 'value', 'createdAt', 'clientGroupID', 'clientID', 'mutationID'];
/** Stricter than the guard's own bound, so a string the quick pass takes the guard takes too. */
const MAX = 4096;

const nat = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const str = (x: unknown): boolean => typeof x === 'string' && x.length <= MAX;

/**
 * True only for a well-formed record read without own-property checks: with Object.prototype (or
 * no prototype) behind it and none of the fields on Object.prototype, a plain read of a field
 * finds the record's own value or nothing, as the guard's own-property read does.
 */
function quick(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return false;
  const r = x as Record<string, unknown>;
  const { op, clientGroupID: g, clientID: c, mutationID: m } = r;
  return (
    nat(r.rowVersion) &&
    str(r.table) &&
    str(r.id) &&
    (op === 'put' || op === 'del') &&
    r.value !== undefined &&
    typeof r.createdAt === 'number' &&
    Number.isFinite(r.createdAt) &&
    (g === null || str(g)) &&
    (c === null || str(c)) &&
    (m === null || nat(m))
  );
}

/**
 * isChangeRecord's answer for every record of `list`, as one predicate: the quick pass where it
 * holds (the fields are not on Object.prototype, checked once here), the guard for the rest.
 */
export function changeCheck(): (x: unknown) => boolean {
  const clean = FIELDS.every((f) => !(f in Object.prototype));
  return clean ? quickOrGuard : isChangeRecord;
}

/** One function for every call (not a closure per call): the optimised loop that calls it stays valid. */
const quickOrGuard = (x: unknown): boolean => quick(x) || isChangeRecord(x);

/** The quick pass alone, for its test. */
export const quickChange = (x: unknown): boolean => FIELDS.every((f) => !(f in Object.prototype)) && quick(x);
