// Row values and request inputs as display text, for the reference app's mutators, UI and test fakes.

/** A primitive as its text, nullish as '', anything else as JSON (never "[object Object]"). */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return jsonText(value) ?? '';
}

/** The URL a fetch() call was given, whichever form it took. */
export function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** JSON.stringify as it really is: undefined for functions, symbols and undefined. */
function jsonText(value: unknown): string | undefined {
  return JSON.stringify(value);
}
