// The non-auth refusals that block the sync loop (409 schema, 413 too many mutations / too large) and
// SameSite=None session cookies, as computeFindings reports them.
import { describe, expect, it } from 'vitest';
import { computeFindings } from './findings.ts';
import { makeEvent, series, T0 } from './testFixtures.ts';
import type { SyncEvent } from '../sync/types.ts';

/** A push carrying `n` mutations. */
function pushWith(n: number, extra: Parameters<typeof makeEvent>[0] = {}): SyncEvent {
  const e = makeEvent({ kind: 'push', status: 413, ...extra });
  if (e.kind !== 'push' || e.request.state !== 'ok') throw new Error('not a push');
  const mutations = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'm', args: {}, timestamp: T0 }));
  return { ...e, request: { state: 'ok', value: { ...e.request.value, mutations } } };
}

const only = (events: SyncEvent[]) => {
  const found = computeFindings(events);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('409: schema mismatch', () => {
  it('without the server version or the sent one, says neither is known', () => {
    const e = makeEvent({ status: 409, body: { error: 'schema mismatch' } });
    if (e.request.state !== 'ok') throw new Error('no request');
    const noSchema = { ...e, request: { state: 'ok', value: { ...e.request.value, schemaVersion: undefined } } };
    expect(only([noSchema as SyncEvent]).cause).toBe(
      'The server runs schema (version not given); the client sent another version.',
    );
    expect(only([makeEvent({ status: 409 })]).cause).toBe(
      'The server runs schema (version not given); the client sent "1".',
    );
  });

  it('is an error titled as a schema mismatch, with the fix', () => {
    const f = only([makeEvent({ status: 409, body: { expected: '2' } })]);
    expect(f).toMatchObject({ code: 'schema-mismatch', severity: 'error', title: 'Schema version mismatch' });
    expect(f.fix).toMatch(/^Deploy the same defineSchema\(\) version/);
  });

  it('different sent versions are different findings', () => {
    const a = makeEvent({ id: 'a', status: 409 });
    const b = makeEvent({ id: 'b', status: 409, startedAt: T0 + 1 });
    if (b.request.state !== 'ok') throw new Error('no request');
    const b2 = { ...b, request: { state: 'ok', value: { ...b.request.value, schemaVersion: '9' } } } as SyncEvent;
    expect(computeFindings([a, b2]).map((f) => f.requestIds)).toEqual([['a'], ['b']]);
  });
});

describe('413: too many mutations or too large', () => {
  it('no error text: counts the mutations against the default limit of 200', () => {
    expect(only([pushWith(201)])).toMatchObject({
      code: 'too-many-mutations',
      title: 'Too many mutations in one push',
      cause: 'The push carried 201 mutations; the server accepts at most 200 per push.',
      fix: "Send at most 200 mutations per push (the client's batch size), or raise maxMutationsPerPush on the server.",
    });
    expect(only([pushWith(200)]).code).toBe('payload-too-large');
  });

  it('no error text: counts against the limit the body gives', () => {
    expect(only([pushWith(6, { body: { max: 5 } })])).toMatchObject({
      code: 'too-many-mutations',
      cause: 'The push carried 6 mutations; the server accepts at most 5 per push.',
    });
    expect(only([pushWith(5, { body: { max: 5 } })]).code).toBe('payload-too-large');
  });

  it('a non-finite limit is no limit', () => {
    expect(only([pushWith(201, { body: { max: Infinity } })]).cause).toBe(
      'The push carried 201 mutations; the server accepts at most 200 per push.',
    );
  });

  it('the error text decides, in any case, even with few mutations', () => {
    expect(only([pushWith(1, { body: { error: 'Too Many Mutations' } })]).cause).toBe(
      'The push carried 1 mutations; the server accepts at most 200 per push.',
    );
    expect(only([pushWith(500, { body: { error: 'request entity too large' } })]).code).toBe('payload-too-large');
  });

  it('a pull cannot carry mutations: "more", and too large names the kind and the limit', () => {
    expect(only([makeEvent({ status: 413, body: { error: 'too many' } })]).cause).toBe(
      'The push carried more mutations; the server accepts at most 200 per push.',
    );
    expect(only([makeEvent({ status: 413 })])).toMatchObject({
      code: 'payload-too-large',
      title: 'Push body too large',
      cause: 'The server refused the pull body as too large.',
      fix: 'Keep mutation args small: store large values as blobs and pass ids, or raise maxPayloadBytes on the server.',
    });
    expect(only([makeEvent({ status: 413, body: { max: 1024 } })]).cause).toBe(
      'The server refused the pull body as too large (limit 1024 bytes).',
    );
  });

  it('other statuses are none of these', () => {
    const codes = computeFindings(series(3, { status: 412 })).map((f) => f.code);
    expect(codes).not.toContain('payload-too-large');
    expect(codes).not.toContain('schema-mismatch');
  });
});

describe('SameSite=None session cookies', () => {
  const find = (seen: { url: string; setCookies: string[] }[], events = series(1, { cookie: 'session=a' })) =>
    computeFindings(events, { seen: seen.map((s) => ({ ...s, startedAt: T0 - 1 })) }).filter(
      (f) => f.code === 'samesite-none-auth-cookie',
    );

  it('names the cookie; with Secure a warning about CSRF, without it an error that Chrome drops it', () => {
    const [warning] = find([{ url: 'https://a.test/', setCookies: ['session=a; Secure; SameSite=None'] }]);
    expect(warning).toMatchObject({ severity: 'warning', title: 'Auth cookie is SameSite=None' });
    expect(warning!.cause).toContain('"session"');
    expect(warning!.fix).toBe(
      "Serve sync from the app's own site and use SameSite=Lax, or check Origin / a CSRF token on push.",
    );
    const [error] = find([{ url: 'https://a.test/', setCookies: ['session=a; SameSite=None'] }]);
    expect(error).toMatchObject({
      severity: 'error',
      title: 'Auth cookie SameSite=None without Secure',
      cause:
        'The session cookie "session" is set SameSite=None without Secure, so Chrome rejects it and never sends it.',
      fix: 'Add Secure (and serve over https) to the SameSite=None cookie, or use SameSite=Lax.',
    });
  });

  it('not for deletions, Lax cookies or cookies that are not sessions', () => {
    expect(
      find([
        { url: 'https://a.test/', setCookies: ['session=; Secure; SameSite=None; Max-Age=0'] },
        { url: 'https://a.test/', setCookies: ['session=a; Secure; SameSite=Lax', 'theme=d; Secure; SameSite=None'] },
      ]),
    ).toEqual([]);
  });

  it('one finding per cookie, host and Secure; another host is another finding', () => {
    const same = find([
      { url: 'https://a.test/x', setCookies: ['session=a; Secure; SameSite=None'] },
      { url: 'https://a.test/y', setCookies: ['session=b; Secure; SameSite=None'] },
    ]);
    expect(same).toHaveLength(1);
    const two = find([
      { url: 'https://a.test/x', setCookies: ['session=a; Secure; SameSite=None'] },
      { url: 'https://b.test/x', setCookies: ['session=b; Secure; SameSite=None'] },
      { url: 'not a url', setCookies: ['session=b; Secure; SameSite=None'] },
    ]);
    expect(two).toHaveLength(3);
    const unparsable = find([
      { url: 'not a url', setCookies: ['session=a; Secure; SameSite=None'] },
      { url: 'also not a url', setCookies: ['session=a; Secure; SameSite=None'] },
    ]);
    expect(unparsable).toHaveLength(2);
  });

  it('lists only the requests that carried that cookie', () => {
    const events = [makeEvent({ id: 'with', cookie: 'session=a' }), makeEvent({ id: 'without', cookie: 'other=b' })];
    const [f] = find([{ url: 'https://a.test/', setCookies: ['session=a; Secure; SameSite=None'] }], events);
    expect(f!.requestIds).toEqual(['with']);
  });
});
