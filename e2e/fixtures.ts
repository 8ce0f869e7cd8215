// Playwright fixtures: a reference plasma app on workerd + D1 and a Chromium whose DevTools is
// open on about:blank, Plasma tab shown, before the test navigates anywhere.

import { test as base, type Frame } from '@playwright/test';
import { launchWithDevtools, type DevtoolsSession } from './devtools.ts';
import { startReferenceApp } from './reference-app/launch.ts';
import { EXTENSION_ORIGIN } from './extensionId.ts';

type App = Awaited<ReturnType<typeof startReferenceApp>>;

export const test = base.extend<{ app: App; session: DevtoolsSession; panel: Frame }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture deps from a destructuring pattern; this one has none
  app: async ({}, use) => {
    const app = await startReferenceApp({ adminAllowedOrigins: [EXTENSION_ORIGIN] });
    await use(app);
    await app.dispose();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture deps from a destructuring pattern; this one has none
  session: async ({}, use) => {
    const s = await launchWithDevtools();
    await use(s);
    await s.close();
  },
  panel: async ({ session }, use) => {
    await use(await session.showPlasma());
  },
});

export { expect } from '@playwright/test';
