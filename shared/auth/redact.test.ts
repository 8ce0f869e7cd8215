import { describe, expect, it } from 'vitest';
import { INCIDENT_BUNDLE_VERSION, isIncidentBundle, redactBundle } from './bundle.ts';
import { tokenHash } from './hash.ts';
import { redactEvent } from './redact.ts';
import { fakeJwt, goodClaims, makeEvent, series } from './testFixtures.ts';

const token = fakeJwt(goodClaims());
const other = fakeJwt(goodClaims({ sub: 'bob' }));

describe('redactEvent', () => {
  const event = makeEvent({
    kind: 'push',
    bearer: token,
    url: `https://api.app.test/sync/push?access_token=${token}&x=1`,
    requestHeaders: [
      { name: 'authorization', value: `Bearer ${token}` },
      { name: 'cookie', value: 'session=s3cr3t-session-value; theme=dark' },
      { name: 'x-api-key', value: 'key-1234567890' },
      { name: 'x-client', value: 'c1' },
    ],
    responseHeaders: [{ name: 'set-cookie', value: 'session=n3w-session-value; Path=/; HttpOnly; SameSite=Lax' }],
    request: {
      state: 'ok',
      value: { protocolVersion: 1, schemaVersion: '1', clientGroupID: 'g1', clientID: 'c1', mutations: [
        { id: 1, name: 'share', args: { note: `see Bearer ${'x'.repeat(20)}`, nested: [other], apiToken: 'short-but-secret' }, timestamp: 1 },
      ] },
    },
    errorBody: { state: 'unparseable', reason: 'json', raw: `{"token":"opaque-token-value-123","echo":"${token}"}` },
  });
  const out = redactEvent(event);
  const text = JSON.stringify(out);

  it('replaces credentials by hashes and names', () => {
    const header = (name: string) => out.requestHeaders.find((h) => h.name === name)?.value;
    expect(header('authorization')).toBe(`Bearer <redacted:${tokenHash(token)}>`);
    expect(header('cookie')).toBe('session=<redacted>; theme=<redacted>');
    expect(header('x-api-key')).toMatch(/^<redacted:[0-9a-f]{16}>$/);
    expect(header('x-client')).toBe('c1');
    expect(out.responseHeaders[0]?.value).toBe('session=<redacted>; Path=/; HttpOnly; SameSite=Lax');
    expect(out.credential).toEqual({ kind: 'bearer', scheme: 'Bearer' });
  });

  it('leaves no secret anywhere, bodies and URL included', () => {
    for (const secret of [token, other, 's3cr3t-session-value', 'n3w-session-value', 'key-1234567890', 'x'.repeat(20), 'short-but-secret', 'opaque-token-value-123']) {
      expect(text).not.toContain(secret);
    }
    expect(out.url).toBe(`https://api.app.test/sync/push?access_token=<redacted:${tokenHash(token)}>&x=1`);
    expect(text).toContain('"clientGroupID":"g1"');
  });

  it('does not modify the input', () => {
    expect(event.credential.token).toBe(token);
  });
});

describe('incident bundle', () => {
  const refreshed = fakeJwt(goodClaims({ jti: 'second' }));
  const events = series(3, (i) => ({ bearer: i === 2 ? refreshed : token, status: i === 2 ? 401 : 200 }));
  const bundle = redactBundle(events, { createdAt: 1, secrets: ['admin-secret-token'] });

  it('carries claims and hashes, never a token, and round-trips through JSON', () => {
    const text = JSON.stringify(bundle);
    expect(text).not.toContain(token);
    expect(text).not.toContain(refreshed);
    expect(bundle.ledger[0]?.token).toMatchObject({ sub: 'alice', hash: tokenHash(token) });
    expect(bundle.findings.map((f) => f.code)).toEqual(['server-refused-valid-token']);
    expect(isIncidentBundle(JSON.parse(text))).toBe(true);
  });

  it('scrubs secrets the caller names (admin credentials) from every string', () => {
    const leaky = series(1, { body: { reason: 'admin-secret-token was wrong' }, status: 400 });
    expect(JSON.stringify(redactBundle(leaky, { secrets: ['admin-secret-token'] }))).not.toContain('admin-secret-token');
  });

  it.each([
    ['wrong version', { ...bundle, version: INCIDENT_BUNDLE_VERSION + 1 }],
    ['wrong format', { ...bundle, format: 'har' }],
    ['raw token left in an event', { ...bundle, events: [{ ...bundle.events[0], credential: { kind: 'bearer', token } }] }],
    ['bad finding', { ...bundle, findings: [{ id: 1 }] }],
    ['not an object', 'bundle'],
    ['null', null],
  ])('rejects %s', (_name, value) => {
    expect(isIncidentBundle(value)).toBe(false);
  });
});
