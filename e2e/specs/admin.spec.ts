// Issue: client stores against the server. The Server view reads the reference app's admin API
// from the real DevTools panel: base URL suggested from the captured sync traffic, the credential
// kept masked and out of exports, reachability explained, the change log listed.
// Needs the wiring of panel/admin into the store, main.tsx and App.tsx (the "Server" view tab).

import type { Frame, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { SCHEMA_VERSION } from '../reference-app/app/schema.ts';
import type { HarBundle } from '../../shared/auth/bundle.ts';

async function runHealthy(page: Page, appUrl: string) {
  await page.goto(`${appUrl}/?scenario=healthy`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
}

async function connect(panel: Frame, credential: string) {
  await panel.getByTestId('admin-credential').fill(credential);
  await panel.getByTestId('admin-connect').click();
}

test('healthy: connect with the admin token, see the change log; a wrong token is a clear 401 and the client side still works', async ({
  app,
  session,
  panel,
}) => {
  await runHealthy(session.page, app.url);
  await expect(panel.getByTestId('request-row').first()).toBeVisible();

  await panel.getByTestId('view-server').click();
  await expect(panel.getByTestId('admin-unavailable-note')).toContainText('client side only');
  await expect(panel.getByTestId('admin-base-url')).toHaveValue(`${app.url}/sync/admin`);
  await expect(panel.getByTestId('admin-credential')).toHaveAttribute('type', 'password');
  await expect(panel.getByTestId('admin-remember')).not.toBeChecked();

  await connect(panel, app.adminToken);
  const reach = panel.getByTestId('admin-reachability');
  await expect(reach).toHaveAttribute('data-state', 'ok');
  await expect(reach).toContainText(`schema version ${SCHEMA_VERSION}`);
  await expect(reach).toContainText('admin API v1');
  const todoRow = panel.getByTestId('admin-change-row').filter({ hasText: 'Todo from alice' });
  await expect(todoRow.first()).toBeVisible();
  await expect(todoRow.first().getByTestId('admin-change-table')).toHaveText('todos');
  await expect(panel.getByTestId('admin-client-row').first()).toBeVisible();

  // The credential is not in the page once connected (the field is emptied, the placeholder masked),
  // not in the store's serialized settings, and not in an exported bundle.
  await expect(panel.getByTestId('admin-credential')).toHaveValue('');
  await expect(panel.getByTestId('admin-credential')).toHaveAttribute('placeholder', /^set \(•+\)/);
  const html = await panel.content();
  expect(html).not.toContain(app.adminToken);
  const exported: string = await panel.evaluate(() => globalThis.__plasmaDevtools!.exportBundle());
  expect((JSON.parse(exported) as HarBundle).log.entries.length).toBeGreaterThan(0);
  expect(exported).not.toContain(app.adminToken);
  const settingsJson: string = await panel.evaluate(() =>
    JSON.stringify(globalThis.__plasmaDevtools!.store.admin.settings.value),
  );
  expect(settingsJson).not.toContain(app.adminToken);

  // Incremental: a todo made after connecting shows up by polling, without another connect.
  await session.page.getByTestId('todo-input').fill('Added after connecting');
  await session.page.getByTestId('todo-add').click();
  await expect(panel.getByTestId('admin-change-row').filter({ hasText: 'Added after connecting' })).toHaveCount(1);
  const held = await panel.getByTestId('admin-change-row').count();

  await connect(panel, 'not-the-admin-token');
  await expect(reach).toHaveAttribute('data-state', 'unauthorized');
  await expect(reach).toContainText('(401)');
  await expect(reach).toContainText('missing or wrong');
  // What was fetched stays on screen; nothing blanks.
  expect(await panel.getByTestId('admin-change-row').count()).toBeGreaterThanOrEqual(held);
  await expect(todoRow.first()).toBeVisible();

  await panel.getByTestId('view-requests').click();
  const rows = panel.getByTestId('request-row');
  await expect(rows.first()).toBeVisible();
  await rows.first().click();
  await expect(panel.getByTestId('details')).toBeVisible();
  const after: string = await panel.evaluate(() => globalThis.__plasmaDevtools!.exportBundle());
  expect(after).not.toContain(app.adminToken);
  expect(after).not.toContain('not-the-admin-token');
});

test('reachability: a 404 under the admin prefix, and CORS where no admin API answers', async ({
  app,
  session,
  panel,
}) => {
  await runHealthy(session.page, app.url);
  await panel.getByTestId('view-server').click();
  const reach = panel.getByTestId('admin-reachability');

  // The handler answers its own 404 with CORS headers, so the panel can read it.
  await panel.getByTestId('admin-base-url').fill(`${app.url}/sync/admin/v2`);
  await connect(panel, app.adminToken);
  await expect(reach).toHaveAttribute('data-state', 'not-found');
  await expect(reach).toContainText('is the handler mounted');

  // Elsewhere the app's own 404 has no CORS headers: the browser blocks it while the server is up.
  await panel.getByTestId('admin-base-url').fill(`${app.url}/nowhere/admin`);
  await panel.getByTestId('admin-connect').click();
  await expect(reach).toHaveAttribute('data-state', 'cors');
  await expect(reach).toContainText('chrome-extension://lbjdheijlecchbeldcepjelghalgpphc');
  await expect(panel.getByTestId('admin-grant')).toHaveText(`Grant access to ${app.url}`);
  await expect(panel.getByTestId('admin-unavailable-note')).toContainText('cannot tell whether the server applied');
});
