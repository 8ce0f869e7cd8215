// Exact findings of tokenDetectors.ts on hand-built ledgers: near-expiry at its margin, and identity switches
// with and without mutations queued by the first user.
import { describe, expect, it } from 'vitest';
import { makeEvent, T0 } from './testFixtures.ts';
import { detectIdentitySwitch, detectNearExpiry } from './tokenDetectors.ts';
import type { LedgerEntry, TokenInfo } from './types.ts';
import type { SyncEvent } from '../sync/types.ts';

const EP = 'https://api.app.test/sync';

interface Row {
  expiresInSec?: number | null;
  sub?: string | null;
  group?: string | null;
  endpoint?: string;
  kind?: 'push' | 'pull';
}

function rows(list: Row[]): LedgerEntry[] {
  return list.map((r, i) => {
    const token = {
      present: true,
      decodable: true,
      shape: 'jwt',
      warnings: [],
      sub: r.sub ?? null,
      expiresInSec: r.expiresInSec ?? null,
      hash: 'h',
    } as unknown as TokenInfo;
    return {
      requestId: `r${i + 1}`,
      index: i,
      kind: r.kind ?? 'pull',
      url: `${EP}/pull`,
      endpoint: r.endpoint ?? EP,
      status: 200,
      startedAt: T0 + i * 1000,
      credentialKind: 'bearer',
      scheme: 'Bearer',
      cookieNames: [],
      token,
      tokenChanged: false,
      clockSkewSec: null,
      clientGroupID: r.group === undefined ? 'g1' : r.group,
      clientID: 'c1',
    };
  });
}

describe('detectNearExpiry, exact findings', () => {
  it('names the count, the margin and the closest', () => {
    expect(detectNearExpiry(rows([{ expiresInSec: 20 }, { expiresInSec: 3600 }, { expiresInSec: 10 }]))).toEqual([
      {
        key: EP,
        code: 'near-expiry',
        severity: 'warning',
        title: 'Token used right before expiry',
        cause: `2 sync requests to "${EP}" went out within 30 s of the token's exp (closest: 10 s left).`,
        fix: 'Refresh the token earlier in authHeaders() (e.g. when under a minute remains): retries and clock skew push a late token past exp.',
        requestIds: ['r1', 'r3'],
      },
    ]);
  });

  it('counts more than 0 and at most the margin', () => {
    const ledger = rows([{ expiresInSec: 0 }, { expiresInSec: 30 }, { expiresInSec: 31 }, { expiresInSec: null }]);
    expect(detectNearExpiry(ledger).map((d) => [d.requestIds, d.cause])).toEqual([
      [['r2'], `1 sync request to "${EP}" went out within 30 s of the token's exp (closest: 30 s left).`],
    ]);
    expect(detectNearExpiry(ledger, 29)).toEqual([]);
    expect(detectNearExpiry(ledger, 120)[0]?.cause).toBe(
      `2 sync requests to "${EP}" went out within 2 min of the token's exp (closest: 30 s left).`,
    );
    expect(detectNearExpiry(rows([{ expiresInSec: -5 }]))).toEqual([]);
  });

  it('one finding per endpoint', () => {
    const ledger = rows([
      { expiresInSec: 5, endpoint: 'a' },
      { expiresInSec: 500, endpoint: 'b' },
      { expiresInSec: 6, endpoint: 'c' },
    ]);
    expect(detectNearExpiry(ledger).map((d) => [d.key, d.requestIds])).toEqual([
      ['a', ['r1']],
      ['c', ['r3']],
    ]);
  });
});

/** A push event whose mutations carry these timestamps. */
function push(id: string, timestamps: unknown[]): SyncEvent {
  const e = makeEvent({ id, kind: 'push' });
  if (e.kind !== 'push' || e.request.state !== 'ok') throw new Error('fixture');
  return {
    ...e,
    request: {
      ...e.request,
      value: {
        ...e.request.value,
        mutations: timestamps.map((timestamp, i) => ({ id: i, name: 'm', args: null, timestamp })),
      },
    },
  } as SyncEvent;
}

describe('detectIdentitySwitch, exact findings', () => {
  it('a switch without queued mutations', () => {
    expect(detectIdentitySwitch(rows([{ sub: 'alice' }, { sub: 'alice' }, { sub: 'bob' }]))).toEqual([
      {
        key: 'g1|alice|bob',
        code: 'identity-switch',
        severity: 'error',
        title: 'User changed inside one client group',
        cause: `clientGroupID "g1" synced as sub "alice", then as sub "bob": the local store still holds the first user's rows.`,
        fix: 'Derive the clientGroupID from the user (e.g. from sub), or call resetLocalState() on sign-out.',
        requestIds: ['r2', 'r3'],
      },
    ]);
  });

  it("pushes as the new user carrying the first user's mutations", () => {
    const ledger = rows([{ sub: 'alice' }, { sub: 'bob', kind: 'push' }, { sub: 'bob' }, { sub: 'bob', kind: 'push' }]);
    // r2 starts at T0 + 1000: mutations stamped before it were queued by alice; one at it was not.
    const events = [push('r2', [T0, T0 + 999, T0 + 1000, 'x']), push('r4', [T0 + 500])];
    expect(detectIdentitySwitch(ledger, events)).toEqual([
      {
        key: 'g1|alice|bob',
        code: 'identity-switch',
        severity: 'error',
        title: 'User changed inside one client group',
        cause: `clientGroupID "g1" synced as sub "alice", then as sub "bob": the local store still holds the first user's rows, and 2 mutations queued before the switch were pushed as sub "bob".`,
        fix: 'Push or discard the outbox before switching users, then call resetLocalState(); derive the clientGroupID from the user (e.g. from sub).',
        requestIds: ['r1', 'r2', 'r4'],
      },
    ]);
    const [one] = detectIdentitySwitch(ledger, [push('r4', [T0])]);
    expect(one?.cause).toContain(`, and 1 mutation queued before the switch was pushed as sub "bob".`);
    expect(one?.requestIds).toEqual(['r1', 'r2', 'r4']);
  });

  it("only the new user's pushes in that group from the switch on count", () => {
    const ledger = rows([
      { sub: 'bob', kind: 'push' },
      { sub: 'alice' },
      { sub: 'bob' },
      { sub: 'bob', kind: 'push', group: 'g2' },
      { sub: 'alice', kind: 'push' },
      { sub: 'bob', kind: 'pull' },
    ]);
    const events = ['r1', 'r4', 'r5', 'r6'].map((id) => push(id, [T0 - 1]));
    const drafts = detectIdentitySwitch(ledger, events);
    expect(drafts.map((d) => [d.key, d.requestIds])).toEqual([
      ['g1|bob|alice', ['r1', 'r2', 'r5', 'r3']],
      ['g1|alice|bob', ['r2', 'r3', 'r5', 'r6']],
    ]);
    expect(drafts.map((d) => d.cause.includes('queued before the switch'))).toEqual([true, false]);
  });

  it('a pull or an unreadable push carries nothing', () => {
    const ledger = rows([{ sub: 'alice' }, { sub: 'bob', kind: 'push' }]);
    const pull = makeEvent({ id: 'r2', kind: 'pull' });
    const broken = { ...push('r2', [T0]), request: { state: 'empty' } } as SyncEvent;
    const noList = push('r2', []);
    if (noList.kind === 'push' && noList.request.state === 'ok')
      (noList.request.value as { mutations: unknown }).mutations = 'x';
    for (const e of [pull, broken, noList]) {
      expect(detectIdentitySwitch(ledger, [e])[0]?.requestIds).toEqual(['r1', 'r2']);
    }
  });

  it('a later push holding only mutations made after the switch is not listed', () => {
    const ledger = rows([{ sub: 'alice' }, { sub: 'bob' }, { sub: 'bob', kind: 'push' }]);
    const [d] = detectIdentitySwitch(ledger, [push('r3', [T0 + 5000])]);
    expect(d?.requestIds).toEqual(['r1', 'r2']);
    expect(d?.cause).not.toContain('queued');
  });

  it('a switch back and forth: one finding per direction, each request once', () => {
    const drafts = detectIdentitySwitch(rows([{ sub: 'a' }, { sub: 'b' }, { sub: 'a' }, { sub: 'b' }, { sub: 'b' }]));
    expect(drafts.map((d) => [d.key, d.requestIds])).toEqual([
      ['g1|a|b', ['r1', 'r2', 'r3', 'r4']],
      ['g1|b|a', ['r2', 'r3']],
    ]);
  });

  it('skips requests without a group or a sub, and compares within a group', () => {
    expect(detectIdentitySwitch(rows([{ sub: 'a' }, { sub: null }, { sub: 'a' }]))).toEqual([]);
    expect(
      detectIdentitySwitch(
        rows([
          { sub: 'a', group: null },
          { sub: 'b', group: null },
        ]),
      ),
    ).toEqual([]);
    expect(
      detectIdentitySwitch(
        rows([
          { sub: 'a', group: 'g1' },
          { sub: 'b', group: 'g2' },
          { sub: 'b', group: 'g1' },
        ]),
      ).map((d) => d.key),
    ).toEqual(['g1|a|b']);
  });
});
