// ledger.ts at its edges: start order with ties and unknown starts, client ids, the Date header skew for
// requests without a token, empty Authorization headers, and token changes per group.
import { describe, expect, it } from 'vitest';
import { buildLedger, clientIdsOf, endpointOf, ledgerEntryFor, orderEvents, responseDateOf } from './ledger.ts';
import { fakeJwt, goodClaims, makeEvent, T0 } from './testFixtures.ts';
import type { SyncEvent } from '../sync/types.ts';

const dated = (ms: number) => [{ name: 'Date', value: new Date(ms).toUTCString() }];

describe('orderEvents', () => {
  it('by start; ties keep capture order; non-finite starts last, in capture order', () => {
    const events = [
      makeEvent({ id: 'nan', startedAt: Number.NaN }),
      makeEvent({ id: 'b', startedAt: T0 + 5 }),
      makeEvent({ id: 'a1', startedAt: T0 }),
      makeEvent({ id: 'inf', startedAt: Number.POSITIVE_INFINITY }),
      makeEvent({ id: 'a2', startedAt: T0 }),
      makeEvent({ id: 'early', startedAt: T0 - 5 }),
    ];
    expect(orderEvents(events).map((e) => e.id)).toEqual(['early', 'a1', 'a2', 'b', 'nan', 'inf']);
    expect(orderEvents([])).toEqual([]);
  });
});

describe('ledger entries', () => {
  it('endpoint is origin + base path', () => {
    expect(endpointOf(makeEvent())).toBe('https://api.app.test/sync');
  });

  it('the response Date, when present and parseable', () => {
    expect(responseDateOf(makeEvent({ responseHeaders: dated(T0 + 3000) }))).toBe(T0 + 3000);
    expect(responseDateOf(makeEvent({ responseHeaders: [{ name: 'date', value: 'soon' }] }))).toBeUndefined();
    expect(responseDateOf(makeEvent())).toBeUndefined();
  });

  it('client ids from the request body, null when absent or not strings', () => {
    expect(clientIdsOf(makeEvent({ clientGroupID: 'g9' }))).toEqual({ clientGroupID: 'g9', clientID: 'c1' });
    const event = makeEvent();
    const odd = {
      ...event,
      request: { state: 'ok', value: { clientGroupID: 5, clientID: null } },
    } as unknown as SyncEvent;
    expect(clientIdsOf(odd)).toEqual({ clientGroupID: null, clientID: null });
    const empty = { ...event, request: { state: 'empty' } } as SyncEvent;
    expect(clientIdsOf(empty)).toEqual({ clientGroupID: null, clientID: null });
  });

  it('a cookie request: skew from Date alone; none without a Date', () => {
    const entry = ledgerEntryFor(makeEvent({ id: 'x', cookie: 'sid=1', responseHeaders: dated(T0 + 2000) }), 7);
    expect(entry).toMatchObject({
      requestId: 'x',
      index: 7,
      kind: 'pull',
      endpoint: 'https://api.app.test/sync',
      status: 200,
      startedAt: T0,
      credentialKind: 'cookie',
      scheme: null,
      cookieNames: ['sid'],
      tokenChanged: false,
      clockSkewSec: 2,
      clientGroupID: 'g1',
      clientID: 'c1',
    });
    expect(entry).not.toHaveProperty('emptyAuthorization');
    expect(ledgerEntryFor(makeEvent({ cookie: 'sid=1' }), 0).clockSkewSec).toBeNull();
    const nanStart = makeEvent({ cookie: 'sid=1', startedAt: Number.NaN, responseHeaders: dated(T0) });
    expect(ledgerEntryFor(nanStart, 0).clockSkewSec).toBeNull();
  });

  it('a token request: skew from the token analysis', () => {
    const entry = ledgerEntryFor(makeEvent({ bearer: fakeJwt(goodClaims()), responseHeaders: dated(T0 - 4000) }), 0);
    expect(entry.clockSkewSec).toBe(-4);
    expect(entry.credentialKind).toBe('bearer');
    expect(entry.scheme).toBe('Bearer');
  });

  it('an empty Authorization header is marked', () => {
    const entry = ledgerEntryFor(makeEvent({ requestHeaders: [{ name: 'authorization', value: 'Bearer ' }] }), 0);
    expect(entry.emptyAuthorization).toBe(true);
    expect(entry.credentialKind).toBe('none');
  });
});

describe('buildLedger, token changes', () => {
  const a = fakeJwt(goodClaims());
  const b = fakeJwt(goodClaims({ sub: 'bob' }));
  const at = (i: number) => T0 + i * 1000;

  it('compared with the previous request of the same endpoint only; the first of each is unchanged', () => {
    const events = [
      makeEvent({ id: '1', bearer: a, startedAt: at(0) }),
      makeEvent({
        id: '2',
        bearer: b,
        startedAt: at(1),
        url: 'https://other.test/sync/pull',
        origin: 'https://other.test',
      }),
      makeEvent({ id: '3', bearer: a, startedAt: at(2) }),
      makeEvent({ id: '4', startedAt: at(3) }),
      makeEvent({ id: '5', startedAt: at(4) }),
      makeEvent({ id: '6', bearer: b, startedAt: at(5) }),
    ];
    expect(buildLedger(events).map((e) => [e.requestId, e.index, e.tokenChanged])).toEqual([
      ['1', 0, false],
      ['2', 1, false],
      ['3', 2, false],
      ['4', 3, true],
      ['5', 4, false],
      ['6', 5, true],
    ]);
  });

  it('groups by the given endpoint function', () => {
    const events = [makeEvent({ id: '1', bearer: a }), makeEvent({ id: '2', bearer: b, startedAt: at(1) })];
    const byId = buildLedger(events, { endpointOf: (e) => e.id });
    expect(byId.map((e) => e.tokenChanged)).toEqual([false, false]);
    expect(buildLedger(events).map((e) => e.tokenChanged)).toEqual([false, true]);
  });

  it('entries follow start order', () => {
    const events = [makeEvent({ id: 'late', startedAt: at(2) }), makeEvent({ id: 'early', startedAt: at(1) })];
    expect(buildLedger(events).map((e) => [e.requestId, e.index])).toEqual([
      ['early', 0],
      ['late', 1],
    ]);
  });
});
