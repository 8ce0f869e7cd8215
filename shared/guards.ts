// The small checks every boundary uses on untrusted values (page data, admin answers, HAR files,
// request bodies), defined once so every guard means the same thing by "a record" or "a number".

/** A plain non-null object that is not an array: the shape of a JSON object. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function isString(x: unknown): x is string {
  return typeof x === 'string';
}

/** A number that is neither NaN nor infinite (JSON cannot carry those; a hostile object can). */
export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** An own property only: a hostile object's prototype chain, or a getter on it, is not data. */
export function ownField(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Array.isArray without the `any[]` it narrows to: the items are still unread. */
export function isArray(x: unknown): x is readonly unknown[] {
  return Array.isArray(x);
}

/**
 * JSON.stringify as it behaves: undefined for undefined, functions and symbols, whatever its
 * declared `string` says. (It still throws on cycles and BigInt.)
 */
export function jsonText(x: unknown): string | undefined {
  return JSON.stringify(x);
}
