// Sync health in the real DevTools against the reference app: the health bar, the stuck-queue and
// starving findings on the scenarios built for them (and silence on a healthy session), and the sync
// controls driving the page's loop over the bridge.

import type { Frame, Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { runScenario as runScenarioWith, connectAdmin } from './steps.ts';

const runScenario = (page: Page, appUrl: string, scenario: string, poll = 1000) =>
  runScenarioWith(page, appUrl, scenario, `poll=${poll}`);

const connectToRequests = (panel: Frame, token: string) => connectAdmin(panel, token, 'requests');

/** A short stuck threshold, so the test waits seconds rather than the default half minute. */
const shortThreshold = (panel: Frame) =>
  panel.evaluate(() => void (globalThis.__plasmaDevtools!.store.health.stuckAfterMs.value = 1500));
const healthCodes = (panel: Frame) =>
  panel.evaluate((): string[] => globalThis.__plasmaDevtools!.store.health.findings.value.map((f) => f.code));
const pulls = (panel: Frame) =>
  panel.evaluate(
    (): number => globalThis.__plasmaDevtools!.store.rows.value.filter((r) => r.event?.kind === 'pull').length,
  );

/** One command through the bridge and back: the page answered, and the panel drained the answer. */
async function roundTrip(panel: Frame) {
  await panel.evaluate(() => globalThis.__plasmaDevtools!.syncControls.run('snapshot'));
  await expect
    .poll(() => panel.evaluate(() => globalThis.__plasmaDevtools!.store.health.lastCommand.value?.state))
    .toBe('ok');
}

test('stuck-queue: an entry that no push carries is a stuck-queue finding, and the bar shows the outbox', async ({
  app,
  session,
  panel,
}) => {
  await shortThreshold(panel);
  await runScenario(session.page, app.url, 'stuck-queue');
  const finding = panel.locator('[data-testid="finding"][data-code="stuck-queue"]');
  await expect(finding.getByTestId('finding-cause')).toContainText('1 outbox entry waiting over 2 s; no push went out');
  const client = panel.getByTestId('health-client');
  await expect(client.getByTestId('health-outbox')).toHaveAttribute('data-size', '1');
  await expect(client.getByTestId('health-outbox')).toContainText('oldest');
  await expect(client.getByTestId('health-push')).toContainText('none seen');
  await expect(client.getByTestId('health-pull')).toContainText('ago');
  expect(await healthCodes(panel)).toEqual(['stuck-queue']);
});

test('stuck-queue: entries behind a push that failed are a stuck-queue finding naming the failed push and its status', async ({
  app,
  session,
  panel,
}) => {
  await shortThreshold(panel);
  await runScenario(session.page, app.url, 'too-many-mutations');
  const finding = panel.locator('[data-testid="finding"][data-code="stuck-queue"]');
  await expect(finding.getByTestId('finding-cause')).toContainText(
    '250 outbox entries waiting over 2 s; 1 push since the oldest was written, all failed (last: HTTP 413)',
  );
  await expect(panel.getByTestId('health-failure')).toContainText('push 413');
});

test("starving: pulls succeed while the group's rows never reach the base stores, with the counts", async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'starving');
  await connectToRequests(panel, app.adminToken);
  const cause = panel.locator('[data-testid="finding"][data-code="starving"]').getByTestId('finding-cause');
  await expect(cause).toContainText("the client's base stores hold 0");
  const counts = await panel.evaluate(
    () => globalThis.__plasmaDevtools!.store.health.findings.value.find((f) => f.code === 'starving')!.counts,
  );
  expect(counts.serverRows).toBeGreaterThanOrEqual(8);
  expect(counts.missing).toBe(counts.serverRows);
  await expect(panel.getByTestId('health-behind')).toHaveText('up to date'); // the cookie says nothing is owed
});

test('healthy: the bar shows pushes and pulls and the client up to date, and neither health finding fires', async ({
  app,
  session,
  panel,
}) => {
  await shortThreshold(panel);
  await runScenario(session.page, app.url, 'healthy');
  await connectToRequests(panel, app.adminToken);
  const client = panel.getByTestId('health-client');
  await expect(client.getByTestId('health-outbox')).toHaveAttribute('data-size', '0');
  await expect(client.getByTestId('health-push')).toContainText('ago');
  await expect(client.getByTestId('health-behind')).toHaveText('up to date');
  await expect(panel.getByTestId('health-failure')).toHaveCount(0);
  // Past the stuck threshold, with the change log read: still silent.
  await expect
    .poll(() =>
      panel.evaluate(
        () =>
          globalThis.__plasmaDevtools!.store.health.now.value - globalThis.__plasmaDevtools!.store.captureSince.value,
      ),
    )
    .toBeGreaterThan(3000);
  expect(await healthCodes(panel)).toEqual([]);
  await expect(
    panel.locator('[data-testid="finding"][data-code="stuck-queue"], [data-testid="finding"][data-code="starving"]'),
  ).toHaveCount(0);
});

test('controls: pause stops the pulls, Pull now still pulls at once, resume brings the loop back', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'healthy', 200);
  await expect(panel.getByTestId('health-no-bridge')).toHaveCount(0);
  await panel.getByTestId('health-pause').click();
  await expect(panel.getByTestId('health-paused')).toBeVisible();
  await expect(panel.getByTestId('health-command')).toHaveAttribute('data-state', 'ok');
  // A pull already under way when the pause landed may still finish: let it, then count.
  await roundTrip(panel);
  await roundTrip(panel);
  const paused = await pulls(panel);
  for (let i = 0; i < 5; i++) await roundTrip(panel); // each longer than a poll interval of 200 ms
  expect(await pulls(panel)).toBe(paused);

  await panel.getByTestId('health-pullOnce').click();
  await expect.poll(() => pulls(panel)).toBe(paused + 1);
  await expect(panel.getByTestId('health-command')).toHaveAttribute('data-state', 'ok');
  for (let i = 0; i < 3; i++) await roundTrip(panel);
  expect(await pulls(panel)).toBe(paused + 1); // still paused: only the one asked for

  await panel.getByTestId('health-resume').click();
  await expect(panel.getByTestId('health-paused')).toHaveCount(0);
  await expect.poll(() => pulls(panel)).toBeGreaterThan(paused + 2);
});

test('controls are absent, with the reason, on a page without the bridge', async ({ session, panel }) => {
  await session.page.goto('data:text/html,<title>no plasma here</title>');
  await expect(panel.getByTestId('health-no-bridge')).toContainText('plasma-devtools bridge');
  await expect(panel.getByTestId('health-pullOnce')).toHaveCount(0);
  await expect(panel.getByTestId('health-none')).toBeVisible();
});
