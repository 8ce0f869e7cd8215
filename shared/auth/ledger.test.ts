import { describe, expect, it } from 'vitest';
import { authorizationOf, credentialState } from './headers.ts';
import { buildLedger } from './ledger.ts';
import { fakeJwt, goodClaims, makeEvent, T0 } from './testFixtures.ts';

describe('buildLedger', () => {
  const a = fakeJwt(goodClaims());
  const b = fakeJwt(goodClaims({ sub: 'bob' }));

  it('orders by start, tracks token changes per endpoint and reads skew from the Date header', () => {
    const events = [
      makeEvent({
        id: 'r3',
        bearer: b,
        startedAt: T0 + 3000,
        responseHeaders: [{ name: 'Date', value: new Date(T0 + 10_000).toUTCString() }],
      }),
      makeEvent({ id: 'r1', bearer: a, startedAt: T0 + 1000 }),
      makeEvent({ id: 'other', bearer: b, startedAt: T0 + 1500, origin: 'https://elsewhere.test' }),
      makeEvent({ id: 'r2', bearer: a, startedAt: T0 + 2000 }),
      makeEvent({ id: 'r4', cookie: 'sid=xyz; theme=dark', startedAt: T0 + 4000 }),
    ];
    const ledger = buildLedger(events);
    expect(ledger.map((e) => [e.requestId, e.index, e.tokenChanged])).toEqual([
      ['r1', 0, false],
      ['other', 1, false],
      ['r2', 2, false],
      ['r3', 3, true],
      ['r4', 4, true],
    ]);
    expect(ledger[3]).toMatchObject({
      clockSkewSec: 7,
      credentialKind: 'bearer',
      scheme: 'Bearer',
      clientGroupID: 'g1',
      clientID: 'c1',
    });
    expect(ledger[3]!.token.sub).toBe('bob');
    expect(ledger[4]).toMatchObject({
      credentialKind: 'cookie',
      cookieNames: ['sid', 'theme'],
      token: { present: false },
    });
    expect(JSON.stringify(ledger)).not.toContain(a);
  });
});

describe('authorizationOf / credentialState', () => {
  const withHeader = (value: string) => makeEvent({ requestHeaders: [{ name: 'Authorization', value }] });
  it.each([
    ['Bearer abc', { scheme: 'Bearer', token: 'abc' }, 'bearer'],
    ['Bearer', { scheme: 'Bearer', token: '' }, 'none'],
    ['eyJhbGciOiJIUzI1NiJ9.e30.x', { scheme: null, token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' }, 'bearer'],
    ['Basic dXNlcjpwYXNz', { scheme: 'Basic', token: 'dXNlcjpwYXNz' }, 'other'],
  ] as const)('%s', (value, parts, state) => {
    expect(authorizationOf(withHeader(value))).toMatchObject(parts);
    expect(credentialState(withHeader(value))).toBe(state);
  });

  it('says unknown when DevTools captured no request headers at all', () => {
    expect(credentialState(makeEvent({ requestHeaders: [] }))).toBe('unknown');
    expect(credentialState(makeEvent())).toBe('none');
    expect(
      credentialState(makeEvent({ requestHeaders: [], credential: { kind: 'bearer', scheme: 'Bearer', token: 't' } })),
    ).toBe('bearer');
  });
});
