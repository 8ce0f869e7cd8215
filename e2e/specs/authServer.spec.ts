// The server's own reasons: with the Server view connected to the reference app's admin API and
// its auth tap mounted, a refused request shows the reason the app's auth() gave, marked as the
// server's, and the app's declared audience judges the token with nothing typed. Skipped against
// an admin API that has no /auth-log (the tap is a separate, opt-in part of server/).

import type { Frame } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { runScenario, connectAdmin } from './steps.ts';

const connect = (panel: Frame, credential: string) => connectAdmin(panel, credential, 'requests');

function finding(panel: Frame, code: string) {
  return panel.locator(`[data-testid="finding"][data-code="${code}"]`);
}

test('wrong-audience: the reason from the server, and the audience /info declares, with nothing typed', async ({
  app,
  session,
  panel,
}) => {
  const tap = await fetch(`${app.url}/sync/admin/auth-log?since=0`, {
    headers: { authorization: `Bearer ${app.adminToken}` },
  });
  test.skip(tap.status === 404, 'this admin API has no /auth-log');
  await runScenario(session.page, app.url, 'wrong-audience');
  await expect(finding(panel, 'server-refused-valid-token')).toBeVisible();
  await connect(panel, app.adminToken);

  // The scenario keeps pulling: requests captured after the last /auth-log poll are not joined yet
  // and may form a second, client-side wrong-audience finding until the next poll. Assert on the
  // one the server explained.
  const f = finding(panel, 'wrong-audience').filter({ has: panel.getByTestId('finding-source') });
  await expect(f).toHaveCount(1);
  await expect(f.getByTestId('finding-source')).toHaveText('from the server');
  await expect(f.getByTestId('finding-cause')).toContainText(
    /^The server's auth\(\) gave the reason ".*aud.*" \(its decision log\)\./,
  );
  await expect(f.getByTestId('finding-cause')).toContainText(
    'The token carries aud "some-other-api"; expected "plasma-demo-sync" (declared by the app\'s admin API /info).',
  );
  await expect(finding(panel, 'server-refused-valid-token')).toHaveCount(0);

  await f.click();
  await panel.getByRole('tab', { name: 'Auth', exact: true }).click();
  await expect(panel.getByTestId('server-decision')).toContainText(/auth\(\) refused · 401 · reason ".*aud.*"/);
});

test('no-credentials: the reason the app gave for a request with nothing to check', async ({ app, session, panel }) => {
  const tap = await fetch(`${app.url}/sync/admin/auth-log?since=0`, {
    headers: { authorization: `Bearer ${app.adminToken}` },
  });
  test.skip(tap.status === 404, 'this admin API has no /auth-log');
  await runScenario(session.page, app.url, 'no-credentials');
  await connect(panel, app.adminToken);
  // Requests captured after the last /auth-log poll are not joined yet and may form a second,
  // client-side finding until the next poll: assert on the one the server explained.
  const f = finding(panel, 'no-credentials').filter({ has: panel.getByTestId('finding-source') });
  await expect(f).toHaveCount(1);
  await expect(f.getByTestId('finding-source')).toHaveText('from the server');
  await expect(f.getByTestId('finding-cause')).toContainText(
    /^The server's auth\(\) gave the reason "no credentials" \(its decision log\)\. The (push|pull) carried no Authorization header/,
  );
});
