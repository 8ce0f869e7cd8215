// Issue: the reference app's demo runs on workerd + D1; two tabs of one user converge, and the
// Plasma panel of each tab lists that tab's pushes and pulls.

import type { Frame } from '@playwright/test';
import { expect, test } from '../fixtures.ts';

async function syncRows(panel: Frame, kind: 'push' | 'pull') {
  const rows = panel
    .getByTestId('request-row')
    .filter({ has: panel.getByTestId('cell-kind').getByText(kind, { exact: true }) });
  await expect(rows.first()).toBeVisible();
  return rows;
}

test('two tabs of one user converge and each panel lists its pushes and pulls', async ({ app, session, panel }) => {
  const tabA = session.page;
  const tabB = await session.context.newPage();
  const panelB = await (await session.inspect(tabB)).showPlasma();
  const demo = `${app.url}/?scenario=healthy&poll=250`;
  await tabA.goto(demo);
  await tabB.goto(demo);
  await expect(tabA.locator('body')).toHaveAttribute('data-state', 'ready');
  await expect(tabB.locator('body')).toHaveAttribute('data-state', 'ready');

  await tabA.getByTestId('todo-input').fill('written in tab A');
  await tabA.getByTestId('todo-add').click();
  await tabB.getByTestId('todo-input').fill('written in tab B');
  await tabB.getByTestId('todo-add').click();
  for (const tab of [tabA, tabB]) {
    await expect(tab.getByTestId('todo-item').filter({ hasText: 'written in tab A' })).toHaveCount(1);
    await expect(tab.getByTestId('todo-item').filter({ hasText: 'written in tab B' })).toHaveCount(1);
  }

  for (const p of [panel, panelB]) {
    const pushes = await syncRows(p, 'push');
    const pulls = await syncRows(p, 'pull');
    await expect(pushes.first().getByTestId('cell-status')).toHaveText('200');
    await expect(pushes.first().getByTestId('cell-credential')).toHaveText('bearer');
    await expect(pulls.first().getByTestId('cell-status')).toHaveText('200');
    // A healthy run has no denied request in either panel.
    await expect(
      p
        .getByTestId('request-row')
        .getByTestId('cell-status')
        .filter({ hasText: /^4\d\d$/ }),
    ).toHaveCount(0);
  }

  // Each tab pushed under its own clientID: the panels show different clientIDs in their pushes.
  const clientOf = async (p: Frame) => {
    await (await syncRows(p, 'push')).first().click();
    await p.getByRole('tab', { name: 'Request', exact: true }).click();
    const body: unknown = JSON.parse((await p.getByTestId('request-body').textContent()) ?? '{}');
    const id: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'clientID') : undefined;
    return typeof id === 'string' ? id : '';
  };
  const [a, b] = [await clientOf(panel), await clientOf(panelB)];
  expect(a).toMatch(/[0-9a-f-]{36}/);
  expect(b).toMatch(/[0-9a-f-]{36}/);
  expect(a).not.toBe(b);
});
