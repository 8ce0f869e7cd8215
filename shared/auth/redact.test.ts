import { describe, expect, it } from 'vitest';
import { harEntry, PULL_QUERY, pullResponseBody, pushBody } from '../sync/fixtures.ts';
import { parseEntry } from '../sync/index.ts';
import type { SyncEvent } from '../sync/types.ts';
import { exportBundle, importBundle, INCIDENT_BUNDLE_VERSION, type HarBundle } from './bundle.ts';
import { computeFindings } from './findings.ts';
import { tokenHash } from './hash.ts';
import { headerRule, keyRule, redactUrl } from './redact.ts';
import { createMarker, createScrub } from './scrub.ts';
import { fakeJwt, goodClaims } from './testFixtures.ts';
import type { Finding } from './types.ts';

const JWT = fakeJwt(goodClaims());

/** One secret of each kind the review planted; none may reach the bundle. */
const PLANTED = {
  bearer: JWT,
  headerSession: 'hdr-session-4411',
  headerAuthentication: 'hdr-authn-5522',
  headerAccessKey: 'hdr-xak-6633',
  queryAuth: 'qry-auth-7744',
  queryKey: 'qry-key-8855',
  querySig: 'qry-sig-9966',
  queryCode: 'qry-code-1077',
  argSessionId: 'arg-sessid-2188',
  argAuth: 'arg-auth-3299',
  argCredential: 'arg-cred-4300',
  argPrivateKey: 'arg-pk-5411',
  argSid: 'arg-sid-6522',
  argJwt: 'opaque-jwt-7633',
  argPassword: 'Summer2024!',
  bodyBearer: 'k9Zq',
  cookieLong: 'ck-long-session-8744',
  cookieShort: 'Zx81',
  setCookie: 'set-ck-value-9855',
  responseEcho: 'echoed-token-1966',
} as const;

function plantedEvents(): SyncEvent[] {
  const p = PLANTED;
  const push = parseEntry(
    harEntry({
      method: 'POST',
      url: `https://app.test/t/${p.cookieShort}/sync/push?auth=${p.queryAuth}&key=${p.queryKey}&sig=${p.querySig}&code=${p.queryCode}&clientID=client-1`,
      requestHeaders: [
        { name: 'Authorization', value: `Bearer ${p.bearer}` },
        { name: 'session', value: p.headerSession },
        { name: 'Authentication', value: p.headerAuthentication },
        { name: 'x-access-key', value: p.headerAccessKey },
        { name: 'cookie', value: `sid=${p.cookieShort}; session=${p.cookieLong}; theme=dark` },
        { name: 'x-client', value: 'client-1' },
      ],
      body: pushBody({
        mutations: [
          {
            id: 1,
            name: 'signIn',
            args: {
              sessionId: p.argSessionId,
              auth: p.argAuth,
              credential: p.argCredential,
              privateKey: p.argPrivateKey,
              sid: p.argSid,
              jwt: p.argJwt,
              title: 'keep me',
            },
            timestamp: 1,
          },
          {
            id: 2,
            name: 'changePassword',
            args: { password: p.argPassword, note: `use Bearer ${p.bodyBearer} next time` },
            timestamp: 2,
          },
        ],
      }),
      status: 200,
      responseHeaders: [{ name: 'set-cookie', value: `session=${p.setCookie}; Path=/; HttpOnly; SameSite=Lax` }],
      response: { ok: true },
      startedDateTime: '2025-01-02T03:04:05.000Z',
    }),
    'push1',
  )!;
  const pull = parseEntry(
    harEntry({
      url: `https://app.test/sync/pull${PULL_QUERY}`,
      requestHeaders: [{ name: 'Authorization', value: `Bearer ${p.bearer}` }],
      status: 401,
      response: `{"error":"unauthorized","reason":"token ${p.responseEcho} refused","details":{"token":"${p.responseEcho}","signInUrl":"javascript:alert(1)"}}`,
      startedDateTime: '2025-01-02T03:04:06.000Z',
    }),
    'pull1',
  )!;
  const pull2 = parseEntry(
    harEntry({
      url: `https://app.test/sync/pull${PULL_QUERY}`,
      response: pullResponseBody({
        patch: [
          {
            op: 'put',
            table: 'users',
            id: 'u1',
            value: { id: 'u1', name: 'Ann', apiToken: 'row-secret-2077' },
            rowVersion: 5,
          },
        ],
      }),
      startedDateTime: '2025-01-02T03:04:07.000Z',
    }),
    'pull2',
  )!;
  return [push, pull, pull2];
}

describe('the allow-list', () => {
  it.each([
    ['content-type', 'keep'],
    ['x-client', 'keep'],
    ['referer', 'url'],
    ['authorization', 'authorization'],
    ['cookie', 'cookie'],
    ['session', 'redact'],
    ['authentication', 'redact'],
    ['x-access-key', 'redact'],
    ['x-user', 'redact'],
    ['x-anything-new', 'redact'],
  ])('header %s: %s', (name, rule) => expect(headerRule(name)).toBe(rule));
  it.each([
    ['sessionId', 'secret'],
    ['auth', 'secret'],
    ['credential', 'secret'],
    ['privateKey', 'secret'],
    ['sid', 'secret'],
    ['jwt', 'secret'],
    ['x-access-key', 'secret'],
    ['refresh_token', 'secret'],
    ['password', 'password'],
    ['newPassword', 'password'],
    ['cookie', 'cookie'],
    ['author', 'keep'],
    ['authorId', 'keep'],
    ['title', 'keep'],
    ['countryCode', 'keep'],
    ['resetCode', 'secret'],
    ['id', 'keep'],
  ])('key %s: %s', (key, rule) => expect(keyRule(key)).toBe(rule));
  it('a URL keeps plasma query fields and redacts the rest, the fragment and userinfo', () => {
    const marker = createMarker();
    const ctx = { marker, scrub: createScrub([], marker) };
    const out = redactUrl(
      'https://u:pw@app.test/sync/pull?clientID=c1&cookie=c1%3Aabc&auth=xyz&flag#access_token=abc',
      ctx,
    );
    expect(out).toMatch(
      /^https:\/\/<redacted>@app\.test\/sync\/pull\?clientID=c1&cookie=c1%3Aabc&auth=<redacted:.+>&flag#<redacted:.+>$/,
    );
    expect(out).not.toContain('xyz');
    expect(out).not.toContain('pw');
  });
});

describe('createScrub', () => {
  it('finds each of thousands of secrets that share a prefix, longest first; short ones only as whole words', () => {
    const marker = createMarker();
    const tokens = Array.from({ length: 5000 }, (_, i) => fakeJwt(goodClaims({ jti: `j${i}` })));
    const scrub = createScrub([...tokens, 'Zx81', tokens[7]!.slice(0, 30)], marker);
    const out = scrub(`a ${tokens[4321]} b ${tokens[7]} c Zx81 dZx81e Zx81-x`);
    expect(out).toBe(
      `a ${marker.mark(tokens[4321]!)} b ${marker.mark(tokens[7]!)} c ${marker.mark('Zx81')} dZx81e ${marker.mark('Zx81')}-x`,
    );
  });
});

describe('export', () => {
  it('plants one secret of each kind in headers, query, bodies, args and cookies: none reaches the bundle', async () => {
    const text = JSON.stringify(await exportBundle(plantedEvents(), { createdAt: 1 }));
    for (const [kind, secret] of Object.entries(PLANTED)) expect(text, kind).not.toContain(secret);
    expect(text).not.toContain(JWT.split('.')[2]!);
    expect(text).toContain('keep me'); // app data that is not secret stays
    expect(text).toContain('"clientGroupID":"group-1"');
  });

  it('password-like and cookie values become a bare <redacted>; tokens a keyed marker that matches within the bundle', async () => {
    const bundle = await exportBundle(plantedEvents(), { createdAt: 1 });
    const [push, pull] = bundle.log.entries;
    const sent = JSON.parse(push!.request.postData!.text) as { mutations: { args: Record<string, unknown> }[] };
    const args = sent.mutations[1]!.args;
    expect(args.password).toBe('<redacted>');
    expect(push!.request.headers.find((h) => h.name === 'cookie')?.value).toBe(
      'sid=<redacted>; session=<redacted>; theme=<redacted>',
    );
    const auth = (e: typeof push) => e!.request.headers.find((h) => h.name === 'Authorization')!.value;
    expect(auth(push)).toMatch(/^Bearer <redacted:[0-9a-f]{16}>$/);
    expect(auth(push)).toBe(auth(pull)); // the same token, the same marker
    const keyed = auth(push).slice('Bearer <redacted:'.length, -1);
    expect(bundle.log._plasma.ledger.map((e) => e.token.hash)).toEqual([keyed, keyed, null]);
  });

  it('hashes are keyed per export: not the unkeyed hash, and another export gives other markers', async () => {
    const a = JSON.stringify(await exportBundle(plantedEvents(), { createdAt: 1 }));
    const b = JSON.stringify(await exportBundle(plantedEvents(), { createdAt: 1 }));
    for (const secret of Object.values(PLANTED)) expect(a).not.toContain(tokenHash(secret));
    const markers = (t: string) => [...t.matchAll(/<redacted:([0-9a-f]{16})>/g)].map((m) => m[1]);
    expect(markers(a).length).toBeGreaterThan(10);
    expect(markers(a).filter((m) => markers(b).includes(m))).toEqual([]);
  });

  it('can leave mutation args and row values out entirely', async () => {
    const bundle = await exportBundle(plantedEvents(), {
      createdAt: 1,
      omitValues: true,
      verdicts: {
        mutations: [{ key: 'c#1', args: { title: 'keep me' } }],
        rows: [{ key: 'u/1', visible: { name: 'Ann' }, base: null }],
      },
    });
    const text = JSON.stringify(bundle);
    expect(text).not.toContain('keep me');
    expect(text).not.toContain('Ann');
    const sent = JSON.parse(bundle.log.entries[0]!.request.postData!.text) as { mutations: { args: unknown }[] };
    expect(sent.mutations[0]!.args).toBe('<omitted>');
    expect(bundle.log._plasma.valuesOmitted).toBe(true);
  });

  it('scrubs secrets the caller names (admin credential, pasted key) from every string', async () => {
    const events = plantedEvents();
    (events[1]!.errorBody as { state: 'ok'; value: { reason: string } }).value.reason = 'admin-secret-token was wrong';
    expect(JSON.stringify(await exportBundle(events, { secrets: ['admin-secret-token'] }))).not.toContain(
      'admin-secret-token',
    );
  });
});

describe('HAR 1.2', () => {
  const required = (o: Record<string, unknown>, keys: string[]) => keys.forEach((k) => expect(o, k).toHaveProperty(k));
  it('has every field HAR 1.2 requires, and custom fields only with a leading _', async () => {
    const bundle = JSON.parse(JSON.stringify(await exportBundle(plantedEvents()))) as HarBundle;
    expect(Object.keys(bundle)).toEqual(['log']);
    required(bundle.log, ['version', 'creator', 'entries']);
    expect(bundle.log.version).toBe('1.2');
    for (const k of Object.keys(bundle.log))
      expect(['version', 'creator', 'browser', 'pages', 'entries', 'comment'].includes(k) || k.startsWith('_'), k).toBe(
        true,
      );
    for (const e of bundle.log.entries) {
      required(e as never, ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings']);
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
      required(e.request, [
        'method',
        'url',
        'httpVersion',
        'cookies',
        'headers',
        'queryString',
        'headersSize',
        'bodySize',
      ]);
      required(e.response, [
        'status',
        'statusText',
        'httpVersion',
        'cookies',
        'headers',
        'content',
        'redirectURL',
        'headersSize',
        'bodySize',
      ]);
      required(e.response.content, ['size', 'mimeType']);
      required(e.timings, ['send', 'wait', 'receive']);
      for (const k of Object.keys(e))
        expect(
          [
            'startedDateTime',
            'time',
            'request',
            'response',
            'cache',
            'timings',
            'pageref',
            'serverIPAddress',
            'connection',
            'comment',
          ].includes(k) || k.startsWith('_'),
          k,
        ).toBe(true);
    }
  });
});

describe('import', () => {
  it('restores the events, the ledger and the findings; a link passes the same safeLink as a live one', async () => {
    const events = plantedEvents();
    const findings: Finding[] = [
      ...computeFindings(events),
      {
        id: 'x',
        code: 'expired',
        severity: 'error',
        title: 't',
        cause: 'c',
        fix: 'f',
        requestIds: ['pull1'],
        link: 'javascript:alert(1)',
      },
    ];
    const bundle: unknown = JSON.parse(JSON.stringify(await exportBundle(events, { findings })));
    const got = importBundle(bundle);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.bundle.version).toBe(INCIDENT_BUNDLE_VERSION);
    expect(got.bundle.events.map((e) => [e.id, e.kind, e.status, e.credential.kind])).toEqual([
      ['push1', 'push', 200, 'bearer'],
      ['pull1', 'pull', 401, 'bearer'],
      ['pull2', 'pull', 200, 'none'],
    ]);
    expect(got.bundle.events.every((e) => e.credential.token === undefined)).toBe(true);
    expect(got.bundle.findings.map((f) => f.code)).toEqual(findings.map((f) => f.code));
    expect(got.bundle.findings.at(-1)!.link).toBeUndefined();
    expect(got.bundle.ledger).toHaveLength(3);
  });

  it.each([
    ['not HAR', { hello: 1 }, /not a HAR file/],
    ['a HAR from elsewhere', { log: { version: '1.2', entries: [] } }, /not exported by Plasma DevTools/],
    [
      'another version',
      { log: { version: '1.2', entries: [], _plasma: { format: 'plasma-devtools-incident', version: 1 } } },
      /version 1/,
    ],
  ])('refuses %s', (_n, value, reason) => {
    expect(importBundle(value)).toEqual({ ok: false, reason: expect.stringMatching(reason) as unknown });
  });

  it('refuses an entry that still holds a raw token in its credential', async () => {
    const bundle = JSON.parse(JSON.stringify(await exportBundle(plantedEvents()))) as {
      log: { entries: { _plasma: { credential: { token: string } } }[] };
    };
    bundle.log.entries[0]!._plasma.credential.token = JWT;
    expect(importBundle(bundle).ok).toBe(false);
  });
});
