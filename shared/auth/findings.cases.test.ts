// computeFindings at its edges: the "(n requests)" title, ids, the key of a denial (token, status, the
// server's reason), the thresholds passed through to the detectors, and the final order.
import { describe, expect, it } from 'vitest';
import type { AuthDecision } from '../admin/authLog.ts';
import { computeFindings } from './findings.ts';
import { tokenHash } from './hash.ts';
import type { ServerAuth } from './serverCause.ts';
import { fakeJwt, goodClaims, makeEvent, NOW_SEC, series, T0 } from './testFixtures.ts';

const token = fakeJwt(goodClaims());

describe('computeFindings, grouping and titles', () => {
  it('one request: the plain title; two: the count in the title', () => {
    const [one] = computeFindings([makeEvent({ status: 401 })]);
    expect(one).toMatchObject({ code: 'no-credentials', title: 'No credentials sent', requestIds: ['r1'] });
    expect(one?.id).toMatch(/^no-credentials-[0-9a-f]{10}$/);
    const two = computeFindings(series(2, { status: 401 }));
    expect(two.map((f) => [f.code, f.title, f.requestIds])).toEqual([
      ['no-credentials', 'No credentials sent (2 requests)', ['r1', 'r2']],
    ]);
  });

  it('a denial is keyed by endpoint, credential, status and the server reason', () => {
    const events = [
      makeEvent({ id: 'a', status: 401 }),
      makeEvent({ id: 'b', status: 403, startedAt: T0 + 1 }),
      makeEvent({ id: 'c', status: 401, startedAt: T0 + 2, url: 'https://x.test/sync/pull', origin: 'https://x.test' }),
    ];
    expect(computeFindings(events).map((f) => f.requestIds)).toEqual([['a'], ['b'], ['c']]);
    const decision = (id: number, reason: string): AuthDecision =>
      ({ id, reason, ok: false }) as unknown as AuthDecision;
    const server: ServerAuth = {
      joined: new Map([
        ['r1', decision(1, 'revoked')],
        ['r2', decision(2, 'revoked')],
        ['r3', decision(3, 'banned')],
      ]),
      tapInstalled: true,
      expectations: null,
    };
    const refused = series(3, { bearer: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', status: 401 });
    const found = computeFindings(refused, { server }).filter((f) => f.code === 'server-reason');
    expect(found.map((f) => [f.title, f.source, f.requestIds])).toEqual([
      ['Refused by the server: "revoked" (2 requests)', 'server', ['r1', 'r2']],
      ['Refused by the server: "banned"', 'server', ['r3']],
    ]);
  });

  it('a token accepted earlier by the same endpoint is compared with a refused one', () => {
    const events = [
      makeEvent({ id: 'ok', bearer: token, status: 200 }),
      makeEvent({ id: 'no', bearer: token, status: 401, startedAt: T0 + 1000 }),
    ];
    const withOk = computeFindings(events).find((f) => f.requestIds.includes('no'));
    const redirected = computeFindings([{ ...events[0]!, status: 300 }, events[1]!]).find((f) =>
      f.requestIds.includes('no'),
    );
    const alone = computeFindings([events[1]!]).find((f) => f.requestIds.includes('no'));
    const informational = computeFindings([{ ...events[0]!, status: 199 }, events[1]!]).find((f) =>
      f.requestIds.includes('no'),
    );
    expect(withOk?.cause).not.toBe(alone?.cause);
    expect(redirected?.cause).toBe(alone?.cause);
    expect(informational?.cause).toBe(alone?.cause);
  });
});

describe('computeFindings, merging', () => {
  it('a title with a digit inside still gets the count', () => {
    const events = series(2, { bearer: token, status: 403, body: { details: { requiredRole: 'admin2' } } });
    expect(computeFindings(events).find((f) => f.code === 'forbidden-role')?.title).toBe(
      'Forbidden: requires role "admin2" (2 requests)',
    );
  });

  it('of two equally detailed drafts the first one gives the text', () => {
    const events = [
      makeEvent({ id: 'a', status: 409, body: { expected: '2' } }),
      makeEvent({ id: 'b', status: 409, startedAt: T0 + 1, body: { expected: '3' } }),
    ];
    expect(computeFindings(events).map((f) => [f.cause, f.requestIds])).toEqual([
      ['The server runs schema "2"; the client sent "1".', ['a', 'b']],
    ]);
  });

  it('request ids of a merged finding are in start order', () => {
    const a = fakeJwt(goodClaims({ sub: 'a' }));
    const b = fakeJwt(goodClaims({ sub: 'b' }));
    const events = series(4, (i) => ({ bearer: i % 2 === 0 ? b : a, kind: i === 3 ? 'push' : 'pull' }));
    const last = events[3]!;
    if (last.kind !== 'push' || last.request.state !== 'ok') throw new Error('fixture');
    events[3] = {
      ...last,
      request: {
        ...last.request,
        value: { ...last.request.value, mutations: [{ id: 1, name: 'm', args: null, timestamp: T0 }] },
      },
    };
    const found = computeFindings(events).filter((f) => f.code === 'identity-switch');
    expect(found.map((f) => f.requestIds)).toEqual([
      ['r1', 'r2', 'r3', 'r4'],
      ['r2', 'r3'],
    ]);
  });
});

describe('computeFindings, options', () => {
  it('thresholds and the near-expiry margin reach the detectors', () => {
    const refused = series(3, { bearer: token, status: 401 });
    const codes = (o: Parameters<typeof computeFindings>[1]) =>
      computeFindings(refused, o)
        .map((f) => f.code)
        .filter((c) => c === 'retry-loop');
    expect(codes({})).toEqual([]);
    expect(codes({ retryLoopThreshold: 2 })).toEqual(['retry-loop']);
    const anon = [
      makeEvent({ id: 'a', bearer: token }),
      ...series(2, { status: 401 }).map((e, i) => ({ ...e, id: `n${i}`, startedAt: T0 + (i + 1) * 1000 })),
    ];
    const stuck = (o: Parameters<typeof computeFindings>[1]) =>
      computeFindings(anon, o).filter((f) => f.code === 'stuck-unauthenticated').length;
    expect(stuck({})).toBe(0);
    expect(stuck({ stuckThreshold: 2 })).toBe(1);
    const soon = [makeEvent({ bearer: fakeJwt(goodClaims({ exp: NOW_SEC + 100 })) })];
    const near = (o: Parameters<typeof computeFindings>[1]) =>
      computeFindings(soon, o).filter((f) => f.code === 'near-expiry').length;
    expect(near({})).toBe(0);
    expect(near({ nearExpiryMarginSec: 100 })).toBe(1);
  });

  it('signals and seen responses reach the stuck detector', () => {
    const anon = series(4, { status: 401 });
    const title = (o: Parameters<typeof computeFindings>[1]) =>
      computeFindings(anon, o).find((f) => f.code === 'stuck-unauthenticated')?.title;
    expect(title({})).toMatch(/^Never authenticated/);
    expect(title({ signals: [{ at: T0 + 500, kind: 'state', what: 'x' }] })).toMatch(/^Booted unauthenticated/);
    expect(title({ seen: [{ url: 'https://a.test/login', startedAt: T0 + 500 }] })).toMatch(/^Booted unauthenticated/);
  });
});

describe('computeFindings, order', () => {
  it('errors, then warnings; within one severity by first request', () => {
    const events = [
      makeEvent({ id: 'w', bearer: fakeJwt(goodClaims({ exp: NOW_SEC + 10 })) }),
      makeEvent({
        id: 'e2',
        status: 401,
        startedAt: T0 + 2000,
        url: 'https://b.test/sync/pull',
        origin: 'https://b.test',
      }),
      makeEvent({ id: 'e1', status: 409, startedAt: T0 + 1000, body: { expected: '2' } }),
    ];
    expect(computeFindings(events).map((f) => [f.severity, f.requestIds[0]])).toEqual([
      ['error', 'e1'],
      ['error', 'e2'],
      ['warning', 'w'],
    ]);
  });

  it('a finding from a detector placed by its first request among the per-request ones', () => {
    const a = fakeJwt(goodClaims({ sub: 'a' }));
    const b = fakeJwt(goodClaims({ sub: 'b' }));
    const events = [
      makeEvent({ id: 'x', bearer: a }),
      makeEvent({ id: 'y', bearer: b, startedAt: T0 + 1000 }),
      makeEvent({
        id: 'z',
        status: 401,
        startedAt: T0 + 2000,
        url: 'https://b.test/sync/pull',
        origin: 'https://b.test',
      }),
    ];
    expect(computeFindings(events).map((f) => [f.code, f.requestIds[0]])).toEqual([
      ['identity-switch', 'x'],
      ['no-credentials', 'z'],
    ]);
  });

  it('same severity and first request: ordered by id', () => {
    const a = fakeJwt(goodClaims({ sub: 'a' }));
    const b = fakeJwt(goodClaims({ sub: 'b' }));
    const events = [
      makeEvent({ id: 'x', bearer: a, status: 409 }),
      makeEvent({ id: 'y', bearer: b, startedAt: T0 + 1000 }),
    ];
    const found = computeFindings(events);
    expect(found.map((f) => f.requestIds[0])).toEqual(['x', 'x']);
    const ids = found.map((f) => f.id);
    expect(ids).toEqual([...ids].sort());
    expect(computeFindings([...events].reverse()).map((f) => f.id)).toEqual(ids);
  });

  it('ids differ for different findings and are derived from code and key', () => {
    const events = [makeEvent({ id: 'a', status: 401 }), makeEvent({ id: 'b', status: 403, startedAt: T0 + 1 })];
    const ids = computeFindings(events).map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(no-credentials|stuck-unauthenticated)-[0-9a-f]{10}$/);
    expect(ids[0]).toBe(
      `no-credentials-${tokenHash(`no-credentials\u0000https://api.app.test/sync|none|401|`).slice(0, 10)}`,
    );
  });
});
