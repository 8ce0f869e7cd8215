import { describe, expect, it } from 'vitest';
import { computeFindings } from './findings.ts';
import { harEntry } from '../sync/fixtures.ts';
import { parseEntry } from '../sync/index.ts';
import { tokenHash } from './hash.ts';
import { fakeJwt, goodClaims, makeEvent, series, T0 } from './testFixtures.ts';

const token = fakeJwt(goodClaims());

describe('computeFindings', () => {
  it('healthy traffic gives no findings', () => {
    const events = [
      ...series(20, (i) => ({ bearer: token, kind: i % 3 === 0 ? 'push' : 'pull' })),
      makeEvent({
        id: 'c1',
        cookie: 'session=abc',
        startedAt: T0 + 30_000,
        setCookie: ['session=abc; Path=/; Secure; HttpOnly; SameSite=Lax'],
      }),
    ];
    expect(computeFindings(events)).toEqual([]);
    expect(computeFindings([])).toEqual([]);
  });

  it('groups 50 identical 401s into one finding listing every request', () => {
    const events = series(50, { status: 401 }).reverse();
    const findings = computeFindings(events);
    const denial = findings.find((f) => f.code === 'no-credentials');
    expect(denial?.requestIds).toEqual(Array.from({ length: 50 }, (_, i) => `r${i + 1}`));
    expect(denial?.title).toMatch(/\(50 requests\)/);
    expect(findings.filter((f) => f.code === 'no-credentials')).toHaveLength(1);
    expect(findings.map((f) => f.code)).toContain('stuck-unauthenticated');
  });

  it('keeps different causes apart and sorts by severity, then first request', () => {
    const expired = fakeJwt(goodClaims({ exp: T0 / 1000 - 60 }));
    const events = [
      makeEvent({ id: 'near', bearer: fakeJwt(goodClaims({ exp: T0 / 1000 + 10 })), startedAt: T0 }),
      makeEvent({ id: 'exp', bearer: expired, status: 401, startedAt: T0 + 1000 }),
      makeEvent({ id: 'anon', status: 401, startedAt: T0 + 2000 }),
      makeEvent({
        id: 'role',
        bearer: token,
        status: 403,
        startedAt: T0 + 3000,
        body: { details: { requiredRole: 'admin' } },
      }),
    ];
    const findings = computeFindings(events);
    expect(findings.map((f) => [f.code, f.severity, f.requestIds])).toEqual([
      ['expired', 'error', ['exp']],
      ['no-credentials', 'error', ['anon']],
      ['forbidden-role', 'error', ['role']],
      ['near-expiry', 'warning', ['near']],
    ]);
  });

  it('ids are stable across recomputation and when later events arrive', () => {
    const first = series(3, { status: 401 });
    const before = computeFindings(first).map((f) => f.id);
    const after = computeFindings([
      ...first,
      ...series(2, { status: 500 }).map((e, i) => ({ ...e, id: `x${i}`, startedAt: T0 + 10_000 })),
    ]);
    expect(computeFindings(first).map((f) => f.id)).toEqual(before);
    expect(after.map((f) => f.id)).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(before.length);
    expect(new Set(before).size).toBe(before.length);
  });

  it.each([
    [
      'schema mismatch',
      { status: 409, kind: 'push' as const, body: { error: 'schema mismatch', expected: '7' } },
      'schema-mismatch',
      /runs schema "7"; the client sent "1"/,
    ],
    [
      'too many mutations',
      { status: 413, kind: 'push' as const, body: { error: 'too many mutations', max: 200 } },
      'too-many-mutations',
      /at most 200 per push/,
    ],
    [
      'payload too large',
      { status: 413, kind: 'push' as const, body: { error: 'payload too large', max: 1048576 } },
      'payload-too-large',
      /limit 1048576 bytes/,
    ],
    ['413 without a body', { status: 413, kind: 'push' as const }, 'payload-too-large', /too large/],
  ])('%s', (_name, o, code, text) => {
    const findings = computeFindings(series(3, { bearer: token, ...o }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code, severity: 'error', requestIds: ['r1', 'r2', 'r3'] });
    expect(findings[0]!.cause).toMatch(text);
  });

  it('warns about SameSite=None auth cookies, and errors without Secure', () => {
    const seen = [
      {
        url: 'https://api.app.test/login',
        startedAt: T0 - 1,
        setCookies: ['session=a; Secure; SameSite=None', 'theme=dark; SameSite=None'],
      },
      { url: 'https://api.app.test/login2', startedAt: T0 - 1, setCookies: ['auth=b; SameSite=None'] },
    ];
    const findings = computeFindings(series(2, { cookie: 'session=a' }), { seen });
    expect(findings.map((f) => [f.code, f.severity, f.requestIds])).toEqual([
      ['samesite-none-auth-cookie', 'error', []],
      ['samesite-none-auth-cookie', 'warning', ['r1', 'r2']],
    ]);
  });

  it('passes the sign-in link and verification results through', () => {
    const events = [
      makeEvent({ status: 401, bearer: token, body: { details: { signInUrl: 'https://id.example/login' } } }),
    ];
    const [finding] = computeFindings(events, {
      verifications: new Map([[tokenHash(token), { ok: false, code: 'bad-signature', message: 'x' }]]),
    });
    expect(finding).toMatchObject({ code: 'bad-signature', link: 'https://id.example/login' });
  });
});

describe('grouping keeps the most detailed text', () => {
  it('a 409 whose body has not arrived joins the finding of one that names the version', () => {
    const url = 'https://app.test/sync/pull?clientGroupID=g&clientID=c&schemaVersion=2&protocolVersion=1';
    const pending = parseEntry(harEntry({ url, status: 409, startedDateTime: '2025-01-02T03:04:05.000Z' }), 'a');
    const named = parseEntry(
      harEntry({
        url,
        status: 409,
        startedDateTime: '2025-01-02T03:04:06.000Z',
        response: { error: 'schema mismatch', expected: '3' },
      }),
      'b',
    );
    const found = computeFindings([pending!, named!]).filter((f) => f.code === 'schema-mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]!.cause).toBe('The server runs schema "3"; the client sent "2".');
    expect(found[0]!.requestIds).toEqual(['a', 'b']);
    const alone = computeFindings([pending!]).filter((f) => f.code === 'schema-mismatch');
    expect(alone[0]!.id).toBe(found[0]!.id);
  });
});
