// Steps many specs share: open a reference-app scenario and wait until it is ready, and connect the
// Plasma panel's Server view to the app's admin API.

import { expect, type Frame, type Page } from '@playwright/test';

/** `extra`: more query parameters for the demo page (e.g. `poll=200`). */
export async function runScenario(page: Page, appUrl: string, scenario: string, extra = '') {
  await page.goto(`${appUrl}/?scenario=${scenario}${extra ? `&${extra}` : ''}`);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
}

/** Connects with `credential` and waits for the reachability line to say ok; `then`: the view to return to. */
export async function connectAdmin(panel: Frame, credential: string, then?: 'requests') {
  await panel.getByTestId('view-server').click();
  await panel.getByTestId('admin-credential').fill(credential);
  await panel.getByTestId('admin-connect').click();
  await expect(panel.getByTestId('admin-reachability')).toHaveAttribute('data-state', 'ok');
  if (then) await panel.getByTestId(`view-${then}`).click();
}
