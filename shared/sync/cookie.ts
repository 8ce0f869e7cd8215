// plasma's pull cookie, decoded for display. The format is opaque to clients by design, so anything
// that is not a known encoding is shown raw rather than rejected.
//   c1:<base64 JSON {region: row_version string}>  (current; base64 or base64url, padded or not)
//   123 or "123"                                    (older plain row_version)

import { decodeBase64Text } from './base64.ts';
import type { DecodedCookie } from './types.ts';
import { clip, isRecord, safeString } from './util.ts';

const INTEGER = /^\d+$/;

export function decodeCookie(raw: unknown): DecodedCookie | null {
  try {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'number') {
      return Number.isSafeInteger(raw) && raw >= 0
        ? { format: 'integer', raw: String(raw), rowVersion: raw }
        : { format: 'opaque', raw: String(raw) };
    }
    if (typeof raw !== 'string') return { format: 'opaque', raw: clip(safeString(raw)) };
    const text = raw.trim();
    if (INTEGER.test(text)) {
      const n = Number(text);
      if (Number.isSafeInteger(n)) return { format: 'integer', raw, rowVersion: n };
    }
    if (text.startsWith('c1:')) {
      const regions = decodeRegions(text.slice(3));
      if (regions !== null) return { format: 'c1', raw, regions, rowVersion: maxRowVersion(regions) };
    }
    return { format: 'opaque', raw: clip(raw) };
  } catch {
    return { format: 'opaque', raw: '' };
  }
}

function decodeRegions(payload: string): Record<string, string> | null {
  const json = decodeBase64Text(payload);
  if (json === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(parsed)) {
    // The docs say strings; a numeric value is the same row_version written loosely.
    if (typeof value === 'string') entries.push([key, value]);
    else if (typeof value === 'number' && Number.isFinite(value)) entries.push([key, String(value)]);
    else return null;
  }
  // fromEntries defines own properties, so a "__proto__" region stays data.
  return Object.fromEntries(entries);
}

/** The highest numeric region value: what "row_version N" means for a cookie. */
function maxRowVersion(regions: Record<string, string>): number | null {
  let max: number | null = null;
  for (const value of Object.values(regions)) {
    if (!INTEGER.test(value)) continue;
    const n = Number(value);
    if (Number.isFinite(n) && (max === null || n > max)) max = n;
  }
  return max;
}
