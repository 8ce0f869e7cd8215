// Issue: the Plasma tab lists the page's sync requests with the right status and credential kind,
// hides other traffic, recovers requests from before it was shown, and keeps its log across reloads.

import { expect, test } from '../fixtures.ts';
import { drive } from './syncDriver.ts';
import { setDevtoolsTheme } from '../devtools.ts';

const threeRequests = [
  { do: 'signIn', userId: 'alice' },
  { do: 'push', auth: true, title: 'from the e2e spec', mutationID: 1 },
  { do: 'pull', auth: false },
  { do: 'pull', auth: true },
  { do: 'fetch', path: '/quiet.html?not-plasma' },
] as const;

test('lists exactly the three sync requests with their status and credential kind', async ({ app, session, panel }) => {
  await expect(panel.getByTestId('empty-state')).toContainText('No plasma sync traffic seen yet');
  await session.page.goto(new URL('/quiet.html', app.url).href);
  const { statuses } = await drive(session.page, [...threeRequests]);
  expect(statuses).toEqual([200, 200, 401, 200, 200]);

  const rows = panel.getByTestId('request-row');
  await expect(rows).toHaveCount(3);
  const expected = [
    { kind: 'push', method: 'POST', status: '200', credential: 'bearer' },
    { kind: 'pull', method: 'GET', status: '401', credential: 'none' },
    { kind: 'pull', method: 'GET', status: '200', credential: 'bearer' },
  ];
  for (const [i, want] of expected.entries()) {
    const row = rows.nth(i);
    await expect(row.getByTestId('cell-kind')).toHaveText(want.kind);
    await expect(row.getByTestId('cell-method')).toHaveText(want.method);
    await expect(row.getByTestId('cell-status')).toHaveText(want.status);
    await expect(row.getByTestId('cell-credential')).toHaveText(want.credential);
  }

  // The authorised pull carried a patch with the pushed todo.
  await rows.nth(2).click();
  await panel.getByRole('tab', { name: 'Response', exact: true }).click();
  await expect(panel.getByTestId('response-body')).toContainText('from the e2e spec');
  // The token is masked in the headers until revealed.
  await panel.getByRole('tab', { name: 'Headers', exact: true }).click();
  await expect(panel.getByTestId('request-headers')).not.toContainText('eyJhbGciOi' + 'J');

  // The non-plasma traffic (sign-in, the page, the plain fetch) is hidden but one click away.
  await expect(panel.getByTestId('statusbar')).toContainText('other requests hidden');
  await panel.getByTestId('show-all').check();
  await expect(rows.filter({ hasText: '/dev/sign-in' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'not-plasma' })).toHaveCount(1);
});

test('recovers requests that finished before the panel was first shown', async ({ app, session }) => {
  await session.page.goto(new URL('/quiet.html', app.url).href);
  await drive(session.page, [...threeRequests]);
  const panel = await session.showPlasma();
  const rows = panel.getByTestId('request-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).getByTestId('cell-status')).toHaveText('401');
  await expect(rows.nth(1).getByTestId('cell-credential')).toHaveText('none');
});

test('keeps the log across reloads, and Clear and preserve-log off empty it', async ({ app, session, panel }) => {
  await session.page.goto(new URL('/quiet.html', app.url).href);
  await drive(session.page, [{ do: 'pull', auth: false }]);
  const rows = panel.getByTestId('request-row');
  await expect(rows).toHaveCount(1);

  await session.page.reload();
  await drive(session.page, [{ do: 'pull', auth: false }]);
  await expect(rows).toHaveCount(2);

  await panel.getByTestId('clear').click();
  await expect(rows).toHaveCount(0);
  await expect(panel.getByTestId('empty-state')).toBeVisible();

  await drive(session.page, [{ do: 'pull', auth: false }]);
  await expect(rows).toHaveCount(1);
  await panel.getByTestId('preserve-log').uncheck();
  await session.page.reload();
  await expect(rows).toHaveCount(0);
});

test('keyboard: arrows move the selection through the list, Escape closes the details', async ({
  app,
  session,
  panel,
}) => {
  await session.page.goto(new URL('/quiet.html', app.url).href);
  await drive(session.page, [...threeRequests]);
  const rows = panel.getByTestId('request-row');
  await expect(rows).toHaveCount(3);
  await rows.first().click();
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await panel.getByTestId('request-scroller').focus();
  await panel.getByTestId('request-scroller').press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('details-credential')).toHaveText('none');
  await panel.getByTestId('request-scroller').press('End');
  await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await panel.getByTestId('request-scroller').press('Home');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await panel.getByTestId('request-scroller').press('Escape');
  await expect(panel.getByTestId('details')).toHaveCount(0);
});

test('follows the DevTools theme when the user switches it', async ({ session, panel }) => {
  const app = panel.locator('.app');
  await expect(app).toHaveAttribute('data-theme', 'default');
  await setDevtoolsTheme(session.devtools, 'dark');
  await expect(app).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => app.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(32, 33, 36)');
  await setDevtoolsTheme(session.devtools, 'default');
  await expect(app).toHaveAttribute('data-theme', 'default');
});
