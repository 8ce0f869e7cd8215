import { defineConfig } from '@playwright/test';

// End-to-end specs drive the real DevTools window of Debian Chromium with the built extension
// (npm run build first). Each test starts its own reference app on 127.0.0.1 and its own profile.
export default defineConfig({
  testDir: 'e2e/specs',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'off' },
});
