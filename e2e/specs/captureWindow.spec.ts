// DevTools records traffic only while it is open. Opened part-way through an app's session (or
// closed and opened again), the panel must say what it could not see and must not call the
// session healthy as a whole.

import { expect, test } from '../fixtures.ts';

test('DevTools opened part-way through a session names what it missed and does not call it healthy', async ({
  app,
  session,
}) => {
  // The app runs (and syncs) in a tab that DevTools is not inspecting yet.
  const page = await session.context.newPage();
  await page.goto(`${app.url}/?scenario=healthy`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');

  const later = await session.inspect(page);
  const panel = await later.showPlasma();
  // The client's next poll is the first request this DevTools sees; it already carries a cookie.
  await expect.poll(() => panel.getByTestId('request-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(panel.getByTestId('capture-window')).toContainText('the first captured pull already carried a cookie');
  const none = panel.getByTestId('findings-none');
  await expect(none).toContainText('not the whole session');
  await expect(none).not.toContainText('looks healthy');
});

test('a session captured from its start is still called healthy', async ({ app, session, panel }) => {
  await session.page.goto(`${app.url}/?scenario=healthy`);
  await expect(session.page.locator('body')).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => panel.getByTestId('request-row').count()).toBeGreaterThan(1);
  await expect(panel.getByTestId('findings-none')).toContainText('looks healthy');
  await expect(panel.getByTestId('capture-window')).toHaveCount(0);
});
