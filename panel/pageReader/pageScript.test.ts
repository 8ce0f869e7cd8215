import { describe, expect, it } from 'vitest';
import { createChunkAssembler, type AssemblyStep, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { decodeReaderAnswer } from '../../shared/pageReader/index.ts';
import { fakePage, openWith, plasmaStores, put, readAll, run } from './testPage.ts';

const todos = (n: number, prefix = 't') =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `todo ${i}`, done: i % 2 === 0 }));

function assemble(events: ReaderEvent[]) {
  const a = createChunkAssembler(() => 1);
  const steps: AssemblyStep[] = [];
  for (const e of events) if (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone') steps.push(a.take(e));
  return steps;
}

/** Like readAll, with a huge budget, and noting in which poll each event arrived. */
async function readAllTracked(g: unknown) {
  const key = 'tracked';
  run(g, { op: 'read', key, chunkRows: 3 });
  const events: ReaderEvent[] = [];
  const pollOf: number[] = [];
  for (let poll = 0; ; poll++) {
    const a = decodeReaderAnswer(run(g, { op: 'poll', key, budget: 1e9 }));
    if (!a.ok || a.kind !== 'poll') throw new Error('bad poll');
    for (const e of a.events) {
      events.push(e);
      pollOf.push(poll);
    }
    if (a.done) break;
    await new Promise((r) => setTimeout(r, 0));
  }
  return { events, pollsWith: (p: (e: ReaderEvent) => boolean) => pollOf[events.findIndex(p)] ?? -1 };
}

async function seededPlasma(g: ReturnType<typeof fakePage>) {
  const db = await openWith(g.idb, 'plasma-demo-alice', plasmaStores(['todos', 'lists']));
  await put(db, 'todos', todos(7));
  await put(db, '_plasma_base_todos', todos(5));
  await put(db, '_plasma_outbox', [
    { clientID: 'c1', mutationID: 1, name: 'createTodo', args: { id: 't5' }, timestamp: 1 },
    { clientID: 'c1', mutationID: 2, name: 'createTodo', args: { id: 't6' }, timestamp: 2 },
  ]);
  await put(db, '_plasma_meta', [
    { key: 'cookie', value: 'c1:eyIwIjoiMyJ9' },
    { key: 'clientGroupID', value: 'g1' },
  ]);
  return db;
}

describe('page script: reading plasma databases from source text', () => {
  it('lists databases, skips non-plasma ones, streams every plasma store in ordered chunks', async () => {
    const page = fakePage();
    (await seededPlasma(page)).close();
    (await openWith(page.idb, 'other-app', [{ name: 'things' }])).close();
    const { events, polls, parkedAfter } = await readAll(page.g, { chunkRows: 3, budget: 200 });
    expect(polls).toBeGreaterThan(2);
    expect(parkedAfter).toBe(false);
    expect(events.find((e) => e.k === 'dbs')).toMatchObject({
      supported: true,
      list: expect.arrayContaining([{ name: 'other-app', version: 1 }]) as unknown,
    });
    expect(events).toContainEqual({ k: 'status', db: 'other-app', status: 'notPlasma', message: '' });
    const steps = assemble(events);
    const complete = steps.find((s) => s.kind === 'complete');
    if (complete?.kind !== 'complete') throw new Error('no complete step');
    expect(complete.data.tables).toEqual(['lists', 'todos']);
    expect(complete.data.visible.todos).toHaveLength(7);
    expect(complete.data.base.todos).toHaveLength(5);
    expect(complete.data.visible.lists).toEqual([]);
    expect(complete.data.outbox.map((o) => o.mutationID)).toEqual([1, 2]);
    expect(complete.data.meta).toMatchObject({ cookie: 'c1:eyIwIjoiMyJ9', clientGroupID: 'g1' });
    expect(complete.data.others).toEqual([{ name: '_plasma_blobs_local', count: 0 }]);
    const progress = steps.flatMap((s) => (s.kind === 'progress' ? [s.done] : []));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it.each([
    ['inline keys', 'id', (i: number) => ({ id: `k${String(i).padStart(3, '0')}`, i })],
    ['a nested key path', 'meta.id', (i: number) => ({ meta: { id: 1000 - i }, i })],
    ['a compound key path', ['g', 'n'], (i: number) => ({ g: i % 3, n: i, i })],
    ['out-of-line keys', null, (i: number) => ({ i })],
  ] as const)('reads a store in keyed chunks while the transaction runs (%s)', async (_label, keyPath, row) => {
    const page = fakePage();
    const db = await openWith(page.idb, 'plasma-k', [
      { name: 'todos', keyPath: keyPath === null ? null : typeof keyPath === 'string' ? keyPath : [...keyPath] },
      { name: '_plasma_base_todos' },
      { name: '_plasma_outbox', keyPath: ['clientID', 'mutationID'] },
    ]);
    const rows = Array.from({ length: 23 }, (_, i) => row(i));
    await new Promise<void>((resolve) => {
      const tx = db.transaction('todos', 'readwrite');
      rows.forEach((r, i) =>
        keyPath === null ? tx.objectStore('todos').put(r, 500 - i) : tx.objectStore('todos').put(r),
      );
      tx.oncomplete = () => resolve();
    });
    db.close();
    const { events } = await readAll(page.g, { chunkRows: 4, budget: 1e9 });
    const chunks = events.filter((e) => e.k === 'chunk' && e.store === 'todos');
    expect(chunks.map((c) => (c.k === 'chunk' ? [c.from, c.rows.length, c.total] : []))).toEqual(
      [0, 4, 8, 12, 16, 20].map((f) => [f, Math.min(4, 23 - f), 23]),
    );
    const complete = assemble(events).find((s) => s.kind === 'complete');
    if (complete?.kind !== 'complete') throw new Error('no complete step');
    expect((complete.data.visible.todos as { i: number }[]).map((r) => r.i).sort((a, b) => a - b)).toEqual(
      rows.map((r) => r.i),
    );
  });

  it('hands out the first chunks before the read is over', async () => {
    const page = fakePage();
    const db = await seededPlasma(page);
    await put(db, 'todos', todos(40, 'x'));
    db.close();
    const { events, pollsWith } = await readAllTracked(page.g);
    const firstChunk = pollsWith((e) => e.k === 'chunk');
    const dbDone = pollsWith((e) => e.k === 'dbDone');
    expect(firstChunk).toBeLessThan(dbDone);
    expect(events.filter((e) => e.k === 'chunk').length).toBeGreaterThan(10);
  });

  it('reads whole stores when the page took IDBKeyRange away', async () => {
    const page = fakePage({ IDBKeyRange: undefined });
    (await seededPlasma(page)).close();
    const { events } = await readAll(page.g, { chunkRows: 2 });
    const complete = assemble(events).find((s) => s.kind === 'complete');
    if (complete?.kind !== 'complete') throw new Error('no complete step');
    expect([
      complete.data.visible.todos?.length,
      complete.data.base.todos?.length,
      complete.data.outbox.length,
    ]).toEqual([7, 5, 2]);
  });

  it('never creates a database it was asked about that no longer exists', async () => {
    const page = fakePage();
    const listed = { then: (ok: (l: unknown) => void) => ok([{ name: 'gone-db', version: 3 }]) };
    const idb = page.idb;
    page.g.indexedDB = { open: (n: string) => idb.open(n), databases: () => listed };
    const { events } = await readAll(page.g);
    expect(events).toContainEqual(expect.objectContaining({ k: 'status', db: 'gone-db', status: 'missing' }));
    expect((await idb.databases()).map((d) => d.name)).not.toContain('gone-db');
  });

  it('reports blocked when the open waits on an upgrade another connection holds up', async () => {
    const page = fakePage();
    const holder = await seededPlasma(page); // never closes on versionchange, like a stale tab
    const upgrade = page.idb.open('plasma-demo-alice', 2);
    upgrade.onupgradeneeded = () => {};
    const { events } = await readAll(page.g, { openTimeoutMs: 50 });
    expect(events).toContainEqual(expect.objectContaining({ k: 'status', db: 'plasma-demo-alice', status: 'blocked' }));
    holder.close();
  });

  it('reports upgrading and steps aside when the app upgrades during the read', async () => {
    const page = fakePage();
    (await seededPlasma(page)).close();
    const realOpen = page.idb.open.bind(page.idb);
    let reader: IDBDatabase | undefined;
    page.g.indexedDB = {
      databases: () => page.idb.databases(),
      open: (n: string) => {
        const req = realOpen(n);
        req.addEventListener('success', () => {
          reader = req.result;
          // The app asks for a new version right as the reader starts its transaction.
          const up = realOpen(n, 2);
          up.onsuccess = () => up.result.close();
        });
        return req;
      },
    };
    const { events } = await readAll(page.g);
    expect(reader).toBeDefined();
    expect(events).toContainEqual(expect.objectContaining({ k: 'status', status: 'upgrading' }));
  });

  it('survives a hostile page: JSON replaced, BigInt and cyclic rows, prototype pollution', async () => {
    const page = fakePage({ JSON: { stringify: () => 'HACKED', parse: () => ({}) } });
    const db = await seededPlasma(page);
    const cyc: Record<string, unknown> = { id: 'cyc' };
    cyc.self = cyc;
    await put(db, 'todos', [{ id: 'big', n: 10n }, cyc, { id: 'q', t: 'quote " and \\ and \u2028 and \ud800' }]);
    db.close();
    const { events } = await readAll(page.g);
    const complete = assemble(events).find((s) => s.kind === 'complete');
    if (complete?.kind !== 'complete') throw new Error('no complete step');
    const rows = complete.data.visible.todos as { id: string }[];
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r.id === 'big')).toEqual({ id: 'big', n: '10' });
    expect(rows.find((r) => r.id === 'q')).toEqual({ id: 'q', t: 'quote " and \\ and \u2028 and \ud800' });
    expect(rows.find((r) => r.id === 'cyc')).toBeDefined();
  });

  it('reports an unsupported page instead of throwing', async () => {
    const { events } = await readAll({ setTimeout, clearTimeout, JSON });
    expect(events).toEqual([expect.objectContaining({ k: 'dbs', supported: false })]);
  });
});

describe('page script: the bridge buffer', () => {
  it('buffers only this window’s plasma-devtools messages, asks for a snapshot, drains once', () => {
    const page = fakePage();
    expect(run(page.g, { op: 'bridgePoll', key: 'b' })).toBe('{"v":1,"gone":true}');
    expect(run(page.g, { op: 'bridgeInstall', key: 'b', commandId: 'c1' })).toBe('{"v":1,"installed":true}');
    expect(run(page.g, { op: 'bridgeInstall', key: 'b', commandId: 'c2' })).toBe('{"v":1,"present":true}');
    expect(page.posted).toEqual([{ source: 'plasma-devtools', v: 1, type: 'command', id: 'c1', command: 'snapshot' }]);
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'hello', dbName: 'x' });
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'hello', dbName: 'from-iframe' }, {});
    page.deliver({ source: 'someone-else', v: 1, type: 'hello' });
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'x', pad: 'y'.repeat(500) } });
    const first = JSON.parse(String(run(page.g, { op: 'bridgePoll', key: 'b' }))) as { messages: unknown };
    expect(first.messages).toEqual([
      { source: 'plasma-devtools', v: 1, type: 'hello', dbName: 'x' },
      expect.objectContaining({ type: 'event' }),
    ]);
    expect((JSON.parse(String(run(page.g, { op: 'bridgePoll', key: 'b' }))) as { messages: unknown }).messages).toEqual(
      [],
    );
  });

  it('drops messages over the size bound and counts them', () => {
    const page = fakePage();
    run(page.g, { op: 'bridgeInstall', key: 'b', maxMessageChars: 100 });
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'snapshot', snapshot: { pad: 'z'.repeat(200) } });
    expect(JSON.parse(String(run(page.g, { op: 'bridgePoll', key: 'b' })))).toEqual({ v: 1, dropped: 1, messages: [] });
  });
});

describe('chunks carry rows as arrays of values under one key list', () => {
  it('packs rows of one shape and keeps every other row whole, reassembling the same rows', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    const rows: Record<string, unknown>[] = [
      { id: 'a', title: 'one', n: 1, tags: ['x'] },
      { id: 'b', title: 'two', n: 2, tags: [] },
      { id: 'c', n: 3, title: 'keys in another order' },
      { id: 'd', title: undefined, n: 4, tags: null },
      { id: 'e', title: 'nested', n: 5, tags: { deep: [1, { z: 2 }] } },
      { id: 'f', title: 'extra', n: 6, tags: [], more: true },
      { id: 'g', title: 'short' },
    ];
    await put(db, 'todos', rows);
    db.close();
    const { events } = await readAll(page.g, { chunkRows: 100, budget: 1e9 });
    const visible = events.find((e) => e.k === 'chunk' && e.store === 'todos');
    if (visible?.k !== 'chunk') throw new Error('no chunk of todos');
    expect(visible.rows).toEqual(rows.map((r) => JSON.parse(JSON.stringify(r)) as unknown));
    const raw = run(page.g, { op: 'read', key: 'raw', chunkRows: 100 });
    expect(raw).toBe('{"v":1,"started":true}');
    let text = '';
    for (let i = 0; i < 50 && !text.includes('"store":"todos"'); i++) {
      await new Promise((r) => setTimeout(r, 5));
      text += String(run(page.g, { op: 'poll', key: 'raw', budget: 1e9 }));
    }
    expect(text).toContain('"cols":["id","title","n","tags"],"rows":[["a","one",1,["x"]],["b","two",2,[]],{"r":{');
  });

  it('rejects a key list the panel could not rebuild safely', async () => {
    const { unpackRows } = await import('../../shared/pageReader/decode.ts');
    expect(unpackRows(['__proto__'], [[{ polluted: true }]])).toBeNull();
    expect(unpackRows(['a', 'b'], [[1]])).toBeNull();
    expect(unpackRows(['a'], ['x'])).toBeNull();
    expect(unpackRows([1], [[1]])).toBeNull();
    expect(unpackRows(['a'], [[1], { r: [2] }])).toEqual([{ a: 1 }, [2]]);
  });
});
