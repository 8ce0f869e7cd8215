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
    expect(withOk?.cause).not.toBe(alone?.cause);
    expect(redirected?.cause).toBe(alone?.cause);
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
