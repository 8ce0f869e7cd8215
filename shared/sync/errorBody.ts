// 4xx/5xx bodies, read loosely: plasma's and the reference server's `{ error, reason?, expected?, max? }`
// and common variants (`{ error: { message } }`, `{ message }`, `details`).

import type { ShapeResult } from './body.ts';
import type { ErrorBody } from './types.ts';
import { asNumber, asString, field, firstField, isRecord } from './util.ts';

/** Error strings the reference server sends; a body carrying one is plasma's, whatever the URL. */
export const PLASMA_ERRORS: readonly string[] = [
  'unauthorized',
  'schema mismatch',
  'client mismatch',
  'too many mutations',
  'payload too large',
  'invalid request',
];

export function readErrorBody(value: unknown): ShapeResult<ErrorBody> {
  if (!isRecord(value)) return { ok: false, reason: 'error body is not a JSON object' };
  const rawError = field(value, 'error');
  const nested = isRecord(rawError) ? rawError : null;
  const error =
    asString(rawError) ??
    (nested === null ? null : asString(firstField(nested, ['message', 'code']))) ??
    asString(field(value, 'message'));
  const expected = firstField(value, ['expected']) ?? (nested === null ? undefined : field(nested, 'expected'));
  const details = field(value, 'details');
  return {
    ok: true,
    value: {
      error,
      reason: asString(firstField(value, ['reason', 'error_description'])),
      expected: typeof expected === 'number' ? String(expected) : asString(expected),
      max: asNumber(field(value, 'max')),
      details: isRecord(details) ? details : null,
      raw: value,
    },
  };
}

/** Whether a response value is one of plasma's own error bodies. */
export function looksLikePlasmaError(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const error = asString(field(value, 'error'));
  return error !== null && PLASMA_ERRORS.includes(error.toLowerCase());
}
