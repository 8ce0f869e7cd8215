// The pull cookie: `c1:` + standard padded base64 of {"0":"<row_version>"} (plasma-protocol.md
// §2 Cookie). Older plain row_version numbers are accepted on input.

export function encodeCookie(rowVersion: number): string {
  return `c1:${btoa(JSON.stringify({ '0': String(rowVersion) }))}`;
}

/**
 * The row_version a cookie stands for: 0 for "from the start" (absent, empty, "null"),
 * undefined when the cookie cannot be read.
 */
export function decodeCookie(cookie: string | null | undefined): number | undefined {
  if (cookie === null || cookie === undefined || cookie === '' || cookie === 'null') return 0;
  if (/^\d+$/.test(cookie)) return Number(cookie);
  if (!cookie.startsWith('c1:')) return undefined;
  try {
    const b64 = cookie.slice(3).replace(/-/g, '+').replace(/_/g, '/');
    const parsed: unknown = JSON.parse(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')));
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const versions = Object.values(parsed).map((v) =>
      typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN,
    );
    if (versions.length === 0 || versions.some((v) => !Number.isSafeInteger(v) || v < 0)) return undefined;
    return Math.max(...versions);
  } catch {
    return undefined;
  }
}
