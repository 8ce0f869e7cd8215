// A small strict base64 / base64url decoder, so cookie and body decoding behave the same in Node,
// the extension and the panel, without Buffer and without atob's Latin-1 string detour.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP: Record<string, number> = Object.fromEntries(Array.from(ALPHABET, (c, i) => [c, i]));
const SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 or base64url, padded or not; whitespace is ignored. Null when it is not base64. */
export function decodeBase64(input: string): Uint8Array | null {
  const normalised = input.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!SHAPE.test(normalised)) return null;
  const body = normalised.replace(/=+$/, '');
  const padding = normalised.length - body.length;
  // A padded string must be a whole number of quads; an unpadded one cannot leave a single char.
  if (padding > 0 && normalised.length % 4 !== 0) return null;
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let o = 0;
  for (const char of body) {
    bits = ((bits << 6) | (LOOKUP[char] ?? 0)) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
    }
  }
  return out;
}

/** Base64 of UTF-8 text; null when it is not base64 or the bytes are not valid UTF-8. */
export function decodeBase64Text(input: string): string | null {
  const bytes = decodeBase64(input);
  if (bytes === null) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
