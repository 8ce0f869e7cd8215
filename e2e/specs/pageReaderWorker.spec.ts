// A full pass of the page reader runs in a worker the page script starts (pageWorker.ts): the
// page's own thread opens none of the reader's transactions. A page whose content security
// policy allows no worker is read on its thread instead, with the same result.

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

/** Counts, from now on, the transactions the page's own thread opens over the notes stores. */
async function countPageThreadReads(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __readerTx: number };
    w.__readerTx = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its database as `this` below
    const create = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof create>) {
      const stores = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
      if (stores.some((s) => s.endsWith('notes'))) w.__readerTx++;
      return create.apply(this, args);
    } as typeof create;
  });
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
