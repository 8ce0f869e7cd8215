// Issue "Client stores against the server", part 1: the Client view reads the page's IndexedDB
// (plasma databases, outbox, visible and base rows per table) and the plasma-devtools bridge.
// Needs the page reader wired into the panel (store slice, reducer, main.tsx, the Client tab).

import type { Frame, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';

/** The page's own view of its database, read with its own IndexedDB. */
async function pageCounts(page: Page, dbName: string) {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error(`cannot open ${name}`));
    });
    const count = (store: string) =>
      new Promise<number>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).count();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error(`cannot count ${store}`));
      });
    const out = {
      outbox: await count('_plasma_outbox'),
      visible: await count('todos'),
      base: await count('_plasma_base_todos'),
    };
    db.close();
    return out;
  }, dbName);
}

async function panelCounts(panel: Frame, dbName: string) {
  const db = panel.locator(`[data-testid="client-db"][data-db="${dbName}"]`);
  const todos = db.locator('[data-testid="client-table"][data-table="todos"]');
  return {
    outbox: Number(await db.getByTestId('client-outbox-count').textContent()),
    visible: Number(await todos.getByTestId('client-table-visible').textContent()),
    base: Number(await todos.getByTestId('client-table-base').textContent()),
  };
}

test('the Client view lists plasma-demo-alice with the counts the page has, and the bridge is connected', async ({
  app,
  session,
  panel,
}) => {
  await panel.getByTestId('view-client').click();
  await session.page.goto(`${app.url}/?scenario=healthy`);
  await expect(session.page.locator('body')).toHaveAttribute('data-state', 'ready');

  const db = panel.locator('[data-testid="client-db"][data-db="plasma-demo-alice"]');
  await expect(db.getByTestId('client-db-name')).toHaveText('plasma-demo-alice');
  await expect(db.getByTestId('client-table-name')).toContainText(['todos']);
  await expect(db.getByTestId('client-db-status')).toHaveText('read');

  // The app keeps syncing; compare after a refresh until both sides agree on a settled state.
  await expect
    .poll(async () => {
      await panel.getByTestId('client-refresh').click();
      await expect(db.getByTestId('client-db-status')).toHaveText('read');
      const [p, q] = [
        await pageCounts(session.page, 'plasma-demo-alice'),
        await panelCounts(panel, 'plasma-demo-alice'),
      ];
      return JSON.stringify(q) === JSON.stringify(p) ? p : { page: p, panel: q };
    })
    .toEqual(expect.objectContaining({ visible: expect.any(Number) }));
  const settled = await panelCounts(panel, 'plasma-demo-alice');
  // The healthy round created a todo that the server confirmed: it is in both stores.
  expect(settled.visible).toBeGreaterThan(0);
  expect(settled.base).toBeGreaterThan(0);

  await expect(panel.getByTestId('bridge-status')).toHaveText('bridge connected');
  await expect(panel.getByTestId('bridge-snapshot')).toContainText('clientID');
  await expect(panel.getByTestId('client-status')).toContainText('Read 1 plasma database');
});

test('a page without a plasma database shows a clear "no plasma database" state', async ({ app, session, panel }) => {
  await panel.getByTestId('view-client').click();
  await session.page.goto(`${app.url}/quiet.html`);
  // An app database that is not plasma's is not listed.
  await session.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('not-plasma', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('things');
        req.onsuccess = () => {
          req.result.close();
          resolve();
        };
        req.onerror = () => reject(req.error ?? new Error('cannot open not-plasma'));
      }),
  );
  await panel.getByTestId('client-refresh').click();
  await expect(panel.getByTestId('client-empty')).toContainText('No plasma database in this page');
  await expect(panel.getByTestId('client-db')).toHaveCount(0);
  await expect(panel.getByTestId('bridge-status')).toHaveText('no bridge (reading IndexedDB only)');
});
