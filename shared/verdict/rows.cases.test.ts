// judgeRow (rows.ts) called directly on one row's entry and index: every branch of the row rules, with the
// whole verdict (state, evidence words, linked mutations, server side) asserted, and the cookie boundary.
import { describe, expect, it } from 'vitest';
import { judgeRow } from './rows.ts';
import type { RevertRef, RowEntry, RowIndex } from './rowIndex.ts';
import { del, put } from './testFixtures.ts';
import type { Row, RowConfirmation, RowVerdict } from './types.ts';

const index = (p: Partial<RowIndex> = {}): RowIndex => ({
  pendingById: new Map(),
  revertedById: new Map(),
  outboxSize: 0,
  cookieRowVersion: 5,
  adminAvailable: true,
  serverKnown: true,
  knownFrom: 1,
  ...p,
});
const entry = (p: Partial<RowEntry> = {}): RowEntry => ({
  id: 't1',
  visible: null,
  base: null,
  latest: null,
  confirmation: null,
  reverted: false,
  verdict: null,
  ...p,
});
const v1: Row = { id: 't1', title: 'milk' };
const v2: Row = { id: 't1', title: 'oat' };
const conf = (row: Row | null, readable: boolean | null, reason?: string): RowConfirmation => ({
  table: 'todos',
  id: 't1',
  row,
  readable,
  ...(reason !== undefined ? { reason } : {}),
});
const ref = (key: string, table: string | null): RevertRef => ({ key, table, clientID: 'c1', mutationID: 1 });

const judge = (e: Partial<RowEntry>, idx: Partial<RowIndex> = {}): RowVerdict =>
  judgeRow('todos', 't1', entry(e), index(idx));
const brief = (v: RowVerdict) => ({
  state: v.state,
  evidence: v.evidence,
  mutationKeys: v.mutationKeys,
  ...(v.confirmed !== undefined ? { confirmed: v.confirmed } : {}),
});

describe('judgeRow: whole verdicts', () => {
  it('all three sides agree after a put: in sync, nothing to say', () => {
    const latest = put(4, 'todos', v1);
    expect(judge({ visible: v1, base: { ...v1 }, latest })).toEqual({
      key: 'todos/t1',
      table: 'todos',
      id: 't1',
      visible: v1,
      base: v1,
      server: v1,
      serverKnown: true,
      serverRowVersion: 4,
      serverOp: 'put',
      state: 'in-sync',
      mutationKeys: [],
      evidence: [],
    });
  });

  it('a row the server deleted and the client never had', () => {
    expect(judge({ latest: del(4, 'todos', 't1') })).toEqual({
      key: 'todos/t1',
      table: 'todos',
      id: 't1',
      visible: null,
      base: null,
      server: null,
      serverKnown: true,
      serverRowVersion: 4,
      serverOp: 'del',
      state: 'deleted-on-server',
      mutationKeys: [],
      evidence: ['server latest: del @4'],
    });
  });

  it('a /rows answer is quoted, with its reason when it has one', () => {
    const latest = put(4, 'todos', v1);
    expect(brief(judge({ visible: v1, base: v1, latest, confirmation: conf(v1, true, 'owner') }))).toEqual({
      state: 'in-sync',
      evidence: ['/rows?as= says readable: true (owner)'],
      mutationKeys: [],
    });
    expect(brief(judge({ visible: v1, base: v1, latest, confirmation: conf(v1, null, '') }))).toEqual({
      state: 'in-sync',
      evidence: ['/rows?as= says readable: null'],
      mutationKeys: [],
    });
  });
});

describe('judgeRow: reverts and the outbox', () => {
  it('a revert naming the row (any table, or this one) when visible equals base', () => {
    const revertedById = new Map([['t1', [ref('c1#1', null), ref('c1#2', 'todos'), ref('c1#3', 'users')]]]);
    expect(brief(judge({ visible: v1, base: v1, latest: put(4, 'todos', v1) }, { revertedById }))).toEqual({
      state: 'reverted',
      mutationKeys: ['c1#1', 'c1#2'],
      evidence: ['silently reverted on the server: c1#1, c1#2', 'the optimistic value is gone: visible equals base'],
    });
  });

  it('a revert of another table only: judged as usual', () => {
    const revertedById = new Map([['t1', [ref('c1#3', 'users')]]]);
    expect(brief(judge({ visible: v1, base: v1, latest: put(4, 'todos', v1) }, { revertedById }))).toEqual({
      state: 'in-sync',
      mutationKeys: [],
      evidence: [],
    });
  });

  it('a revert whose value is still shown: reverted while every pending entry is the reverted one', () => {
    const revertedById = new Map([['t1', [ref('c1#1', 'todos')]]]);
    const still = { visible: v2, base: v1, latest: put(4, 'todos', v1) };
    expect(brief(judge(still, { revertedById, pendingById: new Map([['t1', ['c1#1']]]), outboxSize: 1 }))).toEqual({
      state: 'reverted',
      mutationKeys: ['c1#1'],
      evidence: [
        'silently reverted on the server: c1#1',
        'the optimistic value is still shown; the next pull removes it',
      ],
    });
    expect(brief(judge(still, { revertedById }))).toMatchObject({ state: 'reverted' });
    expect(
      brief(judge(still, { revertedById, pendingById: new Map([['t1', ['c1#1', 'c1#2']]]), outboxSize: 2 })),
    ).toEqual({
      state: 'optimistic',
      mutationKeys: ['c1#1', 'c1#2'],
      evidence: ['pending in the outbox: c1#1, c1#2'],
    });
  });

  it('visible differs: optimistic when the outbox names it or is not empty, else unknown', () => {
    const row = { visible: v2, base: v1, latest: put(4, 'todos', v1) };
    expect(brief(judge(row, { pendingById: new Map([['t1', ['c1#4']]]), outboxSize: 1 }))).toEqual({
      state: 'optimistic',
      mutationKeys: ['c1#4'],
      evidence: ['pending in the outbox: c1#4'],
    });
    expect(brief(judge(row, { outboxSize: 1 }))).toEqual({
      state: 'optimistic',
      mutationKeys: [],
      evidence: ['visible differs from base; no outbox entry names this row, but the outbox is not empty'],
    });
    expect(brief(judge(row))).toEqual({
      state: 'unknown',
      mutationKeys: [],
      evidence: ['visible differs from base with an empty outbox (read between a pull and the rebuild?)'],
    });
    expect(brief(judge({ visible: v2 }, { outboxSize: 1 })).state).toBe('optimistic');
  });
});

describe('judgeRow: no change record', () => {
  it('the server side unknown: no admin API, or a log that starts after the row’s last change', () => {
    const v = judge({ visible: v1, base: v1 }, { serverKnown: false, adminAvailable: false });
    expect(v).toMatchObject({ server: null, serverKnown: false, serverRowVersion: null, serverOp: null });
    expect(brief(v)).toEqual({
      state: 'unknown',
      mutationKeys: [],
      evidence: ['admin API unavailable: server state not known'],
    });
    expect(brief(judge({ visible: v1, base: v1 }, { serverKnown: false, knownFrom: 7 }))).toEqual({
      state: 'unknown',
      mutationKeys: [],
      evidence: ['no change for it in the known part of the log (from row version 7)'],
    });
  });

  it('missing on the server: a complete log without it, or /rows saying so', () => {
    expect(brief(judge({ visible: v1, base: v1 }))).toEqual({
      state: 'missing-on-server',
      mutationKeys: [],
      evidence: ['no change record for it anywhere in the (complete) log'],
    });
    expect(brief(judge({ visible: v1, base: v1, confirmation: conf(null, true) }, { serverKnown: false }))).toEqual({
      state: 'missing-on-server',
      mutationKeys: [],
      evidence: ['/rows?as= says readable: true', '/rows says the server has no such row'],
    });
  });

  it('a /rows row: in sync when equal, filtered when the base lacks it, else unknown', () => {
    const known = { serverKnown: false };
    const eq = judge({ visible: v1, base: v1, confirmation: conf(v1, true) }, known);
    expect(eq).toMatchObject({ server: v1, serverKnown: true, state: 'in-sync' });
    expect(brief(judge({ confirmation: conf(v1, false) }, known))).toEqual({
      state: 'filtered',
      confirmed: true,
      mutationKeys: [],
      evidence: ['/rows?as= says readable: false', 'the server has it, the base store does not'],
    });
    expect(brief(judge({ confirmation: conf(v1, null) }, known)).confirmed).toBe(false);
    expect(brief(judge({ visible: v2, base: v2, confirmation: conf(v1, true) }, known))).toEqual({
      state: 'unknown',
      mutationKeys: [],
      evidence: [
        '/rows?as= says readable: true',
        'base differs from the server row and the log does not say when it changed',
      ],
    });
  });
});

describe('judgeRow: against the latest change and the cookie', () => {
  it('an opaque cookie: in sync when equal, else unknown', () => {
    const opaque = { cookieRowVersion: undefined };
    expect(
      brief(judge({ visible: v1, base: v1, latest: put(4, 'todos', v1), confirmation: conf(v1, true) }, opaque)),
    ).toEqual({ state: 'in-sync', mutationKeys: [], evidence: ['/rows?as= says readable: true'] });
    expect(brief(judge({ visible: v1, base: v1, latest: put(4, 'todos', v2) }, opaque))).toEqual({
      state: 'unknown',
      mutationKeys: [],
      evidence: ['server latest: put @4', 'the cookie is opaque, so the change cannot be placed before or after it'],
    });
  });

  it('a put after the cookie: stale; at the cookie: filtered or unknown', () => {
    expect(brief(judge({ visible: v1, base: v1, latest: put(6, 'todos', v2) }))).toEqual({
      state: 'stale',
      mutationKeys: [],
      evidence: [
        "server latest: put @6, after the client's cookie",
        'the server changed it after the client last pulled',
      ],
    });
    expect(brief(judge({ visible: v1, base: v1, latest: put(5, 'todos', v2) }))).toEqual({
      state: 'unknown',
      mutationKeys: [],
      evidence: [
        "server latest: put @5, at or below the client's cookie",
        'base differs from the server value at or below the cookie',
      ],
    });
    expect(brief(judge({ latest: put(5, 'todos', v2) }))).toEqual({
      state: 'filtered',
      confirmed: false,
      mutationKeys: [],
      evidence: [
        "server latest: put @5, at or below the client's cookie",
        'at or below the cookie, yet not in the base store: auth.read hid it from this client',
      ],
    });
    expect(brief(judge({ latest: put(5, 'todos', v2), confirmation: conf(v2, false) })).confirmed).toBe(true);
    expect(brief(judge({ visible: v1, base: v1, latest: put(5, 'todos', v2), confirmation: conf(v2, false) }))).toEqual(
      {
        state: 'filtered',
        confirmed: true,
        mutationKeys: [],
        evidence: [
          '/rows?as= says readable: false',
          "server latest: put @5, at or below the client's cookie",
          'the base holds an older value; the later version was hidden',
        ],
      },
    );
  });

  it('a delete after the cookie: stale; at it, with the row still in the base: never received', () => {
    expect(brief(judge({ visible: v1, base: v1, latest: del(6, 'todos', 't1') }))).toEqual({
      state: 'stale',
      mutationKeys: [],
      evidence: [
        "server latest: del @6, after the client's cookie",
        'deleted on the server after the client last pulled',
      ],
    });
    expect(brief(judge({ visible: v1, base: v1, latest: del(5, 'todos', 't1') }))).toEqual({
      state: 'deleted-on-server',
      mutationKeys: [],
      evidence: [
        "server latest: del @5, at or below the client's cookie",
        'the client never received the delete (auth.read judges a del by the last put)',
      ],
    });
  });

  it('a delete that carries the row’s last value still counts as no server row', () => {
    const gone = { ...del(4, 'todos', 't1'), value: { id: 't1', title: 'milk' } };
    expect(judge({ latest: gone })).toMatchObject({ server: null, serverOp: 'del', state: 'deleted-on-server' });
  });

  it('only a filtered verdict has a confirmed field', () => {
    expect(Object.keys(judge({ visible: v2, base: v1 }))).not.toContain('confirmed');
    expect(Object.keys(judge({ visible: v1, base: v1, latest: put(5, 'todos', v2) }))).not.toContain('confirmed');
    expect(judge({ latest: put(5, 'todos', v2) })).toHaveProperty('confirmed', false);
  });

  it('a put whose value is not an object counts as no server row', () => {
    const odd = { ...put(4, 'todos', v1), value: null };
    expect(judge({ latest: odd })).toMatchObject({ server: null, serverKnown: true, state: 'in-sync' });
    const text = { ...put(4, 'todos', v1), value: 'x' };
    expect(judge({ base: v1, visible: v1, latest: text })).toMatchObject({ server: null, state: 'unknown' });
  });
});
