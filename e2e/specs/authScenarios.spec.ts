// Scenarios shaped unlike the first ones (other base paths and bodies, time running out or running
// differently on the server, a user switch, two tabs, the empty-bearer race): the Plasma tab must
// name each cause in words that match the evidence, and claim nothing it did not see.

import type { Frame } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { connectAdmin, runScenario } from './steps.ts';

function finding(panel: Frame, code: string) {
  return panel.locator(`[data-testid="finding"][data-code="${code}"]`);
}

const AUTH_CODES = [
  'no-credentials',
  'headers-unavailable',
  'malformed-authorization',
  'expired',
  'not-yet-valid',
  'wrong-audience',
  'wrong-issuer',
  'wrong-algorithm',
  'bad-signature',
  'server-refused-valid-token',
  'server-refused-opaque-token',
  'server-refused-cookie',
  'server-reason',
  'cookie-not-sent',
  'forbidden-role',
  'booted-unauthenticated',
  'stuck-unauthenticated',
  'retry-loop',
  'near-expiry',
  'identity-switch',
];

test('cookie-mount: another base path with a cookie session; its 401s link the sign-in URL from the body', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'cookie-mount');
  const denied = finding(panel, 'no-credentials');
  await expect(denied.getByTestId('finding-cause')).toHaveText(
    'The pull carried no Authorization header and no Cookie, so auth() had nothing to check.',
  );
  await expect(denied.getByTestId('finding-link')).toHaveText(`${app.url}/api/v2/login?next=%2F`);
  // It signed in later and the cookie went out: booted before sign-in, but upgraded.
  await expect(finding(panel, 'booted-unauthenticated').getByTestId('finding-cause')).toContainText(
    `sync requests to "${app.url}/api/v2/plasma" carried no credentials; later ones did.`,
  );
  await expect(finding(panel, 'stuck-unauthenticated')).toHaveCount(0);
});

test('forbidden-scope: a 403 of another shape names the scope it needs and how old the token is', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'forbidden-scope');
  const f = finding(panel, 'forbidden-role');
  await expect(f.getByTestId('finding-title')).toHaveText('Forbidden: requires scope "reports:read"');
  await expect(f.getByTestId('finding-cause')).toContainText(
    'the token carries role "member"; the response names scope "reports:read" as required (errors[0].meta.needs.scope).',
  );
  await expect(f.getByTestId('finding-cause')).toContainText(
    /The token was minted \d+ s before this pull \(iat \d{4}-\d\d-\d\dT[\d:]+Z\)/,
  );
  await expect(f.getByTestId('finding-fix')).toContainText('sign in again so the new token carries it');
});

test('expires-mid-session: the expired token is shown as accepted earlier in the session', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'expires-mid-session');
  await expect(finding(panel, 'expired').getByTestId('finding-cause')).toContainText(
    /The token expired \d+ s before this (push|pull) was sent \(exp [\dT:-]+Z\)\. The same token was accepted (once|\d+ times) before it expired, last at \d\d:\d\d:\d\d UTC: it expired mid-session and was never refreshed\./,
  );
});

test("server-clock-ahead: a token with time left here has expired by the server's clock", async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'server-clock-ahead');
  const f = finding(panel, 'expired');
  await expect(f.getByTestId('finding-title')).toHaveText(/^Token expired by the server clock/);
  await expect(f.getByTestId('finding-cause')).toContainText(
    /The token had (1 min 5\d s|2 min) left by this browser's clock, but the server's clock is (4 min 5\d s|5 min) ahead, so it had expired there\./,
  );
  // The page's own client on /sync is fine: nothing is said about it.
  await expect(panel.getByTestId('finding').filter({ hasText: `"${app.url}/sync"` })).toHaveCount(0);
  // Selecting it narrows the list to the skewed mount's requests, every one a 401.
  await f.click();
  const rows = panel.getByTestId('request-row');
  await expect(rows.first()).toBeVisible();
  for (const status of await rows.getByTestId('cell-status').allInnerTexts()) expect(status).toBe('401');
  for (const name of await rows.getByTestId('cell-name').allInnerTexts()) expect(name).toContain('skewed-sync');
});

test("identity-switch: the first user's queued mutations pushed as the second user", async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'identity-switch');
  await expect(finding(panel, 'identity-switch').getByTestId('finding-cause')).toHaveText(
    'clientGroupID "cg-alice" synced as sub "alice", then as sub "bob": the local store still holds the first user\'s rows, and 2 mutations queued before the switch were pushed as sub "bob".',
  );
  await expect(finding(panel, 'server-refused-valid-token').getByTestId('finding-cause')).toContainText(
    'accepted tokens had sub "alice"; this one has "bob".',
  );
});

test("two tabs of one user: the other tab's reverted mutation is not this tab's auth problem, and is shown as another client's, as a warning", async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'healthy');
  const other = await session.context.newPage();
  await runScenario(other, app.url, 'silent-revert');
  await expect.poll(() => panel.getByTestId('request-row').count()).toBeGreaterThan(3);
  // Every captured request is this tab's own client; none of the other tab's traffic is judged here.
  const clientIds = async () =>
    panel.evaluate(() => [
      ...new Set(
        globalThis.__plasmaDevtools!.store.analysis.ledger.value.map((e: { clientID: string | null }) => e.clientID),
      ),
    ]);
  await expect.poll(async () => (await clientIds()).length).toBe(1);
  const mine = await session.page.evaluate(() => window.__demo!.client!.clientID);
  if (mine) expect(await clientIds()).toEqual([mine]);
  for (const code of AUTH_CODES) await expect(finding(panel, code)).toHaveCount(0);
  // With the server's view, the other tab's revert is shown as that client's, one level lower.
  await connectAdmin(panel, app.adminToken, 'requests');
  const revert = finding(panel, 'silent-revert');
  await expect(revert).toHaveCount(1);
  await expect(revert).toHaveClass(/sev-warning/);
  await expect(revert).toContainText('another client');
  await other.close();
});

test('token-race-empty-bearer: an empty bearer after sign-in is booted unauthenticated and never upgraded', async ({
  app,
  session,
  panel,
}) => {
  await runScenario(session.page, app.url, 'token-race-empty-bearer');
  const stuck = finding(panel, 'stuck-unauthenticated');
  await expect(stuck.getByTestId('finding-title')).toHaveText(/^Booted unauthenticated and never upgraded/);
  await expect(stuck.getByTestId('finding-cause')).toContainText(
    /started at \d\d:\d\d:\d\d UTC without credentials; a sign-in response from "\/dev\/sign-in" handed out a token at \d\d:\d\d:\d\d UTC, yet \d+ later sync requests until \d\d:\d\d:\d\d UTC still carried none \(an empty Authorization header counts as none\)\./,
  );
  await expect(finding(panel, 'no-credentials').getByTestId('finding-cause')).toContainText(
    'an Authorization header with no token in it ("Bearer" and nothing after)',
  );
  await expect(finding(panel, 'malformed-authorization')).toHaveCount(0);
});

test('cookie-session: a healthy cookie app still has no finding', async ({ app, session, panel }) => {
  await runScenario(session.page, app.url, 'cookie-session');
  await expect.poll(() => panel.getByTestId('request-row').count()).toBeGreaterThan(3);
  await expect(panel.getByTestId('findings-none')).toBeVisible();
  await expect(panel.getByTestId('finding')).toHaveCount(0);
});
