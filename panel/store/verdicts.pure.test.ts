// verdicts.ts's pure helpers: the order of the merged findings and of this tab's clientIDs, and which
// database, group and user the latest captured traffic names. Issue 11 found that reversing a sort in
// verdicts.ts passed every test; each test below fails on such a mutant.

import { describe, expect, it } from 'vitest';
import type { Finding, LedgerEntry } from '../../shared/auth/index.ts';
import type { HealthFinding } from '../../shared/health/types.ts';
import type { BridgeHello, BridgeSnapshot, DbData } from '../../shared/pageReader/index.ts';
import type { VerdictFinding } from '../../shared/verdict/index.ts';
import { pushEvent } from '../../shared/verdict/testFixtures.ts';
import { capturedGroup, mergeFindings, pickDatabase, sameFindingsOr, tabClientIDsOf, userOf } from './verdicts.ts';

type Severity = Finding['severity'];
const common = (id: string, severity: Severity) => ({ id, severity, title: id, cause: '', fix: '', requestIds: [] });
const auth = (id: string, severity: Severity): Finding => ({ ...common(id, severity), code: 'expired' });
const verdict = (id: string, severity: Severity): VerdictFinding => ({
  ...common(id, severity),
  code: 'silent-revert',
});
const health = (id: string, severity: Severity): HealthFinding => ({
  ...common(id, severity),
  code: 'stuck-queue',
  clientID: 'c',
  counts: {},
});

const hello = (clientID: string | null): BridgeHello => ({
  dbName: null,
  schemaVersion: null,
  clientGroupID: null,
  clientID,
  tables: [],
});
const snapshot = (clientID: string | null): BridgeSnapshot => ({
  clientID,
  clientGroupID: null,
  cookie: null,
  schemaVersion: null,
  outboxCount: 0,
  outboxText: [],
  lastMutationIDs: {},
  errors: [],
});
const push = (id: string, clientID: string, group: string) => pushEvent(id, 200, 1, clientID, [], group);

function dbOf(name: string, clientGroupID: string): DbData {
  return {
    name,
    version: 1,
    tables: [],
    outbox: [],
    base: {},
    visible: {},
    meta: { cookie: null, clientGroupID, lastMutationIDs: {} },
    others: [],
    readAt: 0,
  };
}

const ledgerEntry = (sub: string | undefined, clientGroupID: string | null) =>
  ({ token: { sub }, clientGroupID }) as unknown as LedgerEntry;

describe('mergeFindings', () => {
  it('lists errors, then warnings, then infos, each in the order the analyses gave them', () => {
    const merged = mergeFindings(
      [auth('a-info', 'info'), auth('a-err', 'error'), auth('a-warn', 'warning')],
      [verdict('v-warn', 'warning'), verdict('v-err', 'error')],
      [health('h-info', 'info'), health('h-err', 'error')],
    );
    expect(merged.map((f) => f.id)).toEqual(['a-err', 'v-err', 'h-err', 'a-warn', 'v-warn', 'a-info', 'h-info']);
  });

  it('leaves its inputs as they were', () => {
    const authFindings = [auth('x', 'info'), auth('y', 'error')];
    mergeFindings(authFindings, []);
    expect(authFindings.map((f) => f.id)).toEqual(['x', 'y']);
  });
});

describe('tabClientIDsOf', () => {
  it("is this tab's clientIDs from its requests, its hello and its snapshot, sorted and once each", () => {
    const events = [push('p1', 'tab-c', 'g'), push('p2', 'tab-a', 'g'), push('p3', 'tab-c', 'g')];
    expect(tabClientIDsOf(events, hello('tab-d'), snapshot('tab-b'))).toEqual(['tab-a', 'tab-b', 'tab-c', 'tab-d']);
    expect(tabClientIDsOf([], hello(null), snapshot(null))).toEqual([]);
  });
});

describe('which database, group and user the latest traffic names', () => {
  const one = dbOf('one', 'g1');
  const two = dbOf('two', 'g2');

  it('picks the database of the latest request that names a group, else the first one read', () => {
    const data = { one, two };
    expect(pickDatabase(data, [push('p1', 'c', 'g1'), push('p2', 'c', 'g2')])).toBe(two);
    expect(pickDatabase(data, [push('p1', 'c', 'g2'), push('p2', 'c', 'g1')])).toBe(one);
    expect(pickDatabase(data, [push('p1', 'c', 'g1'), push('p2', 'c', 'elsewhere')])).toBe(one);
    expect(pickDatabase(data, [])).toBe(one);
    expect(pickDatabase({}, [push('p1', 'c', 'g1')])).toBeNull();
  });

  it('the captured group is the latest request that names one', () => {
    expect(capturedGroup([push('p1', 'c', 'g1'), push('p2', 'c', 'g2')])).toBe('g2');
    expect(capturedGroup([push('p1', 'c', 'g1'), push('p2', 'c', '')])).toBe('g1');
    expect(capturedGroup([])).toBeNull();
  });

  it("the user is the latest token's sub, in the group when one is known", () => {
    const ledger = [ledgerEntry('alice', 'g1'), ledgerEntry('bob', 'g2'), ledgerEntry(undefined, 'g2')];
    expect(userOf(ledger, null)).toBe('bob');
    expect(userOf(ledger, 'g1')).toBe('alice');
    expect(userOf([...ledger, ledgerEntry('carol', null)], 'g1')).toBe('carol');
    expect(userOf(ledger, 'g3')).toBeUndefined();
  });
});

describe('sameFindingsOr', () => {
  it('keeps the previous list while every finding is the same, by identity or by content', () => {
    const a = auth('a', 'error');
    const prev = [a, auth('b', 'warning')];
    expect(sameFindingsOr(prev, [a, auth('b', 'warning')])).toBe(prev);
    const moved = [a, { ...auth('b', 'warning'), requestIds: ['r1'] }];
    expect(sameFindingsOr(prev, moved)).toBe(moved);
    const shorter = [a];
    expect(sameFindingsOr(prev, shorter)).toBe(shorter);
    const empty: Finding[] = [];
    expect(sameFindingsOr([], empty)).toEqual([]);
  });
});
