// Checks the admin bearer token on every admin request: a static secret (constant-time compare)
// or a JWT verified with jose (HS256 secret, local JWKS or remote JWKS) plus one required claim.
// JWT modes pin issuer and audience and require `exp`, so a token a shared identity provider minted
// for another app, or one that never expires, is never an admin token here.

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';

export interface AdminJwtConfig {
  secret?: string;
  jwks?: { keys: JsonWebKey[] };
  jwksUrl?: string;
  /** Required: the `iss` admin tokens carry (or a list of accepted ones). */
  issuer: string | string[];
  /** Required: the `aud` admin tokens carry for this admin API (or a list of accepted ones). */
  audience: string | string[];
  requiredClaim: { name: string; value: unknown };
  /** Refuse tokens whose `iat` is older than this (seconds, or a jose span such as "1h"); needs `iat`. */
  maxTokenAge?: number | string;
}

export type AdminAuthConfig = { secret: string } | { jwt: AdminJwtConfig };

/** HS256 keys shorter than the hash output can be brute-forced from one token (RFC 7518 §3.2). */
export const MIN_HS256_SECRET_BYTES = 32;

/** ok: admin. unauthorized: 401. forbidden: valid token without the claim (403). unavailable: JWKS down (503). */
export type AuthOutcome = 'ok' | 'unauthorized' | 'forbidden' | 'unavailable';

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Equal-length digests compared without an early exit, so neither the secret's length nor the
 * position of the first wrong byte shows in the timing.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([sha256(a), sha256(b)]);
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= (da[i] ?? 0) ^ (db[i] ?? 0);
  return diff === 0;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get('authorization');
  const match = header ? /^Bearer[ ]+([^\s]+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** True when the claim equals the value, or is an array holding it (e.g. `roles: ["admin"]`). */
export function claimMatches(claim: unknown, value: unknown): boolean {
  if (Array.isArray(claim)) return claim.some((c) => c === value);
  return claim === value;
}

// Failures of the key source, not of the token: the admin is not at fault.
const KEY_SOURCE_ERRORS = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

const isClaimText = (v: unknown): boolean =>
  (typeof v === 'string' && v !== '') ||
  (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== ''));

function verifyOptions(jwt: AdminJwtConfig, algorithms: string[] | undefined): JWTVerifyOptions {
  if (!isClaimText(jwt.issuer)) throw new Error('admin auth: jwt.issuer is required');
  if (!isClaimText(jwt.audience)) throw new Error('admin auth: jwt.audience is required');
  const age = jwt.maxTokenAge;
  if (age !== undefined && !(typeof age === 'string' ? age !== '' : Number.isFinite(age) && age > 0)) {
    throw new Error('admin auth: jwt.maxTokenAge must be a positive number of seconds or a time span');
  }
  return {
    issuer: jwt.issuer,
    audience: jwt.audience,
    requiredClaims: ['exp'],
    ...(age !== undefined ? { maxTokenAge: age } : {}),
    ...(algorithms ? { algorithms } : {}),
  };
}

function keySource(jwt: AdminJwtConfig): {
  key: Uint8Array | JWTVerifyGetKey;
  algorithms?: string[];
} {
  const given = [jwt.secret, jwt.jwks, jwt.jwksUrl].filter((v) => v !== undefined);
  if (given.length !== 1) throw new Error('admin auth: give exactly one of jwt.secret, jwt.jwks, jwt.jwksUrl');
  if (jwt.secret !== undefined) {
    const key = encoder.encode(jwt.secret);
    if (key.length < MIN_HS256_SECRET_BYTES) {
      throw new Error(`admin auth: jwt.secret must be at least ${MIN_HS256_SECRET_BYTES} bytes`);
    }
    // Pin HS256 so a token cannot pick another algorithm for the same bytes.
    return { key, algorithms: ['HS256'] };
  }
  if (jwt.jwks !== undefined) return { key: createLocalJWKSet(jwt.jwks) };
  return { key: createRemoteJWKSet(new URL(jwt.jwksUrl as string)) };
}

/** Builds the per-request check once per handler, so a remote JWKS is fetched and cached once. */
export function createAuthenticator(config: AdminAuthConfig): (req: Request) => Promise<AuthOutcome> {
  if ('secret' in config) {
    if (typeof config.secret !== 'string' || config.secret.length === 0) {
      throw new Error('admin auth: secret is empty');
    }
    const secret = config.secret;
    return async (req) => {
      const token = bearerToken(req);
      if (token === null) return 'unauthorized';
      return (await constantTimeEqual(token, secret)) ? 'ok' : 'unauthorized';
    };
  }
  const jwt = config.jwt;
  const { key, algorithms } = keySource(jwt);
  const options = verifyOptions(jwt, algorithms);
  return async (req) => {
    const token = bearerToken(req);
    if (token === null) return 'unauthorized';
    try {
      const { payload } =
        typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return claimMatches(payload[jwt.requiredClaim.name], jwt.requiredClaim.value) ? 'ok' : 'forbidden';
    } catch (err) {
      if (err instanceof errors.JOSEError) {
        if (!KEY_SOURCE_ERRORS.has(err.code)) return 'unauthorized';
        console.error(`plasma admin: the JWKS could not be used (${err.code})`);
        return 'unavailable';
      }
      // Only a remote key set can fail for reasons outside the token (network, DNS).
      if (jwt.jwksUrl === undefined) return 'unauthorized';
      console.error('plasma admin: the JWKS could not be fetched', err);
      return 'unavailable';
    }
  };
}
