// The exported incident bundle is a HAR file Chrome's own Network panel reads (DevTools' HAR
// importer, run inside the real DevTools frontend), holds no token, and Import restores it.

import { expect, test } from '../fixtures.ts';
import type { HarBundle } from '../../shared/auth/bundle.ts';

/** The DevTools-internal HAR module the Network panel imports with (untyped: the few members used). */
interface DevtoolsHarModule {
  HARFormat: { HARRoot: new (json: unknown) => { log: unknown } };
  Importer: {
    Importer: { requestsFromHARLog(log: unknown): { url(): string; statusCode: number; requestMethod: string }[] };
  };
}

test("expired-token: the export opens in DevTools' HAR importer, holds no token, and Import restores its findings", async ({
  app,
  session,
  panel,
}) => {
  await session.page.goto(`${app.url}/?scenario=expired-token`);
  await expect(session.page.locator('body')).toHaveAttribute('data-state', 'ready');
  await expect(panel.locator('[data-testid="finding"][data-code="expired"]')).toBeVisible();

  const exported: string = await panel.evaluate(() => globalThis.__plasmaDevtools!.exportBundle());
  const har = JSON.parse(exported) as HarBundle;
  const sent = await panel.evaluate(() =>
    globalThis.__plasmaDevtools!.store.analysis.events.value.map((e) => e.credential.token).filter(Boolean),
  );
  expect(sent.length).toBeGreaterThan(0);
  for (const token of sent) expect(exported).not.toContain(token);

  // What the Network panel's "Import HAR file" does with it: HARRoot checks the format, the importer makes requests.
  const imported = await session.devtools.evaluate(async (json) => {
    const spec = './models/har/har.js';
    const HAR = (await import(spec)) as DevtoolsHarModule;
    const root = new HAR.HARFormat.HARRoot(json);
    const requests = HAR.Importer.Importer.requestsFromHARLog(root.log);
    return requests.map((r) => ({ url: r.url(), status: r.statusCode, method: r.requestMethod }));
  }, har);
  expect(imported).toHaveLength(har.log.entries.length);
  expect(imported.some((r) => r.url.includes('/sync/pull') && r.status === 401)).toBe(true);

  await panel
    .getByTestId('import-file')
    .setInputFiles({ name: 'incident.har', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(panel.getByText('viewing an imported incident')).toBeVisible();
  await expect(panel.locator('[data-testid="finding"][data-code="expired"]')).toBeVisible();
});
