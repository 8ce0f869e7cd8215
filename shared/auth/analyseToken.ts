// Reads a bearer token with jose's decoders (no verification here: that needs a key and is async,
// see verifyToken.ts). Runs on every captured request, so it never throws, whatever the page sent.

import { decodeJwt, decodeProtectedHeader } from 'jose';
import { tokenHash } from './hash.ts';
import { roleOf } from './role.ts';
import type { TokenInfo } from './types.ts';

export interface TokenTiming {
  /** Request start, unix ms. */
  requestStart: number;
  /** The response's Date header, unix ms, when there was one. */
  responseDate?: number;
}

/** Values that reach `Bearer ${token}` when the app's token variable was not set yet. */
const PLACEHOLDERS = new Set(['undefined', 'null', '[object object]', 'nan', 'false', 'true', '']);
/** RFC 6750 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function emptyTokenInfo(): TokenInfo {
  return {
    present: false, decodable: false, shape: 'absent', warnings: [],
    alg: null, kid: null, typ: null, iss: null, aud: [], sub: null, role: null,
    exp: null, nbf: null, iat: null,
    expiresInSec: null, notYetValidBySec: null, ageSec: null, clockSkewSec: null,
    hash: null, length: 0,
  };
}

export function analyseToken(token: string | undefined, at: TokenTiming): TokenInfo {
  try {
    return analyse(token, at);
  } catch {
    const info = emptyTokenInfo();
    return typeof token === 'string' && token.trim() !== ''
      ? { ...info, present: true, shape: 'malformed', error: 'could not be analysed' }
      : info;
  }
}

function analyse(token: string | undefined, at: TokenTiming): TokenInfo {
  const info = emptyTokenInfo();
  if (typeof token !== 'string' || token.trim() === '') return info;
  const t = token.trim();
  const start = finite(at?.requestStart);
  const date = finite(at?.responseDate);
  info.present = true;
  info.hash = tokenHash(t);
  info.length = t.length;
  info.clockSkewSec = start !== null && date !== null ? finite((date - start) / 1000) : null;

  const problem = shapeProblem(t);
  if (problem) return { ...info, shape: 'malformed', error: problem };
  const segments = t.split('.');
  if (!t.startsWith('eyJ') || (segments.length !== 3 && segments.length !== 5)) {
    return { ...info, shape: 'opaque' };
  }
  const header = decodeProtectedHeader(t) as Record<string, unknown>;
  info.alg = str(header.alg);
  info.kid = str(header.kid);
  info.typ = str(header.typ);
  if (segments.length === 5) {
    return { ...info, shape: 'opaque', warnings: ['an encrypted JWT (JWE): its claims cannot be read'] };
  }
  const claims = decodeJwt(t) as Record<string, unknown>;
  info.shape = 'jwt';
  info.decodable = true;
  info.iss = str(claims.iss);
  info.sub = str(claims.sub);
  info.aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter(isStr) : [];
  info.role = roleOf(claims);
  info.exp = numericDate(claims, 'exp', info.warnings);
  info.nbf = numericDate(claims, 'nbf', info.warnings);
  info.iat = numericDate(claims, 'iat', info.warnings);
  if (start !== null) {
    const now = start / 1000;
    // finite(): extreme dates must not turn into Infinity in a structured-clone-safe record.
    info.expiresInSec = info.exp === null ? null : finite(info.exp - now);
    info.notYetValidBySec = info.nbf === null ? null : finite(info.nbf - now);
    info.ageSec = info.iat === null ? null : finite(now - info.iat);
  }
  return info;
}

/** Why the string cannot be a bearer token at all, or null. Wrapped in try: decoders throw. */
function shapeProblem(t: string): string | null {
  if (PLACEHOLDERS.has(t.toLowerCase())) return `the token is the literal text ${JSON.stringify(t)}`;
  if (/^["'].*["']$/s.test(t)) return 'the token is wrapped in quotes';
  if (/^bearer\s/i.test(t)) return 'the "Bearer" scheme is repeated inside the token';
  if (!B64TOKEN.test(t)) return 'the token contains characters a bearer token cannot hold (spaces, quotes or symbols)';
  if (t.startsWith('eyJ')) {
    try {
      decodeProtectedHeader(t);
      if (t.split('.').length === 3) decodeJwt(t);
    } catch (e) {
      return `looks like a JWT but does not decode: ${e instanceof Error ? e.message : 'invalid'}`;
    }
  }
  return null;
}

function numericDate(claims: Record<string, unknown>, name: string, warnings: string[]): number | null {
  const v = claims[name];
  if (v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    warnings.push(`"${name}" is not a number, so servers reject the token`);
    return null;
  }
  // Date.now() where seconds belong: the token then looks valid for the next 50 000 years.
  if (v > 1e11) warnings.push(`"${name}" looks like milliseconds; JWT dates are seconds`);
  return v;
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
