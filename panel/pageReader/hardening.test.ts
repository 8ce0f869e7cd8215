// Faults a hostile or broken page can cause, each of which once hung, crashed or misreported.

import { describe, expect, it } from 'vitest';
import { createChunkAssembler } from '../../shared/pageReader/index.ts';
import { pageJson } from './pageJson.ts';
import { fakePage, openWith, plasmaStores, put, readAll, run, evalSource } from './testPage.ts';
import { applyPageReaderMessage, createPageReaderSlice, startPageReader } from './index.ts';
import type { InspectedWindowLike } from './evalPage.ts';

async function until(cond: () => boolean, tries = 3000) {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
}

/** An object that points at itself twice: 2^40 paths for an encoder that remembers nothing. */
function twice() {
  const o: Record<string, unknown> = { id: 'bomb' };
  o.parent = o;
  o.child = o;
  return o;
}
/** No cycle, but every level shared twice: 2^40 paths again. */
function dag() {
  let n: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 40; i++) n = { l: n, r: n };
  return { id: 'dag', n };
}

describe('the page-side encoder never walks a graph exponentially', () => {
  it.each([
    ['a self-reference twice', twice],
    ['a deeply shared graph', dag],
  ])('%s: bounded, and still JSON', (_n, make) => {
    for (const g of [globalThis, { JSON: { stringify: () => 'HACKED' } }]) {
      const j = pageJson(g);
      const t0 = performance.now();
      const s = j.str(make());
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(() => JSON.parse(s) as unknown).not.toThrow();
    }
  });

  it('reads a database holding such rows, and a bridge message of that shape is dropped or bounded', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    await put(db, 'todos', [twice(), dag(), { id: 'ok' }]);
    db.close();
    const { events } = await readAll(page.g);
    const a = createChunkAssembler(() => 1);
    const complete = events
      .flatMap((e) => (e.k === 'db' || e.k === 'chunk' || e.k === 'dbDone' ? [a.take(e)] : []))
      .find((s) => s.kind === 'complete');
    expect(complete?.kind === 'complete' && complete.data.visible.todos?.length).toBe(3);

    run(page.g, { op: 'bridgeInstall', key: 'b' });
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'x', o: twice() } });
    expect(() => JSON.parse(String(run(page.g, { op: 'bridgePoll', key: 'b' }))) as unknown).not.toThrow();
  });
});

describe('the panel never waits on the page forever', () => {
  it('an eval that never answers ends the read with an error, not "Reading…"', async () => {
    const silent: InspectedWindowLike = { eval: () => {} };
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: silent,
      bridge: false,
      evalTimeoutMs: 30,
    });
    await until(() => slice.overall.value.kind === 'error');
    expect(slice.overall.value.kind === 'error' && slice.overall.value.message).toContain('did not answer');
    h.dispose();
  });

  it('a read that makes no progress stops, and a database left mid-read says why', async () => {
    const answers = [
      '{"v":1,"started":true}',
      JSON.stringify({
        v: 1,
        done: false,
        events: [
          { k: 'dbs', supported: true, list: [{ name: 'p', version: 1 }] },
          {
            k: 'db',
            db: 'p',
            version: 1,
            incremental: false,
            stores: [{ name: '_plasma_outbox', count: 16, read: true }],
          },
          { k: 'chunk', db: 'p', store: '_plasma_outbox', from: 0, total: 16, rows: [{}] },
        ],
      }),
    ];
    const stuck: InspectedWindowLike = {
      eval: (_e, _o, cb) => setTimeout(() => cb(answers.shift() ?? '{"v":1,"events":[],"done":false}', undefined), 0),
    };
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: stuck,
      bridge: false,
      stallMs: 40,
    });
    await until(() => slice.overall.value.kind === 'error');
    expect(slice.overall.value.kind === 'error' && slice.overall.value.message).toContain('stalled');
    expect(slice.status.value.p).toMatchObject({ kind: 'error' });
    h.dispose();
  });

  it('a read past its deadline stops even while the page trickles answers', async () => {
    let n = 0;
    const trickle: InspectedWindowLike = {
      eval: (_e, _o, cb) =>
        setTimeout(
          () =>
            cb(
              n++ === 0
                ? '{"v":1,"started":true}'
                : JSON.stringify({
                    v: 1,
                    done: false,
                    events: [{ k: 'status', db: 'p', status: 'reading', message: '' }],
                  }),
              undefined,
            ),
          1,
        ),
    };
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: trickle,
      bridge: false,
      deadlineMs: 60,
    });
    await until(() => slice.overall.value.kind === 'error');
    expect(slice.overall.value.kind === 'error' && slice.overall.value.message).toContain('deadline');
    h.dispose();
  });
});

describe('one bad database fails alone', () => {
  it('an oversized database shows why on its own card; the others read', async () => {
    const page = fakePage();
    const big = await openWith(page.idb, 'big', plasmaStores(['todos']));
    await put(
      big,
      'todos',
      Array.from({ length: 50 }, (_, i) => ({ id: `b${i}`, pad: 'x'.repeat(200) })),
    );
    big.close();
    const fine = await openWith(page.idb, 'fine', plasmaStores(['todos']));
    await put(fine, 'todos', [{ id: 'a' }]);
    fine.close();
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: inspected(page.g),
      bridge: false,
      caps: { maxCharsPerDb: 5000 },
    });
    await until(() => slice.overall.value.kind === 'done');
    expect(slice.status.value.big).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('over the read cap') as unknown,
    });
    expect(slice.data.value.fine?.visible.todos).toEqual([{ id: 'a' }]);
    h.dispose();
  });

  it('a database the app deletes mid-read is reported missing, not upgrading', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'p', plasmaStores(['todos']));
    await put(
      db,
      'todos',
      Array.from({ length: 300 }, (_, i) => ({ id: `t${i}` })),
    );
    db.close();
    const realOpen = page.idb.open.bind(page.idb);
    page.g.indexedDB = {
      databases: () => page.idb.databases(),
      open: (n: string) => {
        const req = realOpen(n);
        req.addEventListener('success', () => setTimeout(() => page.idb.deleteDatabase(n), 0));
        return req;
      },
    };
    const { events } = await readAll(page.g, { chunkRows: 10 });
    expect(events).toContainEqual(expect.objectContaining({ k: 'status', db: 'p', status: 'missing' }));
    expect(events.some((e) => e.k === 'status' && e.status === 'upgrading')).toBe(false);
  });

  it('a database named __proto__ is a database, not a prototype', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, '__proto__', plasmaStores(['todos']));
    await put(db, 'todos', [{ id: 'a' }]);
    db.close();
    const slice = createPageReaderSlice();
    const h = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: inspected(page.g),
      bridge: false,
    });
    await until(() => slice.overall.value.kind === 'done');
    expect(Object.getPrototypeOf(slice.data.value)).toBeNull();
    expect(Object.keys(slice.data.value)).toEqual(['__proto__']);
    expect(slice.data.value.__proto__?.visible.todos).toEqual([{ id: 'a' }]);
    expect(slice.databases.value).toEqual(['__proto__']);
    h.dispose();
  });
});

function inspected(g: unknown): InspectedWindowLike {
  return {
    eval(expr, _o, cb) {
      let r: unknown;
      try {
        r = evalSource(expr, g);
      } catch (e) {
        return void setTimeout(() => cb(undefined, { isException: true, value: String(e) }), 0);
      }
      setTimeout(() => cb(r, undefined), 0);
    },
  };
}
