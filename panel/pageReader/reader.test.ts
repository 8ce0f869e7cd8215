import { describe, expect, it } from 'vitest';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { fakePage, openWith, plasmaStores, put, evalSource } from './testPage.ts';
import { applyPageReaderMessage, createPageReaderSlice, startPageReader } from './index.ts';
import type { InspectedWindowLike } from './evalPage.ts';
import { hintFromSyncEvents } from './hints.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';

/** A captured pull as the capture parses it, with only what the reader looks at. */
function pullEvent(cookie: string, patch: [string, string][]): SyncEvent {
  const value = {
    cookie: { format: 'opaque' as const, raw: cookie },
    patch: patch.map(([table, id]) => ({ op: 'put' as const, table, id, value: { id }, rowVersion: 1 })),
    lastMutationIDs: {},
    hasMore: false,
  };
  return { kind: 'pull', response: { state: 'ok', value } } as unknown as SyncEvent;
}

/** chrome.devtools.inspectedWindow.eval over a fake page: the expression runs against its window. */
function inspected(g: unknown): InspectedWindowLike & { evals: number } {
  const w = {
    evals: 0,
    eval(expr: string, _o: Record<string, unknown>, cb: (r: unknown, e: unknown) => void) {
      w.evals++;
      let r: unknown;
      try {
        r = evalSource(expr, g);
      } catch (e) {
        return setTimeout(() => cb(undefined, { isException: true, value: String(e) }), 0);
      }
      setTimeout(() => cb(JSON.parse(JSON.stringify(r ?? null)), undefined), 0);
    },
  };
  return w;
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
}

function setup(g: unknown, extra: Partial<Parameters<typeof startPageReader>[2]> = {}) {
  const slice = createPageReaderSlice();
  const seen: CaptureMessage[] = [];
  const dispatch = (m: CaptureMessage) => {
    seen.push(m);
    expect(applyPageReaderMessage(slice, m)).toBe(true);
  };
  const handle = startPageReader(slice, dispatch, {
    inspectedWindow: inspected(g),
    chunkRows: 4,
    budgetChars: 300,
    debounceMs: 1,
    bridgePollMs: 5,
    ...extra,
  });
  return { slice, seen, handle };
}

describe('the page reader in the panel, against a fake page', () => {
  it('reads a plasma database into the slice with progress, and re-reads on refresh', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'plasma-demo-alice', plasmaStores(['todos']));
    await put(
      db,
      'todos',
      Array.from({ length: 9 }, (_, i) => ({ id: `t${i}` })),
    );
    await put(db, '_plasma_base_todos', [{ id: 't0' }]);
    await put(db, '_plasma_outbox', [{ clientID: 'c', mutationID: 3, name: 'createTodo', args: {}, timestamp: 1 }]);
    const { slice, seen, handle } = setup(page.g, { bridge: false });
    await until(() => slice.overall.value.kind === 'done');
    expect(slice.databases.value).toEqual(['plasma-demo-alice']);
    const data = slice.data.value['plasma-demo-alice']!;
    expect([data.visible.todos?.length, data.base.todos?.length, data.outbox.length]).toEqual([9, 1, 1]);
    expect(slice.status.value['plasma-demo-alice']).toEqual({ kind: 'ok' });
    expect(seen.some((m) => m.type === 'pageReadDbStatus' && m.status?.kind === 'progress')).toBe(true);

    expect(slice.changes.value).toEqual([
      expect.objectContaining({ seq: 1, dbName: 'plasma-demo-alice', full: true, consistent: true }),
    ]);

    // A captured pull named t1: the re-read gets that row by key, not the store.
    await put(db, '_plasma_base_todos', [{ id: 't1', v: 1 }]);
    await put(db, '_plasma_meta', [{ key: 'cookie', value: 'c1:2' }]);
    const before = slice.readId.value;
    handle.refresh(hintFromSyncEvents([pullEvent('c1:2', [['todos', 't1']])]));
    handle.refresh();
    await until(() => slice.changes.value.length === 2);
    expect(slice.readId.value).toBe(before + 1);
    expect(slice.data.value['plasma-demo-alice']!.base.todos).toEqual([{ id: 't0' }, { id: 't1', v: 1 }]);
    expect(slice.changes.value[1]).toMatchObject({
      seq: 2,
      full: false,
      consistent: true,
      base: { todos: { put: [{ id: 't1', v: 1 }], del: [] } },
      meta: { cookie: 'c1:2' },
    });
    expect(seen.filter((m) => m.type === 'pageReadDbDelta')).toHaveLength(1);
    handle.dispose();
    db.close();
  });

  it('falls back to a full pass when a cheap check disagrees (a write nobody named)', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    await put(db, 'todos', [{ id: 'a' }]);
    const { slice, handle } = setup(page.g, { bridge: false, autoFullGapMs: 0 });
    await until(() => slice.changes.value.length === 1);
    await put(db, 'todos', [{ id: 'b' }, { id: 'c' }]);
    handle.refresh(); // a bridge sync event: no keys
    await until(() => slice.changes.value.length === 3);
    expect(slice.changes.value.map((c) => c.full)).toEqual([true, false, true]);
    expect(slice.data.value.p!.visible.todos).toHaveLength(3);
    handle.dispose();
    db.close();
  });

  it('a cookie no captured pull announces costs a full pass only after it stays unannounced', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    await put(db, 'todos', [{ id: 'a' }]);
    await put(db, '_plasma_base_todos', [{ id: 'a', v: 1 }]);
    const { slice, handle } = setup(page.g, { bridge: false, autoFullGapMs: 0, unannouncedCookieMs: 30 });
    await until(() => slice.changes.value.length === 1);
    await put(db, '_plasma_base_todos', [{ id: 'a', v: 2 }]); // same count: only the cookie tells
    await put(db, '_plasma_meta', [{ key: 'cookie', value: 'c1:unseen' }]);
    handle.refresh();
    await until(() => slice.changes.value.length === 2);
    expect(slice.changes.value[1]!.full).toBe(false);
    await new Promise((r) => setTimeout(r, 40));
    handle.refresh();
    await until(() => slice.changes.value.length === 4);
    expect(slice.changes.value.map((c) => c.full)).toEqual([true, false, false, true]);
    expect(slice.data.value.p!.base.todos).toEqual([{ id: 'a', v: 2 }]);
    handle.dispose();
    db.close();
  });

  it('re-reads the rows a dropped outbox entry named (a silent revert)', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    await put(db, 'todos', [{ id: 'a' }, { id: 'opt' }]);
    await put(db, '_plasma_outbox', [
      { clientID: 'c', mutationID: 1, name: 'createTodo', args: { id: 'opt' }, timestamp: 1 },
    ]);
    const { slice, handle } = setup(page.g, { bridge: false, autoFullGapMs: 60_000 });
    await until(() => slice.changes.value.length === 1);
    // The pull drops the entry and the rebase removes the optimistic row; the patch names nothing.
    await new Promise<void>((resolve) => {
      const tx = db.transaction(['todos', '_plasma_outbox', '_plasma_meta'], 'readwrite');
      tx.objectStore('todos').delete('opt');
      tx.objectStore('_plasma_outbox').clear();
      tx.objectStore('_plasma_meta').put({ key: 'cookie', value: 'c1:9' });
      tx.oncomplete = () => resolve();
    });
    handle.refresh(hintFromSyncEvents([pullEvent('c1:9', [])]));
    await until(() => slice.changes.value.length === 2);
    expect(slice.changes.value[1]).toMatchObject({
      full: false,
      visible: { todos: { put: [], del: ['opt'] } },
      outbox: [],
    });
    expect(slice.data.value.p!.visible.todos).toEqual([{ id: 'a' }]);
    handle.dispose();
    db.close();
  });

  it('says there is no plasma database, and reports a page that cannot list them', async () => {
    const page = fakePage();
    (await openWith(page.idb, 'other', [{ name: 'x' }])).close();
    const a = setup(page.g, { bridge: false });
    await until(() => a.slice.overall.value.kind === 'done');
    expect(a.slice.databases.value).toEqual([]);
    a.handle.dispose();

    const b = setup({ JSON }, { bridge: false });
    await until(() => b.slice.overall.value.kind === 'unsupported');
    b.handle.dispose();
  });

  it('turns a hostile answer into an error state, never a throw', async () => {
    const hostile: InspectedWindowLike = {
      eval: (_e, _o, cb) => setTimeout(() => cb({ v: 1, events: 'nope' }, undefined), 0),
    };
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: hostile,
      bridge: false,
    });
    await until(() => slice.overall.value.kind === 'error');
    h.dispose();
  });

  it('keeps the status of a database that stopped after some chunks already travelled', async () => {
    // The page streams chunks while it still reads: an upgrade can stop a database mid-way.
    const answers = [
      '{"v":1,"started":true}',
      JSON.stringify({
        v: 1,
        done: true,
        events: [
          { k: 'dbs', supported: true, list: [{ name: 'p', version: 1 }] },
          { k: 'db', db: 'p', version: 1, stores: [{ name: '_plasma_outbox', count: 4, read: true }] },
          { k: 'chunk', db: 'p', store: '_plasma_outbox', from: 0, total: 4, rows: [{}, {}] },
          { k: 'status', db: 'p', status: 'upgrading', message: 'read again' },
        ],
      }),
    ];
    const scripted: InspectedWindowLike = {
      eval: (_e, _o, cb) => setTimeout(() => cb(answers.shift() ?? '{"v":1,"gone":true}', undefined), 0),
    };
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: scripted,
      bridge: false,
    });
    await until(() => slice.overall.value.kind !== 'reading' && answers.length === 0);
    await until(() => slice.status.value.p?.kind === 'upgrading');
    h.dispose();
  });

  it('connects to the bridge: installs the listener, asks for a snapshot, shows what the page says', async () => {
    const page = fakePage();
    const { slice, handle } = setup(page.g);
    await until(() => page.posted.length === 1);
    page.deliver({
      source: 'plasma-devtools',
      v: 1,
      type: 'snapshot',
      snapshot: { clientID: 'c', cookie: null, outbox: [] },
    });
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'pull', at: 1 } });
    await until(() => slice.bridge.connected.value && slice.bridge.events.value.length === 1);
    expect(slice.bridge.lastSnapshot.value?.clientID).toBe('c');
    handle.dispose();
  });
});

describe('refresh debouncing', () => {
  it('reads within the ceiling even when refresh() keeps coming faster than the debounce', async () => {
    const page = fakePage();
    const { slice, handle } = setup(page.g, { bridge: false, debounceMs: 50, maxWaitMs: 120 });
    await until(() => slice.overall.value.kind === 'done');
    const before = slice.readId.value;
    const spam = setInterval(() => handle.refresh(), 10);
    await until(() => slice.readId.value > before);
    clearInterval(spam);
    handle.dispose();
  });
});

describe('the page script is installed once per document', () => {
  it('sends the whole script on the first read only, and again after the document lost it', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    await put(db, 'todos', [{ id: 'a' }]);
    const win = inspected(page.g);
    const sizes: number[] = [];
    const measured: InspectedWindowLike = {
      eval(expr, o, cb) {
        sizes.push(expr.length);
        win.eval(expr, o, cb);
      },
    };
    const { slice, handle } = setup(page.g, { bridge: false, inspectedWindow: measured });
    await until(() => slice.changes.value.length === 1);
    const big = (from: number) => sizes.slice(from).filter((n) => n > 4000).length;
    expect(big(0)).toBe(1);
    let mark = sizes.length;
    handle.refresh();
    await until(() => slice.changes.value.length === 2);
    expect(big(mark)).toBe(0);
    // A new document: nothing parked on its window.
    for (const k of Object.getOwnPropertyNames(page.g))
      if (k.startsWith('__plasmaDevtoolsKit_')) Reflect.deleteProperty(page.g, k);
    mark = sizes.length;
    handle.refresh();
    await until(() => slice.changes.value.length === 3);
    expect(big(mark)).toBe(1);
    expect(slice.changes.value.map((c) => c.full)).toEqual([true, false, false]);
    handle.dispose();
    db.close();
  });
});
