import { defineConfig } from '@playwright/test';

// The Firefox smoke: the Playwright runner only (no Playwright browser); the spec drives Debian's
// firefox-esr over WebDriver BiDi itself. Build first: npm run build:firefox.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
});
