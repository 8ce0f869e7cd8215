import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from './hash.ts';
import { makeEvent, NOW_SEC, T0 } from './testFixtures.ts';
import type { Verifier } from './types.ts';
import { verifyEvents } from './verifyEvents.ts';
import { createTokenVerifier, mapJoseError, verifyToken } from './verifyToken.ts';

const SECRET = 'test-only-hs256-secret-0123456789';
const hsKey = new TextEncoder().encode(SECRET);

function hs(claims: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(hsKey);
}

const claims = { sub: 'alice', iss: 'https://id.example', aud: 'plasma-app', iat: NOW_SEC, exp: NOW_SEC + 600 };
const at = T0 + 1000;

describe('verifyToken with an HS256 secret', () => {
  const hsVerifier: Verifier = { kind: 'hs256', secret: SECRET };
  it.each([
    ['valid', claims, {}, hsVerifier, { ok: true }],
    ['wrong secret', claims, {}, { kind: 'hs256', secret: 'another-secret' }, { ok: false, code: 'bad-signature' }],
    ['empty secret', claims, {}, { kind: 'hs256', secret: '' }, { ok: false, code: 'no-key' }],
    ['expired', { ...claims, exp: NOW_SEC - 5 }, {}, hsVerifier, { ok: false, code: 'expired' }],
    ['not yet valid', { ...claims, nbf: NOW_SEC + 60 }, {}, hsVerifier, { ok: false, code: 'not-yet-valid' }],
    ['wrong issuer', claims, { issuer: 'https://other' }, hsVerifier, { ok: false, code: 'wrong-issuer' }],
    ['wrong audience', claims, { audience: 'other-app' }, hsVerifier, { ok: false, code: 'wrong-audience' }],
    [
      'right issuer and audience',
      claims,
      { issuer: 'https://id.example', audience: 'plasma-app' },
      hsVerifier,
      { ok: true },
    ],
    ['non-numeric iat', { ...claims, iat: 'yesterday' }, {}, hsVerifier, { ok: false, code: 'malformed' }],
  ] as const)('%s', async (_name, c, expect_, verifier, result) => {
    const token = await hs(c);
    expect(await verifyToken(token, verifier as Verifier, { ...expect_, at })).toMatchObject(result);
  });

  it('accepts HS512 with the same secret and reports malformed or missing tokens', async () => {
    expect(await verifyToken(await hs(claims, 'HS512'), hsVerifier, { at })).toEqual({ ok: true });
    expect(await verifyToken('not-a-jwt', hsVerifier, { at })).toMatchObject({ ok: false, code: 'malformed' });
    expect(await verifyToken(undefined, hsVerifier)).toMatchObject({ ok: false, code: 'malformed' });
  });
});

describe('verifyToken with a JWKS', () => {
  let es: string;
  let jwks: { keys: object[] };
  let server: Server;
  let url: string;
  let hits = 0;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
    es = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies against a pasted JWKS and a single pasted JWK', async () => {
    expect(await verifyToken(es, { kind: 'jwks', jwks }, { at })).toEqual({ ok: true });
    expect(await verifyToken(es, { kind: 'jwks', jwks: jwks.keys[0]! }, { at })).toEqual({ ok: true });
  });

  it('reports a key mismatch, an HS token against a JWKS and a broken JWKS', async () => {
    const other = await generateKeyPair('ES256');
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(other.privateKey);
    expect(await verifyToken(foreign, { kind: 'jwks', jwks }, { at })).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
    const unknownKid = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k9' }).sign(other.privateKey);
    expect(await verifyToken(unknownKid, { kind: 'jwks', jwks }, { at })).toMatchObject({ ok: false, code: 'no-key' });
    expect(await verifyToken(await hs(claims), { kind: 'jwks', jwks }, { at })).toMatchObject({
      ok: false,
      code: 'no-key',
    });
    expect(await verifyToken(es, { kind: 'jwks', jwks: { nope: 1 } }, { at })).toMatchObject({
      ok: false,
      code: 'error',
    });
  });

  it('fetches a remote JWKS once per verifier', async () => {
    const verifier = createTokenVerifier();
    hits = 0;
    expect(await verifier.verify(es, { kind: 'remote-jwks', url }, { at })).toEqual({ ok: true });
    expect(await verifier.verify(es, { kind: 'remote-jwks', url }, { at })).toEqual({ ok: true });
    expect(hits).toBe(1);
    expect(await verifier.verify(es, { kind: 'remote-jwks', url: 'not a url' }, { at })).toMatchObject({
      ok: false,
      code: 'error',
    });
    verifier.dispose();
  });

  it('verifyEvents verifies each distinct token once, keyed by hash, at its first use', async () => {
    const expired = await hs({ ...claims, exp: NOW_SEC + 5 });
    const good = await hs(claims);
    const events = [
      makeEvent({ id: 'a', bearer: good }),
      makeEvent({ id: 'b', bearer: good, startedAt: T0 + 1 }),
      makeEvent({ id: 'c', bearer: expired, startedAt: T0 + 2 }),
      makeEvent({ id: 'd' }),
    ];
    const results = await verifyEvents(events, { kind: 'hs256', secret: SECRET });
    expect(results.size).toBe(2);
    expect(results.get(tokenHash(good))).toEqual({ ok: true });
    expect(results.get(tokenHash(expired))).toEqual({ ok: true });
  });
});

describe('mapJoseError', () => {
  it.each([
    [{ code: 'ERR_JWKS_TIMEOUT', message: 'timed out' }, 'error'],
    [{ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'sub' }, 'malformed'],
    [{ code: 'ERR_JOSE_NOT_SUPPORTED' }, 'no-key'],
    [null, 'error'],
    ['boom', 'error'],
  ])('%j → %s', (err, code) => {
    expect(mapJoseError(err)).toMatchObject({ ok: false, code });
  });
});
