// The mutation side's entries (mutationEntries.ts): sources added and removed, and the facts a verdict is judged
// from, built from them: which source names the mutation, its args, attempts in order, the latest server error.
import { describe, expect, it } from 'vitest';
import {
  addHeldRow,
  addSource,
  entryAt,
  entryOf,
  factsOf,
  isEntry,
  isHeldRows,
  isLoadedRows,
  removeSource,
  rowList,
  verdictOf,
  type Entries,
  type Slot,
  type Sources,
} from './mutationEntries.ts';
import { judgeChangeRowsOnly, judgeOne, type MutationContext } from './mutations.ts';
import { pushEvent, put, serverError } from './testFixtures.ts';
import type { BridgeMutateEvent, KnownMutation, OutboxEntry } from './types.ts';
import type { PushEvent } from '../sync/types.ts';

const none = (): Sources => ({ outbox: null, known: null, bridge: null, pushes: null, changes: null, errors: null });
const ob = (name: string, args: unknown = { id: 'o' }, timestamp: number | null = 40): OutboxEntry => ({
  clientID: 'c1',
  mutationID: 5,
  name,
  args,
  timestamp,
});
const known = (p: Partial<KnownMutation> = {}): KnownMutation => ({
  clientID: 'c1',
  mutationID: 5,
  name: 'fromKnown',
  args: { id: 'k' },
  pushedAt: null,
  pushStatus: null,
  ...p,
});
const bridge = (at: number, name = 'fromBridge'): BridgeMutateEvent => ({
  kind: 'mutate',
  at,
  name,
  mutationID: 5,
  clientID: 'c1',
});
const push = (id: string, status: number, at: number, name = 'fromPush'): PushEvent =>
  pushEvent(id, status, at, 'c1', [
    { id: 4, name: 'other', args: null },
    { id: 5, name, args: { id: 'p' } },
  ]);

describe('entries and sources', () => {
  it('entryOf makes one entry per (clientID, mutationID), every source empty; entryAt finds it', () => {
    const entries: Entries = new Map();
    const e = entryOf(entries, 'c1', 5);
    expect(e).toEqual({ mid: 5, ...none(), facts: null, verdict: null });
    expect(Object.keys(e)).toEqual([
      'mid',
      'outbox',
      'known',
      'bridge',
      'pushes',
      'changes',
      'errors',
      'facts',
      'verdict',
    ]);
    expect(entryOf(entries, 'c1', 5)).toBe(e);
    expect(entryOf(entries, 'c1', 6)).not.toBe(e);
    expect(entryAt(entries, 'c1', 5)).toBe(e);
    expect(entryAt(entries, 'c1', 7)).toBeUndefined();
    expect(entryAt(entries, 'c2', 5)).toBeUndefined();
    expect([...(entries.get('c1')?.keys() ?? [])]).toEqual([5, 6]);
  });

  it('addSource appends; removeSource takes out that value only, and empties the list to null', () => {
    const s = none();
    const a = bridge(1);
    const b = bridge(2);
    addSource(s, 'bridge', a);
    addSource(s, 'bridge', b);
    expect(s.bridge).toEqual([a, b]);
    removeSource(s, 'bridge', bridge(1));
    expect(s.bridge).toEqual([a, b]);
    removeSource(s, 'bridge', a);
    expect(s.bridge).toEqual([b]);
    expect(s.bridge?.[0]).toBe(b);
    removeSource(s, 'bridge', b);
    expect(s.bridge).toBeNull();
    removeSource(s, 'bridge', b);
    removeSource(s, 'outbox', ob('x'));
    expect(s).toEqual(none());
  });
});

describe('factsOf', () => {
  it('no source left: no facts', () => {
    expect(factsOf('c1', 5, none())).toBeNull();
  });

  it('from the outbox: the entry, its name and args, not yet seen being made', () => {
    const o = ob('addTodo', { id: 't1' });
    const s = none();
    addSource(s, 'outbox', o);
    expect(factsOf('c1', 5, s)).toEqual({
      key: 'c1#5',
      clientID: 'c1',
      mutationID: 5,
      name: 'addTodo',
      args: { id: 't1' },
      hasArgs: true,
      outbox: o,
      attempts: [],
      mutateAt: null,
      madeOnClient: false,
      rows: [],
      wrote: false,
      error: null,
    });
  });

  it('the name and args come from the first source that has them: outbox, known, bridge, pushes, errors', () => {
    const full = none();
    addSource(full, 'errors', serverError(1, 'c1', 5, 'fromError', 'x'));
    addSource(full, 'pushes', { ev: push('p1', 200, 10), index: 1, seq: 0 });
    addSource(full, 'bridge', bridge(7));
    addSource(full, 'known', known());
    const nameArgs = (s: Sources) => {
      const f = factsOf('c1', 5, s);
      return [f?.name, f?.args, f?.hasArgs];
    };
    expect(nameArgs(full)).toEqual(['fromKnown', { id: 'k' }, true]);
    full.known = null;
    expect(nameArgs(full)).toEqual(['fromBridge', { id: 'p' }, true]);
    full.bridge = null;
    expect(nameArgs(full)).toEqual(['fromPush', { id: 'p' }, true]);
    full.pushes = null;
    expect(nameArgs(full)).toEqual(['fromError', undefined, false]);
    addSource(full, 'outbox', { ...ob('fromOutbox'), args: undefined });
    expect(nameArgs(full)).toEqual(['fromOutbox', undefined, true]);
    const blank = none();
    addSource(blank, 'bridge', bridge(1, ''));
    addSource(blank, 'errors', serverError(1, 'c1', 5, 'named later', 'x'));
    expect(nameArgs(blank)).toEqual(['named later', undefined, false]);
  });

  it('known mutations: made on the client, an attempt only when a push time or status is known', () => {
    const s = none();
    addSource(s, 'known', known());
    addSource(s, 'known', known({ pushedAt: 12, pushStatus: null }));
    addSource(s, 'known', known({ pushedAt: null, pushStatus: 500, requestId: 'r2' }));
    const f = factsOf('c1', 5, s);
    expect(f?.madeOnClient).toBe(true);
    expect(f?.attempts).toEqual([
      { requestId: null, at: 12, status: null },
      { requestId: 'r2', at: null, status: 500 },
    ]);
    const quiet = none();
    addSource(quiet, 'known', known());
    expect(factsOf('c1', 5, quiet)?.attempts).toEqual([]);
  });

  it('bridge events: made on the client, timed by the first', () => {
    const s = none();
    addSource(s, 'bridge', bridge(30));
    addSource(s, 'bridge', bridge(20));
    const f = factsOf('c1', 5, s);
    expect([f?.madeOnClient, f?.mutateAt, f?.args, f?.hasArgs]).toEqual([true, 30, undefined, false]);
  });

  it('captured pushes: one attempt each in capture order; a push that does not carry the mutation is skipped', () => {
    const s = none();
    addSource(s, 'pushes', { ev: push('p3', 503, 30), index: 1, seq: 3 });
    addSource(s, 'pushes', { ev: push('p1', 200, 10), index: 1, seq: 1 });
    addSource(s, 'pushes', { ev: push('p9', 200, 90), index: 2, seq: 2 });
    const broken: PushEvent = { ...push('p4', 400, 40), request: { state: 'empty' } };
    addSource(s, 'pushes', { ev: broken, index: 1, seq: 0 });
    const f = factsOf('c1', 5, s);
    expect(f?.attempts).toEqual([
      { requestId: 'p1', at: 10, status: 200 },
      { requestId: 'p3', at: 30, status: 503 },
    ]);
    expect(f?.madeOnClient).toBe(true);
    const skipped = none();
    addSource(skipped, 'pushes', { ev: broken, index: 1, seq: 0 });
    expect(factsOf('c1', 5, skipped)).toMatchObject({ madeOnClient: false, attempts: [], name: null });
  });

  it('known attempts come before captured pushes', () => {
    const s = none();
    addSource(s, 'pushes', { ev: push('p1', 200, 10), index: 1, seq: 0 });
    addSource(s, 'known', known({ pushedAt: 5, pushStatus: 0 }));
    expect(factsOf('c1', 5, s)?.attempts).toEqual([
      { requestId: null, at: 5, status: 0 },
      { requestId: 'p1', at: 10, status: 200 },
    ]);
  });

  it('change rows: the same list, wrote when it has any; the server error with the highest id', () => {
    const s = none();
    const rows = [put(3, 'todos', { id: 't' }, ['c1', 5])];
    addSource(s, 'changes', rows[0] ?? put(0, 't', { id: 'x' }));
    const e2 = serverError(2, 'c1', 5, 'addTodo', 'two');
    const e7 = serverError(7, 'c1', 5, 'addTodo', 'seven');
    const e5 = serverError(5, 'c1', 5, 'addTodo', 'five');
    for (const e of [e2, e7, e5]) addSource(s, 'errors', e);
    const f = factsOf('c1', 5, s);
    expect(f?.rows).toBe(s.changes);
    expect(f?.wrote).toBe(true);
    expect(f?.error).toBe(e7);
    expect(f?.madeOnClient).toBe(false);
    const empty = { ...none(), changes: [] };
    expect(factsOf('c1', 5, { ...empty, errors: [e2] })).toMatchObject({ wrote: false, rows: [], error: e2 });
  });
});

const ctx: MutationContext = {
  adminAvailable: true,
  errorsAvailable: true,
  knownFromRowVersion: null,
  knownFromAt: null,
  readAt: null,
  watermark: () => ({ value: 9, source: 'server /clients', at: null }),
  firstPull: () => null,
  previousWriter: () => null,
  writers: () => 0,
};

describe('slots: change rows and held verdicts', () => {
  const r3 = put(3, 'todos', { id: 't' }, ['c1', 5]);
  const r4 = put(4, 'todos', { id: 'u' }, ['c1', 5]);

  it('addHeldRow: a new slot is the row itself, a second makes a list, a third joins it; an entry takes it as a source', () => {
    const entries: Entries = new Map();
    addHeldRow(entries, 'c1', 5, r3);
    expect(entries.get('c1')?.get(5)).toBe(r3);
    addHeldRow(entries, 'c1', 5, r4);
    const list = entries.get('c1')?.get(5);
    expect(list).toEqual([r3, r4]);
    const r9 = put(9, 'todos', { id: 'v' }, ['c1', 5]);
    addHeldRow(entries, 'c1', 5, r9);
    expect(entries.get('c1')?.get(5)).toBe(list);
    expect(list).toEqual([r3, r4, r9]);
    const e = entryOf(entries, 'c2', 1);
    addHeldRow(entries, 'c2', 1, r3);
    expect(entries.get('c2')?.get(1)).toBe(e);
    expect(e.changes).toEqual([r3]);
    expect([isEntry(e), isEntry([r3]), isEntry(r3)]).toEqual([true, false, false]);
    expect([isHeldRows(e), isHeldRows([r3]), isHeldRows(r3)]).toEqual([false, true, true]);
  });

  it('a slot of a rebuild not yet judged is an entry or rows: isLoadedRows tells them apart by the entry’s class', () => {
    const r3 = put(3, 'todos', { id: 't' }, ['c1', 5]);
    const entries: Entries = new Map();
    addHeldRow(entries, 'c1', 5, r3);
    addHeldRow(entries, 'c1', 6, r3);
    addHeldRow(entries, 'c1', 6, r3);
    const e = entryOf(entries, 'c1', 7);
    const slots = [5, 6, 7].map((mid) => entries.get('c1')?.get(mid));
    expect(slots.map((s) => s !== undefined && isLoadedRows(s))).toEqual([true, true, false]);
    expect(slots.map((s) => s !== undefined && isHeldRows(s))).toEqual([true, true, false]);
    expect(isEntry(e)).toBe(true);
    // A plain object that looks like an entry is not one.
    const lookalike: Slot = { ...e };
    expect(isEntry(lookalike)).toBe(false);
  });

  it('rowList: the held rows as a new list', () => {
    const list = [r3, r4];
    expect(rowList(list)).toEqual(list);
    expect(rowList(list)).not.toBe(list);
    expect(rowList(r3)).toEqual([r3]);
  });

  it('entryOf and entryAt make a slot of rows an entry holding a copy of them, with no verdict yet', () => {
    const entries: Entries = new Map();
    addHeldRow(entries, 'c1', 5, r3);
    addHeldRow(entries, 'c1', 5, r4);
    addHeldRow(entries, 'c1', 6, r4);
    const held = entries.get('c1')?.get(5);
    const e = entryOf(entries, 'c1', 5);
    expect(e).toEqual({ mid: 5, ...none(), changes: [r3, r4], facts: null, verdict: null });
    expect(e.changes).not.toBe(held);
    expect(entries.get('c1')?.get(5)).toBe(e);
    const at = entryAt(entries, 'c1', 6);
    expect(at).toEqual({ mid: 6, ...none(), changes: [r4], facts: null, verdict: null });
    expect(entries.get('c1')?.get(6)).toBe(at);
    expect(entryAt(entries, 'c1', 6)).toBe(at);
  });

  it('a held verdict holds its rows; made an entry, the entry keeps it as its verdict and a copy of the rows', () => {
    const rows = [r4, r3];
    const v = judgeChangeRowsOnly('c1#5', 'c1', 5, rows, ctx);
    expect(v.heldRows).toEqual(rows);
    expect(v.heldRows).not.toBe(rows);
    expect(v).toMatchObject({ key: 'c1#5', status: 'applied', name: '(unknown)', changeRowVersions: [3, 4] });
    expect(v.evidence.at(-1)).toBe('change rows with its provenance: todos/u put @4, todos/t put @3');
    const one = judgeChangeRowsOnly('c1#6', 'c1', 6, r3, ctx);
    expect(one.heldRows).toEqual([r3]);
    expect(one).toMatchObject({ key: 'c1#6', mutationID: 6, status: 'applied', changeRowVersions: [3] });
    expect(one.evidence.at(-1)).toBe('change rows with its provenance: todos/t put @3');
    const entries: Entries = new Map([['c1', new Map([[5, v]])]]);
    expect(verdictOf(entries.get('c1')?.get(5))).toBe(v);
    const e = entryOf(entries, 'c1', 5);
    expect(e.verdict).toBe(v);
    expect(e.changes).toEqual(rows);
    expect(e.changes).not.toBe(rows);
    addSource(e, 'changes', put(7, 'todos', { id: 'w' }, ['c1', 5]));
    // The verdict still reads the rows it was judged from.
    expect(v.evidence.at(-1)).toBe('change rows with its provenance: todos/u put @4, todos/t put @3');
    const entries2: Entries = new Map([['c1', new Map([[5, v]])]]);
    expect(entryAt(entries2, 'c1', 5)?.verdict).toBe(v);
  });

  it('a held verdict judged without a key makes its key and row versions when read, once, and writes them out', () => {
    const v = judgeChangeRowsOnly(null, 'c1', 5, [r4, r3], ctx);
    expect(v.key).toBe('c1#5');
    expect(v.changeRowVersions).toEqual([3, 4]);
    expect(v.changeRowVersions).toBe(v.changeRowVersions);
    expect(JSON.parse(JSON.stringify(v))).toMatchObject({ key: 'c1#5', changeRowVersions: [3, 4], status: 'applied' });
    expect(judgeChangeRowsOnly(null, 'c2', 9, r3, ctx)).toMatchObject({ key: 'c2#9', changeRowVersions: [3] });
  });

  it('verdictOf: none for no slot or rows still loading; an entry’s verdict; the held verdict itself', () => {
    expect(verdictOf(undefined)).toBeUndefined();
    expect(verdictOf([r3])).toBeUndefined();
    expect(verdictOf(r3)).toBeUndefined();
    const entries: Entries = new Map();
    const e = entryOf(entries, 'c1', 5);
    expect(verdictOf(e)).toBeUndefined();
    addSource(e, 'changes', r3);
    const f = factsOf('c1', 5, e);
    if (!f) throw new Error('facts expected');
    const v = judgeOne(f, ctx, e);
    e.verdict = v;
    expect(verdictOf(e)).toBe(v);
    // A verdict judged from an entry holds no rows of its own.
    expect((v as { heldRows?: unknown }).heldRows).toBeNull();
  });

  it('a verdict whose entry has lost every source since explains itself from the name and args it kept', () => {
    const entries: Entries = new Map();
    const e = entryOf(entries, 'c1', 5);
    const o = ob('addTodo');
    addSource(e, 'outbox', o);
    const f = factsOf('c1', 5, e);
    if (!f) throw new Error('facts expected');
    const v = judgeOne(f, ctx, e);
    expect(v.evidence[0]).toBe('in the outbox of client c1');
    removeSource(e, 'outbox', o);
    expect(factsOf('c1', 5, e)).toBeNull();
    expect(v.evidence[0]).toBe('watermark 9 for c1 (server /clients)');
    expect(v.evidence.join('\n')).not.toContain('outbox');
    expect(v.timeline.length).toBeGreaterThan(0);
    expect(v).toMatchObject({ name: 'addTodo', args: { id: 'o' } });
  });
});
