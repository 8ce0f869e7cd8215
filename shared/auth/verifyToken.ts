// Checks a token's signature and claims with jose against a key the user pasted into the panel.
// Keys live only in the verifier object the caller holds; nothing is stored or sent anywhere,
// except that a remote JWKS URL is fetched (once per URL per verifier, then cached by jose).

import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Expectations, Verifier, VerifyCode, VerifyResult } from './types.ts';
import { isRecord } from '../guards.ts';

export interface VerifyOptions extends Expectations {
  /** Judge exp/nbf at this instant (unix ms), e.g. the request start; defaults to now. */
  at?: number;
}

export interface TokenVerifier {
  verify(token: string | undefined, verifier: Verifier, expect?: VerifyOptions): Promise<VerifyResult>;
  dispose(): void;
}

const HMAC_ALGS = ['HS256', 'HS384', 'HS512'];

export function createTokenVerifier(): TokenVerifier {
  const remotes = new Map<string, JWTVerifyGetKey>();

  function keyFor(verifier: Verifier): Uint8Array | JWTVerifyGetKey | VerifyResult {
    switch (verifier.kind) {
      case 'hs256':
        if (typeof verifier.secret !== 'string' || verifier.secret === '')
          return fail('no-key', 'No HS256 secret was given.');
        return new TextEncoder().encode(verifier.secret);
      case 'jwks': {
        const jwks = verifier.jwks;
        // A single pasted JWK is accepted as a one-key set. jose checks each key's fields itself
        // (a bad set throws, and verify() reports it), so the pasted object is handed over as is.
        const set = 'kty' in jwks ? { keys: [jwks] } : jwks;
        return createLocalJWKSet(set as Parameters<typeof createLocalJWKSet>[0]);
      }
      case 'remote-jwks': {
        let getKey = remotes.get(verifier.url);
        if (!getKey) {
          getKey = createRemoteJWKSet(new URL(verifier.url));
          remotes.set(verifier.url, getKey);
        }
        return getKey;
      }
      default:
        return fail('error', 'Unknown verifier kind.');
    }
  }

  async function verify(
    token: string | undefined,
    verifier: Verifier,
    expect: VerifyOptions = {},
  ): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.trim() === '') return fail('malformed', 'No token to verify.');
    try {
      const key = keyFor(verifier);
      if (isResult(key)) return key;
      const options = {
        issuer: expect.issuer || undefined,
        audience: expect.audience || undefined,
        currentDate: typeof expect.at === 'number' && Number.isFinite(expect.at) ? new Date(expect.at) : undefined,
        algorithms: verifier.kind === 'hs256' ? HMAC_ALGS : undefined,
      };
      if (key instanceof Uint8Array) await jwtVerify(token.trim(), key, options);
      else await jwtVerify(token.trim(), key, options);
      return { ok: true };
    } catch (e) {
      return mapJoseError(e);
    }
  }

  return { verify, dispose: () => remotes.clear() };
}

/** One-off verification; keep a createTokenVerifier() around to reuse remote JWKS fetches. */
export function verifyToken(
  token: string | undefined,
  verifier: Verifier,
  expect?: VerifyOptions,
): Promise<VerifyResult> {
  return createTokenVerifier().verify(token, verifier, expect);
}

export function mapJoseError(e: unknown): VerifyResult {
  const err: Record<string, unknown> = isRecord(e) ? e : {};
  const message = typeof err.message === 'string' ? err.message : 'verification failed';
  switch (err.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return fail('bad-signature', 'The signature does not match the key.');
    case 'ERR_JWT_EXPIRED':
      return fail('expired', message);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (err.claim === 'nbf') return fail('not-yet-valid', message);
      if (err.claim === 'iss') return fail('wrong-issuer', message);
      if (err.claim === 'aud') return fail('wrong-audience', message);
      return fail('malformed', message);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return fail('malformed', message);
    case 'ERR_JOSE_NOT_SUPPORTED':
      // An HS token against a JWKS, or alg "none": no key given can check it.
      return fail('no-key', `The token's algorithm cannot be checked with this key: ${message}`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return fail('no-key', 'No key in the JWKS matches the token (kid/alg).');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return fail('no-key', `The token's algorithm does not fit the key given: ${message}`);
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return fail('error', `The JWKS is not valid: ${message}`);
    default:
      return fail('error', message);
  }
}

function fail(code: VerifyCode, message: string): VerifyResult {
  return { ok: false, code, message };
}

function isResult(v: unknown): v is VerifyResult {
  return typeof v === 'object' && v !== null && 'ok' in v;
}
