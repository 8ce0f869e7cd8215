// JSON.stringify's real return type. lib.d.ts says `string`, but undefined, a function or a symbol
// give `undefined`; page and server values shown in the panel can be undefined (a missing field).

/** The JSON text of `v`, or undefined where JSON has no text for it. */
export function jsonText(v: unknown): string | undefined {
  return JSON.stringify(v);
}
