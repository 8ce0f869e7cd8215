// Reads a bearer token with jose's decoders (no verification here: that needs a key and is async,
// see verifyToken.ts). Runs on every captured request, so it never throws, whatever the page sent.

import { decodeJwt, decodeProtectedHeader } from 'jose';
import { isString as isStr } from '../guards.ts';
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
    present: false,
    decodable: false,
    shape: 'absent',
    warnings: [],
    alg: null,
    kid: null,
    typ: null,
    iss: null,
    aud: [],
    sub: null,
    role: null,
    exp: null,
    nbf: null,
    iat: null,
    expiresInSec: null,
    notYetValidBySec: null,
    ageSec: null,
    clockSkewSec: null,
    hash: null,
    length: 0,
  };
}

/** The part of a TokenInfo that depends on the token alone: shared by every request that sent it. */
export type TokenFacts = Omit<TokenInfo, 'expiresInSec' | 'notYetValidBySec' | 'ageSec' | 'clockSkewSec'>;

/**
 * `cache` (token -> facts) lets the ledger decode each distinct token once; a capture re-sends the
 * same token on every push and pull. The cache holds raw tokens as keys: keep it in memory only.
 */
export function analyseToken(token: string | undefined, at: TokenTiming, cache?: Map<string, TokenFacts>): TokenInfo {
  try {
    return analyse(token, at, cache);
  } catch {
    const info = emptyTokenInfo();
    return typeof token === 'string' && token.trim() !== ''
      ? { ...info, present: true, shape: 'malformed', error: 'could not be analysed' }
      : info;
  }
}

function analyse(token: string | undefined, at: TokenTiming, cache?: Map<string, TokenFacts>): TokenInfo {
  if (typeof token !== 'string' || token.trim() === '') return emptyTokenInfo();
  const t = token.trim();
  let facts = cache?.get(t);
  if (!facts) {
    facts = readFacts(t);
    cache?.set(t, facts);
  }
  const start = finite(at.requestStart);
  const date = finite(at.responseDate);
  const now = start === null ? null : start / 1000;
  // One object literal, its fields always in the same order (the order the spread of the facts gave):
  // every TokenInfo shares one hidden class, where a spread of the cached facts gave each record its
  // own and made every later read of them slow.
  const info: TokenInfo = {
    present: facts.present,
    decodable: facts.decodable,
    shape: facts.shape,
    warnings: facts.warnings.slice(),
    alg: facts.alg,
    kid: facts.kid,
    typ: facts.typ,
    iss: facts.iss,
    aud: facts.aud.slice(),
    sub: facts.sub,
    role: facts.role,
    exp: facts.exp,
    nbf: facts.nbf,
    iat: facts.iat,
    hash: facts.hash,
    length: facts.length,
    expiresInSec: since(facts.exp, now),
    notYetValidBySec: since(facts.nbf, now),
    ageSec: since(now, facts.iat),
    // finite(): extreme dates must not turn into Infinity in a structured-clone-safe record.
    clockSkewSec: start !== null && date !== null ? finite((date - start) / 1000) : null,
  };
  if (facts.error !== undefined) info.error = facts.error;
  return info;
}

/** a - b, or null when either is missing or the difference is not finite. */
function since(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : finite(a - b);
}

function readFacts(t: string): TokenFacts {
  const { expiresInSec: _e, notYetValidBySec: _n, ageSec: _a, clockSkewSec: _c, ...info } = emptyTokenInfo();
  info.present = true;
  info.hash = tokenHash(t);
  info.length = t.length;
  const problem = shapeProblem(t);
  if (problem) return { ...info, shape: 'malformed', error: problem };
  const segments = t.split('.');
  if (!t.startsWith('eyJ') || segments.length === 1) return { ...info, shape: 'opaque' };
  if (segments.length !== 3 && segments.length !== 5) {
    return {
      ...info,
      shape: 'malformed',
      error: `looks like a JWT but has ${segments.length} dot-separated parts, not 3 (cut short or joined?)`,
    };
  }
  let header: Record<string, unknown>;
  let claims: Record<string, unknown> | null = null;
  try {
    header = decodeProtectedHeader(t);
    if (segments.length === 3) claims = decodeJwt(t);
  } catch (e) {
    return {
      ...info,
      shape: 'malformed',
      error: `looks like a JWT but does not decode: ${e instanceof Error ? e.message : 'invalid'}`,
    };
  }
  info.alg = str(header.alg);
  info.kid = str(header.kid);
  info.typ = str(header.typ);
  if (claims === null)
    return { ...info, shape: 'opaque', warnings: ['an encrypted JWT (JWE): its claims cannot be read'] };
  info.shape = 'jwt';
  info.decodable = true;
  info.iss = str(claims.iss);
  info.sub = str(claims.sub);
  info.aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter(isStr) : [];
  info.role = roleOf(claims);
  info.exp = numericDate(claims, 'exp', info.warnings);
  info.nbf = numericDate(claims, 'nbf', info.warnings);
  info.iat = numericDate(claims, 'iat', info.warnings);
  return info;
}

/** Why the string cannot be a bearer token at all, or null. */
function shapeProblem(t: string): string | null {
  if (PLACEHOLDERS.has(t.toLowerCase())) return `the token is the literal text ${JSON.stringify(t)}`;
  if (/^["'].*["']$/s.test(t)) return 'the token is wrapped in quotes';
  if (/^bearer\s/i.test(t)) return 'the "Bearer" scheme is repeated inside the token';
  if (!B64TOKEN.test(t)) return 'the token contains characters a bearer token cannot hold (spaces, quotes or symbols)';
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

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
