// Issue: client stores against the server. The page's IndexedDB (page reader), the captured
// traffic and the server's change log (admin API) judged together in the real DevTools panel.

import { expect, test } from '../fixtures.ts';
import { runScenario, connectAdmin } from './steps.ts';

test("silent-revert: the edit of another user's todo is silently reverted, with the server's cause, and its optimistic value is gone", async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'silent-revert');
  // The page itself shows nothing wrong: the optimistic title is simply gone.
  await expect(session.page.getByTestId('todo-item').filter({ hasText: "Bob's groceries" })).toHaveCount(1);
  await connectAdmin(panel, app.adminToken);

  await panel.getByTestId('view-mutations').click();
  // Judged in the panel's verdict worker, not on its main thread.
  await expect(panel.getByTestId('mutations-view')).toHaveAttribute('data-engine', 'worker');
  const reverted = panel.locator('[data-testid="mutation-verdict"][data-name="updateTodo"]');
  await expect(reverted).toHaveAttribute('data-status', 'silently-reverted');
  await expect(reverted.getByTestId('mutation-cause')).toContainText('PlasmaAuthorizationError: todos.write');
  await reverted.getByRole('button').first().click();
  await expect(reverted.locator('[data-testid="timeline-step"][data-step="reverted"]')).toHaveAttribute(
    'data-ok',
    'false',
  );
  await expect(reverted.locator('[data-testid="timeline-step"][data-step="ack"]')).toHaveAttribute('data-ok', 'true');

  // The findings list names the revert and the rule.
  await expect(
    panel.locator('[data-testid="finding"][data-code="silent-revert"]').getByTestId('finding-cause'),
  ).toContainText('todos.write');

  await panel.getByTestId('view-data').click();
  await panel.getByTestId('table-todos').click();
  const row = panel.locator('[data-testid="row-verdict"][data-id="todo-bob-1"]');
  await expect(row).toHaveAttribute('data-state', 'reverted');
  await panel.getByTestId('differences-only').uncheck();
  const title = row.locator('[data-testid="diff-field"][data-field="title"]');
  for (const side of ['diff-visible', 'diff-base', 'diff-server']) {
    await expect(title.getByTestId(side)).toHaveText('"Bob\'s groceries"');
  }
  await expect(row).not.toContainText('edited by alice');
});

test('filtered-read: the rows auth.read hides are listed as filtered and confirmed by the server', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'filtered-read');
  await expect(session.page.getByTestId('board-item')).toHaveCount(2); // blue only
  await connectAdmin(panel, app.adminToken);

  await panel.getByTestId('view-data').click();
  await panel.getByTestId('table-board_items').click();
  for (const id of ['red-1', 'red-2', 'red-3']) {
    const row = panel.locator(`[data-testid="row-verdict"][data-id="${id}"]`);
    await expect(row).toHaveAttribute('data-state', 'filtered');
    await expect(row).toHaveAttribute('data-confirmed', 'true');
  }
  await expect(panel.locator('[data-testid="row-verdict"][data-id="blue-1"]')).toHaveCount(0); // in sync: hidden by "differences only"
  await expect(
    panel.locator('[data-testid="finding"][data-code="filtered-read"]').getByTestId('finding-cause'),
  ).toContainText('board_items');
});

test('healthy: every mutation applied and no findings', async ({ app, session, panel }) => {
  // carol is in both teams, so auth.read hides nothing from her (alice cannot read team red's rows,
  // which the panel rightly reports as filtered reads).
  await runScenario(session.page, app.url, 'healthy&user=carol');
  await connectAdmin(panel, app.adminToken);
  await panel.getByTestId('view-mutations').click();
  const verdicts = panel.getByTestId('mutation-verdict');
  await expect(verdicts.first()).toBeVisible();
  await expect
    .poll(async () => [...new Set(await verdicts.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))])
    .toEqual(['applied']);
  await expect(panel.getByTestId('findings-none')).toBeVisible();
  await expect(panel.getByTestId('finding')).toHaveCount(0);
});

test('a wrong admin credential is a clear 401 while the client-side views keep working', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'healthy');
  await panel.getByTestId('view-server').click();
  await panel.getByTestId('admin-credential').fill('wrong-credential');
  await panel.getByTestId('admin-connect').click();
  await expect(panel.getByTestId('admin-reachability')).toHaveAttribute('data-state', 'unauthorized');
  await expect(panel.getByTestId('admin-reachability')).toContainText('401');

  await panel.getByTestId('view-client').click();
  await expect(panel.getByText('plasma-demo-alice').first()).toBeVisible();
  await panel.getByTestId('view-mutations').click();
  await expect(panel.getByTestId('admin-unavailable-note')).toBeVisible();
  await expect(panel.getByTestId('mutation-verdict').first()).toBeVisible();
  await panel.getByTestId('view-requests').click();
  await expect(panel.getByTestId('request-row').first()).toBeVisible();
});

test('verdicts stand on storage and server data alone, with no captured traffic', async ({ app, session, panel }) => {
  await runScenario(session.page, app.url, 'silent-revert');
  await connectAdmin(panel, app.adminToken);
  // Stop the page's sync loop, then forget every captured request, as if DevTools had been opened
  // after the session happened.
  await session.page.evaluate(async () => {
    const client = window.__demo!.client!;
    client.stop();
    await client.idle();
  });
  await panel.getByTestId('clear').click();
  await expect
    .poll(() => panel.evaluate(() => globalThis.__plasmaDevtools!.store.analysis.events.value.length))
    .toBe(0);
  await panel.getByTestId('view-mutations').click();
  const reverted = panel.locator('[data-testid="mutation-verdict"][data-name="updateTodo"]');
  await expect(reverted).toHaveAttribute('data-status', 'silently-reverted');
  await expect(reverted.getByTestId('mutation-cause')).toContainText('PlasmaAuthorizationError: todos.write');
  await panel.getByTestId('view-data').click();
  await panel.getByTestId('table-board_items').click();
  await expect(panel.locator('[data-testid="row-verdict"][data-id="red-1"]')).toHaveAttribute('data-state', 'filtered');
});
