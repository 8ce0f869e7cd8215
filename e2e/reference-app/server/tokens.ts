// The demo's JWT keys: signs tokens for /dev/sign-in and verifies them for auth(), either HS256
// with env.JWT_SECRET or ES256 via a JWKS (env.AUTH_MODE === "jwks"). Built once per worker env.

import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';

export const ISSUER = 'plasma-demo';
export const AUDIENCE = 'plasma-demo-sync';
export const SESSION_COOKIE = 'plasma_session';

export interface TokenEnv {
  AUTH_MODE?: string;
  JWT_SECRET?: string;
  /** ES256 key pair as JWK JSON strings (jwks mode). */
  JWT_PRIVATE_JWK?: string;
  JWT_PUBLIC_JWK?: string;
}

export interface SignOptions {
  userId: string;
  role: string;
  ttlSeconds: number;
  notBeforeSeconds?: number;
  audience?: string;
  issuer?: string;
  /** OAuth-style space-separated scopes. */
  scope?: string;
}

export interface TokenService {
  mode: 'hs256' | 'jwks';
  /** Resolves the verified claims; rejects on any failure (signature, exp, nbf, iss, aud). `at`: the server's clock. */
  verify(token: string, at?: Date): Promise<JWTPayload>;
  sign(opts: SignOptions): Promise<{ token: string; claims: JWTPayload }>;
  /** The public key set served at /.well-known/jwks.json (jwks mode only). */
  publicJwks(): { keys: JWK[] } | undefined;
}

export function createTokenService(env: TokenEnv): TokenService {
  if (env.AUTH_MODE === 'jwks') {
    if (!env.JWT_PRIVATE_JWK || !env.JWT_PUBLIC_JWK)
      throw new Error('jwks mode needs JWT_PRIVATE_JWK and JWT_PUBLIC_JWK');
    const pub = { ...(JSON.parse(env.JWT_PUBLIC_JWK) as JWK), alg: 'ES256', use: 'sig' };
    const priv = JSON.parse(env.JWT_PRIVATE_JWK) as JWK;
    const keySet = createLocalJWKSet({ keys: [pub] });
    const signingKey = importJWK(priv, 'ES256');
    return {
      mode: 'jwks',
      verify: async (token, at) =>
        (
          await jwtVerify(token, keySet, {
            issuer: ISSUER,
            audience: AUDIENCE,
            algorithms: ['ES256'],
            ...(at ? { currentDate: at } : {}),
          })
        ).payload,
      sign: async (opts) => signWith(await signingKey, { alg: 'ES256', ...(pub.kid ? { kid: pub.kid } : {}) }, opts),
      publicJwks: () => ({ keys: [pub] }),
    };
  }
  if (!env.JWT_SECRET) throw new Error('JWT_SECRET is required');
  const secret = new TextEncoder().encode(env.JWT_SECRET);
  return {
    mode: 'hs256',
    verify: async (token, at) =>
      (
        await jwtVerify(token, secret, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          ...(at ? { currentDate: at } : {}),
        })
      ).payload,
    sign: (opts) => signWith(secret, { alg: 'HS256' }, opts),
    publicJwks: () => undefined,
  };
}

async function signWith(
  key: Parameters<SignJWT['sign']>[0],
  header: { alg: string; kid?: string },
  opts: SignOptions,
): Promise<{ token: string; claims: JWTPayload }> {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    sub: opts.userId,
    role: opts.role,
    iss: opts.issuer ?? ISSUER,
    aud: opts.audience ?? AUDIENCE,
    iat: now,
    exp: now + opts.ttlSeconds,
    ...(opts.notBeforeSeconds ? { nbf: now + opts.notBeforeSeconds } : {}),
    ...(opts.scope ? { scope: opts.scope } : {}),
  };
  const token = await new SignJWT(claims).setProtectedHeader({ ...header, typ: 'JWT' }).sign(key);
  return { token, claims };
}

/** The bearer token, else the session cookie; undefined when the request carries neither. */
export function tokenFrom(req: Request): string | undefined {
  const authz = req.headers.get('authorization');
  const bearer = authz?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  return cookieFrom(req, SESSION_COOKIE);
}

/** One cookie's value from the request's Cookie header. */
export function cookieFrom(req: Request, cookieName: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName && rest.length) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
