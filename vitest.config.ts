import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Unit and conformance tests. Playwright specs (e2e/**/*.spec.ts) are not vitest's.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['{shared,server,panel,extension,e2e,bench,fuzz}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
