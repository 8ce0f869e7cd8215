// String and deep-value scrubbing for exports: known secrets, JWT-looking substrings, long bearer
// values and `token=`-style pairs are replaced by `<redacted:HASH>` so tokens stay comparable.

import { tokenHash } from './hash.ts';

const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;
const BEARER = /\b(Bearer|Token|Basic)(\s+)([A-Za-z0-9\-._~+/]{16,}=*)/gi;
const KEY_VALUE = /((?:access_token|refresh_token|id_token|token|jwt|password|passwd|secret|api_?key|apikey|session_?id)"?\s*[:=]\s*"?)([^"&\s,;}<]{8,})/gi;
/** Object keys whose string values are credentials whatever they look like. */
const SENSITIVE_KEY = /token|secret|password|passwd|api[-_]?key|authorization|^cookie$|^set-cookie$/i;
const MAX_DEPTH = 64;

export const marker = (secret: string): string => `<redacted:${tokenHash(secret)}>`;

export type Scrub = (text: string) => string;

/** A string scrubber that also removes each of `secrets` (6 chars or more) wherever it appears. */
export function createScrub(secrets: Iterable<string | undefined | null>): Scrub {
  const known = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.trim().length >= 6).map((s) => s.trim()))]
    .sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const secret of known) {
      // Repeat: a replacement can never recreate the secret, but overlapping copies need a second pass.
      for (let i = 0; i < 4 && out.includes(secret); i++) out = out.split(secret).join(marker(secret));
    }
    return out
      .replace(JWT, (jwt) => marker(jwt))
      .replace(BEARER, (_m, scheme: string, space: string, value: string) => `${scheme}${space}${marker(value)}`)
      .replace(KEY_VALUE, (_m, prefix: string, value: string) => `${prefix}${marker(value)}`);
  };
}

/** A deep copy with every string scrubbed and sensitive keys' string values replaced. */
export function deepScrub<T>(value: T, scrub: Scrub): T {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
    if (depth > MAX_DEPTH || seen.has(v)) return '[omitted]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const key = scrub(k);
      out[key] = typeof x === 'string' && SENSITIVE_KEY.test(k) && x !== '' ? marker(x) : walk(x, depth + 1);
    }
    return out;
  };
  return walk(value, 0) as T;
}
