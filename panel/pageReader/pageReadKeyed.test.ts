// The page script's incremental reads: the named rows by key, in batches of gets per transaction
// over one store each, between a head and a closing head over outbox and meta.

import { describe, expect, it } from 'vitest';
import { createChunkAssembler, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { bigPlasma, instrument, readWith } from './readTestKit.ts';
import { fakePage, openWith, plasmaStores, put, readAll } from './testPage.ts';

/** An incremental read's events assembled into the delta the panel applies. */
function deltaOf(events: ReaderEvent[]) {
  const a = createChunkAssembler(() => 1);
  const delta = events
    .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'keyed' || e.k === 'dbDone' ? [a.take(e)] : []))
    .find((s) => s.kind === 'delta');
  if (delta?.kind !== 'delta') throw new Error('no delta');
  return delta;
}

describe('page script: incremental reads', () => {
  it('spreads many named rows over transactions of one store each, 25 gets in the first', async () => {
    const { page, db } = await bigPlasma(500);
    const scopes: string[][] = [];
    const perTx = instrument(page, scopes);
    db.close();
    const ids = Array.from({ length: 300 }, (_, i) => `t${String(i).padStart(5, '0')}`);
    const events = await readWith(page.g, {
      chunkRows: 1000,
      countStores: false,
      keys: { tables: [['todos', ids]], any: [] },
    });
    const found = (store: string) =>
      events.reduce((n, e) => n + (e.k === 'keyed' && e.store === store ? e.found.length : 0), 0);
    expect([found('todos'), found('_plasma_base_todos')]).toEqual([300, 300]);
    // The head asks for meta and the outbox only (1,000 each at most), over those two stores: the
    // app's writes to the tables never wait behind it. The gets follow, 25 in the first, in
    // transactions over one store each, growing only while one ends well within the budget.
    expect(perTx[0]).toBe(2 * 1000);
    expect(scopes[0]?.sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
    expect(perTx[1]).toBe(25);
    const gets = scopes.slice(1, -1);
    expect(gets.length).toBeGreaterThanOrEqual(3);
    expect(gets.every((s) => s.length === 1)).toBe(true);
    expect(scopes.at(-1)?.sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
  });

  it('reads outbox, meta, counts and only the named rows, in base and visible', async () => {
    const { page, db } = await bigPlasma(500);
    await put(db, '_plasma_outbox', [
      { clientID: 'c', mutationID: 4, name: 'renameTodo', args: { id: 't00007', listId: 'l1' }, timestamp: 1 },
    ]);
    const scopes: string[][] = [];
    const perTx = instrument(page, scopes);
    db.close();
    // A budget no transaction reaches: the count of each store is one step, however slow the machine.
    const events = await readWith(page.g, { sliceMs: 1e6, keys: { tables: [['todos', ['t00001', 'gone']]], any: [] } });
    const keyed = events.flatMap((e) => (e.k === 'keyed' ? [e] : []));
    expect(keyed.map((e) => [e.store, e.found.map((r) => (r as { id: string }).id).sort(), e.missing.sort()])).toEqual([
      ['_plasma_base_todos', ['t00001', 't00007'], ['gone', 'l1']],
      ['todos', ['t00001', 't00007'], ['gone', 'l1']],
    ]);
    expect(events.flatMap((e) => (e.k === 'chunk' ? [e.store] : []))).toEqual(['_plasma_meta', '_plasma_outbox']);
    // Each big store counted in a transaction of its own, the head (meta and outbox, 50 each at
    // most), the four gets of each store in its own transaction, and the closing check of meta and
    // outbox, which counts nothing again; nothing scales with the 500 rows.
    expect(perTx).toEqual([0, 0, 0, 2 * 50, 4, 4, 2 * 50]);
    expect(scopes.slice(0, 3).map((s) => s.length)).toEqual([1, 1, 1]);
    expect(scopes[3]?.sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
    expect(events.find((e) => e.k === 'dbDone')).toMatchObject({ consistent: true });
    const delta = deltaOf(events);
    expect(delta.delta.counts.todos).toBe(500);
    expect(delta.delta.meta.cookie).toBe('c1:1');
    expect(delta.delta.outbox).toHaveLength(1);
    expect(delta.delta.visible.todos?.del.sort()).toEqual(['gone', 'l1']);
  });

  it('counts only outbox and meta when asked not to count the big stores', async () => {
    const { page, db } = await bigPlasma(300);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['todos', ['t00001']]], any: [] }, countStores: false });
    const delta = deltaOf(events);
    expect(Object.keys(delta.delta.counts).sort()).toEqual(['_plasma_meta', '_plasma_outbox']);
    expect(delta.delta.visible.todos?.put).toEqual([expect.objectContaining({ id: 't00001' })]);
  });

  it('leaves the visible stores uncounted when asked, counting the base stores each on its own', async () => {
    const { page, db } = await bigPlasma(300);
    const scopes: string[][] = [];
    instrument(page, scopes);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['todos', ['t00001']]], any: [] }, countVisible: false });
    const delta = deltaOf(events);
    expect(delta.delta.counts._plasma_base_todos).toBe(300);
    expect(Object.hasOwn(delta.delta.counts, 'todos')).toBe(false);
    // No transaction but the gets of todos covers the store the app writes.
    expect(scopes.filter((s) => s.includes('todos'))).toEqual([['todos']]);
  });

  it('never counts the stores the panel holds too many rows of, in that database only', async () => {
    const { page, db } = await bigPlasma(300);
    const scopes: string[][] = [];
    instrument(page, scopes);
    db.close();
    // A budget no transaction reaches: the count of each store is one step, however slow the machine.
    const events = await readWith(page.g, {
      sliceMs: 1e6,
      keys: { tables: [['todos', ['t00001']]], any: [] },
      noCount: [
        ['another-db', ['todos']],
        ['plasma-big', ['_plasma_base_todos']],
      ],
    });
    const delta = deltaOf(events);
    expect(Object.hasOwn(delta.delta.counts, '_plasma_base_todos')).toBe(false);
    expect(delta.delta.counts.todos).toBe(300);
    // One transaction fewer over the base store than a read that counts it: its count.
    const alone = (list: string[][]) => list.filter((s) => s.length === 1 && s[0] === '_plasma_base_todos').length;
    const counted: string[][] = [];
    instrument(page, counted);
    await readWith(page.g, { sliceMs: 1e6, keys: { tables: [['todos', ['t00001']]], any: [] } });
    expect(alone(scopes)).toBe(alone(counted) - 1);
    expect(delta.delta.visible.todos?.put).toEqual([expect.objectContaining({ id: 't00001' })]);
  });

  it('keeps a table named __proto__ a table', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['__proto__']));
    await put(db, '__proto__', [{ id: 'a' }]);
    db.close();
    const events = await readWith(page.g, { keys: { tables: [['__proto__', ['a']]], any: [] } });
    expect(events.flatMap((e) => (e.k === 'keyed' ? [e.found] : []))).toEqual([[], [{ id: 'a' }]]);
    const full = await readAll(page.g);
    const a = createChunkAssembler(() => 1);
    const complete = full.events
      .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone' ? [a.take(e)] : []))
      .find((s) => s.kind === 'complete');
    if (complete?.kind !== 'complete') throw new Error('no complete');
    expect(Object.getPrototypeOf(complete.data.visible)).toBe(null);
    expect(complete.data.visible.__proto__).toEqual([{ id: 'a' }]);
    expect(Object.getPrototypeOf(complete.data.base)).toBe(null);
  });
});
