// Dry run as another identity, in the real DevTools against the reference app: the silent-revert
// scenario's captured push replayed through the admin API as the todo's owner (ok) and as the user
// who sent it (todos.write), its first pull read as another user, and the server's tables unchanged.

import type { Frame } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { runScenario, connectAdmin } from './steps.ts';

async function openRequestTab(panel: Frame, kind: 'push' | 'pull') {
  await panel.getByTestId('view-requests').click();
  const row = panel
    .getByTestId('request-row')
    .filter({ has: panel.getByTestId('cell-name').filter({ hasText: kind }) })
    .first();
  await row.click();
  await panel.getByRole('tab', { name: 'Request', exact: true }).click();
  await expect(panel.getByTestId('dry-run')).toHaveAttribute('data-kind', kind);
}

async function runAs(panel: Frame, user: string) {
  await panel.getByTestId('dry-run-user').fill(user);
  await panel.getByTestId('dry-run-submit').click();
}

test("silent-revert: the captured push replayed as the todo's owner succeeds, as its sender fails with todos.write, and nothing is written", async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'silent-revert');
  await connectAdmin(panel, app.adminToken);
  const dump = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of ['_plasma_changes', '_plasma_client_mutations', 'todos', 'board_items'])
      out[t] = (await app.db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()).results;
    return out;
  };
  const before = await dump();

  await openRequestTab(panel, 'push');
  await expect(panel.getByTestId('dry-run-user')).toHaveValue('alice'); // the token's sub
  await expect(panel.getByTestId('dry-run-group')).not.toHaveValue('');

  await runAs(panel, 'bob');
  const asOwner = panel.locator('[data-testid="dry-run-result"][data-ok]').first();
  await expect(asOwner).toHaveAttribute('data-ok', 'true');
  await expect(
    asOwner.locator('[data-testid="dry-run-write"][data-table="todos"][data-row="todo-bob-1"]'),
  ).toContainText('edited by alice');
  await expect(panel.getByTestId('dry-run-ctx')).toContainText('"userId":"bob"');

  await runAs(panel, 'alice');
  const asSender = panel.getByTestId('dry-run-result').first();
  await expect(asSender).toHaveAttribute('data-ok', 'false');
  await expect(asSender).toHaveAttribute('data-rule', 'todos.write');
  await expect(asSender.getByTestId('dry-run-error')).toHaveText('PlasmaAuthorizationError: todos.write');

  expect(await dump()).toEqual(before);
});

test('filtered-read: the captured pull read as another user shows what their auth.read would hide', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'filtered-read');
  await connectAdmin(panel, app.adminToken);
  await openRequestTab(panel, 'pull');
  await runAs(panel, 'bob'); // team red: alice's blue rows are hidden from bob
  const boards = panel.locator('[data-testid="dry-run-read"][data-table="board_items"]');
  await expect(boards.getByTestId('dry-run-hidden')).toContainText('blue-1');
  await expect(boards.getByTestId('dry-run-readable')).not.toContainText('blue-1');
});
