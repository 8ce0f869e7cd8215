// Text scrubbing and keyed markers for exports. A redacted value becomes `<redacted:ID>`, where ID
// is HMAC-SHA-256 (WebCrypto) of the value under a key made for this one export and never written:
// equal values still match inside one bundle, but nobody holding the bundle can test a guess.
// Markers are placed as placeholders while the bundle is built (redaction is synchronous) and
// resolved at the end, once every value has been hashed.

const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;
/** A credential after an auth scheme, whatever its length ("Bearer ab12" is still a token). */
const SCHEME_VALUE = /\b(Bearer|Token|Basic|Digest|MAC|HOBA|Negotiate)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi;
/** `key=value` / `"key": "value"` pairs whose key names a secret, in free text. */
const KEY_VALUE =
  /(\b(?:access_token|refresh_token|id_token|client_secret|token|jwt|password|passwd|pwd|secret|api_?key|apikey|session_?id|sessionid|sid|auth|sig|signature|code|key|private_?key|credential|cookie)\b"?\s*[:=]\s*"?)([^"&\s,;}<]+)/gi;

/** What password-like and cookie values become: no hash at all, so not even equality leaks. */
export const BARE = '<redacted>';

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Collects the values to hash during one export and hands out their placeholders. */
export interface Marker {
  /** `<redacted:ID>` for `value`. */
  mark(value: string): string;
  /** The bare ID of `value` (for fields that hold only the identifier, like a ledger hash). */
  id(value: string): string;
  /** Replaces every placeholder in `text` by the value's keyed hash (16 hex digits). */
  resolve(text: string): Promise<string>;
}

/** A fresh HMAC-SHA-256 key, not extractable: it cannot be written even by mistake. */
export function createExportKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** `key` defaults to a fresh export key, made when the markers are resolved and then dropped. */
export function createMarker(key?: CryptoKey): Marker {
  // The nonce keeps placeholders unguessable, so page text cannot forge one.
  const nonce = randomHex(8);
  const ids = new Map<string, string>();
  const values: string[] = [];
  const id = (value: string) => {
    let got = ids.get(value);
    if (got === undefined) {
      got = `\u{E000}${nonce}.${values.length}\u{E001}`;
      ids.set(value, got);
      values.push(value);
    }
    return got;
  };
  const placeholder = new RegExp(`\u{E000}${nonce}\\.(\\d+)\u{E001}`, 'gu');
  return {
    id,
    mark: (value) => `<redacted:${id(value)}>`,
    async resolve(text) {
      const enc = new TextEncoder();
      const k = key ?? (await createExportKey());
      const hex = await Promise.all(
        values.map(async (v) => {
          const sig = new Uint8Array(await crypto.subtle.sign('HMAC', k, enc.encode(v)));
          return Array.from(sig.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
        }),
      );
      return text.replace(placeholder, (_m, i: string) => hex[Number(i)] ?? '');
    },
  };
}

export type Scrub = (text: string) => string;

/** Short secrets (cookie values) are matched only as whole words; shorter than this, not at all. */
const MIN_WORD_SECRET = 4;
/** Longer secrets are removed wherever they appear, inside words too. */
const MIN_ANY_SECRET = 8;
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * Finds known secrets in one left-to-right pass: candidates are looked up by their first four
 * characters, so the cost follows the text's length, not the number of secrets (an alternation
 * regex of thousands of cookie values made a 1,000-request export take 20 s).
 */
function knownSecretReplacer(secrets: ReadonlySet<string>, marker: Marker): (text: string) => string {
  // prefix -> length -> secrets: many tokens share a prefix (every JWT starts with the same header),
  // but few lengths, so a position costs one lookup per distinct length, not one per secret.
  const byPrefix = new Map<string, Map<number, Set<string>>>();
  // The first two characters, as one number: most positions are ruled out without a slice.
  const pairs = new Set<number>();
  for (const secret of secrets) {
    const key = secret.slice(0, MIN_WORD_SECRET);
    let lengths = byPrefix.get(key);
    if (!lengths) byPrefix.set(key, (lengths = new Map<number, Set<string>>()));
    let set = lengths.get(secret.length);
    if (!set) lengths.set(secret.length, (set = new Set()));
    set.add(secret);
    pairs.add(secret.charCodeAt(0) * 65536 + secret.charCodeAt(1));
  }
  const longestFirst = new Map([...byPrefix].map(([k, m]) => [k, [...m].sort((a, b) => b[0] - a[0])] as const));
  return (text) => {
    if (byPrefix.size === 0 || text.length < MIN_WORD_SECRET) return text;
    let out = '';
    let last = 0;
    for (let i = 0; i + MIN_WORD_SECRET <= text.length;) {
      if (!pairs.has(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      const candidates = longestFirst.get(text.slice(i, i + MIN_WORD_SECRET));
      let hit: string | undefined;
      if (candidates) {
        for (const [length, set] of candidates) {
          if (i + length > text.length) continue;
          const piece = text.slice(i, i + length);
          if (!set.has(piece)) continue;
          if (length < MIN_ANY_SECRET && (isWordChar(text[i - 1]) || isWordChar(text[i + length]))) continue;
          hit = piece;
          break;
        }
      }
      if (hit === undefined) {
        i++;
        continue;
      }
      out += text.slice(last, i) + marker.mark(hit);
      i += hit.length;
      last = i;
    }
    return last === 0 ? text : out + text.slice(last);
  };
}

/**
 * A string scrubber: each known secret (and its URL-encoded form) wherever it appears, then
 * JWT-looking text, a credential after an auth scheme, and `secret-key=value` pairs.
 */
export function createScrub(secrets: Iterable<string | undefined | null>, marker: Marker): Scrub {
  const known = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string') continue;
    const t = s.trim();
    if (t.length < MIN_WORD_SECRET || t.startsWith('<redacted') || t === 'redacted') continue;
    known.add(t);
    const encoded = encodeURIComponent(t);
    if (encoded !== t) known.add(encoded);
  }
  const replaceKnown = knownSecretReplacer(known, marker);
  return (text: string) => {
    return replaceKnown(text)
      .replace(JWT, (jwt) => marker.mark(jwt))
      .replace(SCHEME_VALUE, (m, scheme: string, space: string, value: string) =>
        value.startsWith('<redacted') ? m : `${scheme}${space}${marker.mark(value)}`,
      )
      .replace(KEY_VALUE, (m, prefix: string, value: string) =>
        value.startsWith('<redacted') || value.startsWith('\u{E000}') ? m : `${prefix}${marker.mark(value)}`,
      );
  };
}
