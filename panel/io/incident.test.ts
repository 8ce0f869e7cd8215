import { describe, expect, it } from 'vitest';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { harEntry, PULL_QUERY, pushBody } from '../../shared/sync/fixtures.ts';
import { applyMessage } from '../store/applyMessage.ts';
import { createStore } from '../store/store.ts';
import { exportBundleJson, importBundleText } from './incident.ts';
import type { HarBundle } from '../../shared/auth/bundle.ts';
import { createSecret } from '../../shared/admin/index.ts';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const TOKEN = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice', exp: 1_700_000_000, aud: 'app' })}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg`;
const SECRET = 'a-pasted-hs256-secret-value';

function capturedStore() {
  const store = createStore();
  const entry = harEntry({
    url: `https://app.test/sync/pull${PULL_QUERY}`,
    status: 401,
    startedDateTime: '2025-01-02T03:04:05.000Z',
    requestHeaders: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
  });
  applyMessage(store, { type: 'requestFinished', id: 'r1', entry, recovered: false });
  applyMessage(store, {
    type: 'responseBody',
    id: 'r1',
    body: JSON.stringify({ error: 'unauthorized', echoed: TOKEN }),
  });
  applyMessage(store, { type: 'setVerifier', verifier: { kind: 'hs256', secret: SECRET } });
  return store;
}

describe('incident export and import', () => {
  it('exports no token, no pasted secret and no admin credential, and keeps the claims and findings', async () => {
    const store = capturedStore();
    const ADMIN = 'the-admin-credential-value';
    // Even a page that echoed the admin credential in a body does not leak it into the bundle.
    applyMessage(store, {
      type: 'responseBody',
      id: 'r1',
      body: JSON.stringify({ error: 'unauthorized', echoed: TOKEN, details: { admin: ADMIN } }),
    });
    applyMessage(store, {
      type: 'adminSettings',
      baseUrl: 'https://app.test/sync/admin',
      credential: createSecret(ADMIN, 'https://app.test/sync/admin'),
      persist: false,
    });
    const json = await exportBundleJson(store);
    expect(json).not.toContain(ADMIN);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain(TOKEN.split('.')[2]!);
    expect(json).not.toContain(SECRET);
    const bundle = JSON.parse(json) as HarBundle;
    expect(bundle.log.version).toBe('1.2');
    expect(bundle.log.entries).toHaveLength(1);
    expect(bundle.log._plasma.ledger[0]?.token.sub).toBe('alice');
    expect(bundle.log._plasma.findings.map((f) => f.code)).toContain('expired');
  });

  it('imports a bundle into another panel with its recorded ledger and findings', async () => {
    const json = await exportBundleJson(capturedStore());
    const other = createStore();
    importBundleText(json, (m) => applyMessage(other, m));
    expect(other.imported.value).not.toBeNull();
    expect(other.rows.value.map((r) => [r.status, r.event?.kind])).toEqual([[401, 'pull']]);
    expect(other.analysis.findings.value.map((f) => f.code)).toContain('expired');
    expect(other.analysis.ledgerById.value.get('r1')?.token.sub).toBe('alice');
    applyMessage(other, { type: 'leaveImport' });
    expect(other.rows.value).toEqual([]);
  });

  it.each([
    ['not JSON', '{nope', 'not JSON'],
    ['another JSON file', '{"hello":1}', 'not a HAR file'],
    ['a bundle that still holds a raw token', 'TAMPERED', 'still holds a raw token'],
  ])('refuses %s with a clear message and keeps what was captured', async (_label, text, message) => {
    const store = capturedStore();
    let input = text;
    if (text === 'TAMPERED') {
      const bundle = JSON.parse(await exportBundleJson(store)) as HarBundle;
      bundle.log.entries[0]!._plasma.credential.token = TOKEN;
      input = JSON.stringify(bundle);
    }
    const got: CaptureMessage[] = [];
    importBundleText(input, (m) => {
      got.push(m);
      applyMessage(store, m);
    });
    expect(got[0]?.type).toBe('importFailed');
    expect(store.importError.value).toContain(message);
    expect(store.rows.value).toHaveLength(1);
    expect(store.imported.value).toBeNull();
  });

  it('the "without data" choice leaves mutation args out of the file; by default they are kept, redacted', async () => {
    const store = capturedStore();
    const push = harEntry({
      method: 'POST',
      url: 'https://app.test/sync/push',
      startedDateTime: '2025-01-02T03:04:06.000Z',
      body: pushBody({
        mutations: [
          { id: 1, name: 'createTodo', args: { title: 'launch plan', password: 'Summer2024!' }, timestamp: 1 },
        ],
      }),
      response: { ok: true },
    });
    applyMessage(store, { type: 'requestFinished', id: 'r2', entry: push, recovered: false });
    applyMessage(store, { type: 'responseBody', id: 'r2', body: '{"ok":true}' });
    const kept = await exportBundleJson(store);
    expect(kept).toContain('launch plan');
    expect(kept).not.toContain('Summer2024!');
    const omitted = await exportBundleJson(store, { omitValues: true });
    expect(omitted).not.toContain('launch plan');
    expect((JSON.parse(omitted) as HarBundle).log._plasma.valuesOmitted).toBe(true);
  });
});
