// A synchronous token identifier. WebCrypto's digest is async, and the ledger, the detectors and
// redaction all need a hash inline, so this is FNV-1a 64 over the UTF-8 bytes: 16 hex digits.
// It only tells tokens apart in the UI and in exported bundles; it is not a security primitive.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function tokenHash(token: string): string {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(token)) {
    h = ((h ^ BigInt(byte)) * PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}
