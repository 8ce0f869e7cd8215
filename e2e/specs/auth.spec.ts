// Issue: every denied request explained. Each reference-app scenario runs in the real DevTools and
// the Plasma tab must name the cause; the healthy one must show no finding at all.

import type { Frame } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { runScenario } from './steps.ts';
import type { HarBundle } from '../../shared/auth/bundle.ts';

function finding(panel: Frame, code: string) {
  return panel.locator(`[data-testid="finding"][data-code="${code}"]`);
}

test('no-credentials: the 401s are explained as no credentials sent', async ({ app, session, panel }) => {
  await runScenario(session.page, app.url, 'no-credentials');
  const f = finding(panel, 'no-credentials');
  await expect(f.getByTestId('finding-cause')).toContainText('carried no Authorization header and no Cookie');
  await expect(f.getByTestId('finding-fix')).toContainText('authHeaders()');

  // Selecting the finding narrows the list to its requests, all of them 401 without credentials.
  await f.click();
  await expect(panel.getByTestId('finding-scope')).toBeVisible();
  const rows = panel.getByTestId('request-row');
  await expect(rows.first()).toBeVisible();
  for (const status of await rows.getByTestId('cell-status').allInnerTexts()) expect(status).toBe('401');
  for (const cred of await rows.getByTestId('cell-credential').allInnerTexts()) expect(cred).toBe('none');
  await expect(panel.getByTestId('details')).toBeVisible();
  await panel.getByRole('tab', { name: 'Auth', exact: true }).click();
  await expect(panel.getByTestId('request-cause').first()).toContainText('No credentials sent');
});

test('expired-token: the cause says the token had expired when the request was sent; the export holds no token', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'expired-token');
  await expect(finding(panel, 'expired').getByTestId('finding-cause')).toContainText(
    /The token expired 1 min( \d+ s)? before this (push|pull) was sent/,
  );

  // The token, read the way a user would: reveal the masked Authorization header.
  await panel.getByTestId('request-row').first().click();
  const auth = panel.getByTestId('request-headers').locator('.header', { hasText: /authorization/i });
  await expect(auth.getByTestId('secret-header')).not.toContainText('.');
  await auth.getByRole('button', { name: 'reveal' }).click();
  const revealed = (await auth.getByTestId('secret-header').innerText()).trim();
  expect(revealed).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const token = revealed.slice('Bearer '.length);

  await panel.getByRole('tab', { name: 'Auth', exact: true }).click();
  await expect(panel.getByTestId('claim-exp')).toContainText(/\(expired (1|2) min\)/);

  const exported: string = await panel.evaluate(() => globalThis.__plasmaDevtools!.exportBundle());
  const bundle = JSON.parse(exported) as HarBundle;
  expect(bundle.log._plasma.format).toBe('plasma-devtools-incident');
  expect(bundle.log.entries.length).toBeGreaterThan(0);
  expect(bundle.log._plasma.findings.map((f) => f.code)).toContain('expired');
  expect(exported).not.toContain(token);
  expect(exported).not.toContain(token.split('.')[2]); // not even the signature alone
  expect(exported).not.toContain(app.adminToken);
});

test('wrong-audience: with the expected audience set in the panel, the cause names both audiences', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'wrong-audience');
  // Before the user says what to expect, the panel can only say the server refused a valid-looking token.
  await expect(finding(panel, 'server-refused-valid-token').getByTestId('finding-cause')).toContainText('sub "alice"');
  await panel.getByTestId('open-settings').click();
  await panel.getByTestId('expect-audience').fill('plasma-demo-sync');
  await panel.getByTestId('expect-audience').press('Enter');
  await panel.getByTestId('expect-audience').blur();
  const cause = finding(panel, 'wrong-audience').getByTestId('finding-cause');
  await expect(cause).toContainText('"some-other-api"');
  await expect(cause).toContainText('expected "plasma-demo-sync"');
  await expect(finding(panel, 'server-refused-valid-token')).toHaveCount(0);
});

test('token-race: the sync client that started before sign-in is caught booted unauthenticated and never upgraded', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'token-race');
  await expect(session.page.getByTestId('signin-status')).toHaveAttribute('data-state', 'signed-in');
  await expect(finding(panel, 'stuck-unauthenticated').getByTestId('finding-title')).toHaveText(
    /^Booted unauthenticated and never upgraded/,
  );
  const cause = finding(panel, 'stuck-unauthenticated').getByTestId('finding-cause');
  await expect(cause).toContainText(
    /without credentials; a sign-in response from "\/dev\/sign-in" handed out a token at \d\d:\d\d:\d\d UTC, yet \d+ later sync requests/,
  );
  await expect(finding(panel, 'stuck-unauthenticated').getByTestId('finding-fix')).toContainText(
    'read the current token on every call',
  );
});

test('stale-role: the 403 shows the role the token carried', async ({ app, session, panel }) => {
  await runScenario(session.page, app.url, 'stale-role');
  const cause = finding(panel, 'forbidden-role').getByTestId('finding-cause');
  await expect(cause).toContainText('role "member"');
  await expect(cause).toContainText('admin');
});

test('healthy: zero findings', async ({ app, session, panel }) => {
  await runScenario(session.page, app.url, 'healthy');
  // Wait for the first background poll so the panel has judged more than the first round.
  await expect.poll(() => panel.getByTestId('request-row').count()).toBeGreaterThan(3);
  await expect(panel.getByTestId('findings-none')).toBeVisible();
  await expect(panel.getByTestId('finding')).toHaveCount(0);
  await panel.getByTestId('quick-findings').click();
  await expect(panel.getByTestId('request-row')).toHaveCount(0);
});

test('schema-mismatch and too-many-mutations: 409 and 413 are shown with what they mean', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'schema-mismatch');
  await expect(finding(panel, 'schema-mismatch').getByTestId('finding-cause')).toHaveText(
    'The server runs schema "3"; the client sent "2".',
  );
  await panel
    .getByTestId('request-row')
    .filter({ has: panel.getByTestId('cell-status').getByText('409') })
    .first()
    .click();
  await panel.getByRole('tab', { name: 'Response', exact: true }).click();
  await expect(panel.getByTestId('status-meaning')).toContainText(
    '409 schema mismatch: the server runs schema 3, this client sent 2',
  );

  await panel.getByTestId('clear').click();
  await runScenario(session.page, app.url, 'too-many-mutations');
  await expect(finding(panel, 'too-many-mutations')).toBeVisible();
  const push = panel.getByTestId('request-row').filter({ has: panel.getByTestId('cell-status').getByText('413') });
  await expect(push).toHaveCount(1);
  await push.click();
  await panel.getByRole('tab', { name: 'Response', exact: true }).click();
  await expect(panel.getByTestId('status-meaning')).toContainText(
    'more than 200 mutations in one push; none were applied',
  );
  await panel.getByRole('tab', { name: 'Request', exact: true }).click();
  await expect.poll(() => panel.getByTestId('mutation-row').count()).toBeGreaterThan(200);
  await expect(panel.getByTestId('push-summary')).toContainText(/ 2[0-9]{2} mutations/);
});
