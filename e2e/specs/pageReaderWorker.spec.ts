// A full pass of the page reader runs in a worker the page script starts (pageWorker.ts): the
// page's own thread opens none of the reader's transactions. A page whose content security
// policy allows no worker is read on its thread instead, with the same result. Stores keyed by
// numbers, arrays, dates and out-of-line keys, read in key ranges there, arrive exactly as they are.

import type { Frame, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';

const DB = 'plasma-app-notes';

/** A plasma database with 2,500 notes in both stores, as a page of another app would hold. */
async function seed(page: Page) {
  await page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        for (const s of ['notes', '_plasma_base_notes']) d.createObjectStore(s, { keyPath: 'id' });
        d.createObjectStore('_plasma_outbox', { keyPath: ['clientID', 'mutationID'] });
        d.createObjectStore('_plasma_meta', { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('cannot open'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['notes', '_plasma_base_notes'], 'readwrite');
      for (let i = 0; i < 2500; i++)
        for (const s of ['notes', '_plasma_base_notes'])
          tx.objectStore(s).put({ id: `note-${String(i).padStart(5, '0')}`, text: `note ${i}` });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('cannot write'));
    });
    db.close();
  }, DB);
}

/** Counts, from now on, the transactions the page's own thread opens over the named tables' stores. */
async function countPageThreadReads(page: Page, tables = ['notes']) {
  await page.evaluate((tables) => {
    const w = window as unknown as { __readerTx: number };
    w.__readerTx = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its database as `this` below
    const create = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof create>) {
      const stores = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
      if (stores.some((s) => tables.some((t) => s.endsWith(t)))) w.__readerTx++;
      return create.apply(this, args);
    } as typeof create;
  }, tables);
  return () => page.evaluate(() => (window as unknown as { __readerTx: number }).__readerTx);
}

async function readAndCount(panel: Frame) {
  await panel.getByTestId('client-refresh').click();
  const db = panel.locator(`[data-testid="client-db"][data-db="${DB}"]`);
  await expect(db.getByTestId('client-db-status')).toHaveText('read');
  const notes = db.locator('[data-testid="client-table"][data-table="notes"]');
  await expect(notes.getByTestId('client-table-visible')).toHaveText('2500');
  await expect(notes.getByTestId('client-table-base')).toHaveText('2500');
}

test('a full pass reads the page’s database in a worker: the page’s thread opens none of its transactions', async ({
  app,
  session,
  panel,
}) => {
  await panel.getByTestId('view-client').click();
  await session.page.goto(`${app.url}/quiet.html`);
  await seed(session.page);
  const pageThreadReads = await countPageThreadReads(session.page);
  await readAndCount(panel);
  expect(await pageThreadReads()).toBe(0);
});

test('a page whose policy allows no worker is read on its own thread, with the same rows', async ({
  app,
  session,
  panel,
}) => {
  await panel.getByTestId('view-client').click();
  await session.page.goto(`${app.url}/no-workers.html`);
  await seed(session.page);
  const pageThreadReads = await countPageThreadReads(session.page);
  await readAndCount(panel);
  expect(await pageThreadReads()).toBeGreaterThan(2);
});

/** Stores keyed by numbers, arrays, dates and out-of-line keys, 1,200 rows each in both stores. */
const ODD = 'plasma-odd-keys';
const ODD_TABLES = ['nums', 'pairs', 'dates', 'loose'];

test('a full pass in key ranges reads stores keyed by numbers, arrays, dates and out-of-line keys exactly', async ({
  app,
  session,
  panel,
}) => {
  await panel.getByTestId('view-client').click();
  await session.page.goto(`${app.url}/quiet.html`);
  await session.page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        d.createObjectStore('_plasma_outbox', { keyPath: ['clientID', 'mutationID'] });
        for (const [t, keyPath] of [
          ['nums', 'n'],
          ['pairs', ['a', 'b']],
          ['dates', 'at'],
        ] as const)
          for (const s of [t, `_plasma_base_${t}`]) d.createObjectStore(s, { keyPath: keyPath as string | string[] });
        for (const s of ['loose', '_plasma_base_loose']) d.createObjectStore(s);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('cannot open'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction([...db.objectStoreNames], 'readwrite');
      for (let i = 0; i < 1200; i++)
        for (const p of ['', '_plasma_base_']) {
          tx.objectStore(`${p}nums`).put({ n: i * 1.5 - 700, v: i });
          tx.objectStore(`${p}pairs`).put({ a: `k${i % 7}`, b: i, v: i });
          tx.objectStore(`${p}dates`).put({ at: new Date(1_700_000_000_000 + i * 1000), v: i });
          tx.objectStore(`${p}loose`).put({ v: i }, `key-${String(i).padStart(5, '0')}`);
        }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('cannot write'));
    });
    db.close();
  }, ODD);
  const pageThreadReads = await countPageThreadReads(session.page, ODD_TABLES);
  await panel.getByTestId('client-refresh').click();
  const db = panel.locator(`[data-testid="client-db"][data-db="${ODD}"]`);
  await expect(db.getByTestId('client-db-status')).toHaveText('read');
  expect(await pageThreadReads()).toBe(0);
  // The page's own getAll of each store, as JSON (a date as its ISO text, as the reader sends it).
  const want = await session.page.evaluate(
    async ({ name, tables }) => {
      const d = await new Promise<IDBDatabase>(
        (r) => (indexedDB.open(name).onsuccess = (e) => r((e.target as IDBOpenDBRequest).result)),
      );
      const out: Record<string, string> = {};
      for (const t of tables)
        out[t] = await new Promise<string>((r) => {
          const q = d.transaction(t).objectStore(t).getAll();
          q.onsuccess = () => r(JSON.stringify(q.result));
        });
      d.close();
      return out;
    },
    { name: ODD, tables: ODD_TABLES },
  );
  const held = await panel.evaluate(
    ({ name, tables }) => {
      const data = (
        globalThis as unknown as {
          __plasmaDevtools: {
            store: {
              pageReader: {
                data: {
                  value: Record<string, { base: Record<string, unknown[]>; visible: Record<string, unknown[]> }>;
                };
              };
            };
          };
        }
      ).__plasmaDevtools.store.pageReader.data.value[name];
      const out: Record<string, [string, string]> = {};
      for (const t of tables) out[t] = [JSON.stringify(data?.base[t]), JSON.stringify(data?.visible[t])];
      return out;
    },
    { name: ODD, tables: ODD_TABLES },
  );
  for (const t of ODD_TABLES) expect(held[t]).toEqual([want[t], want[t]]);
});
