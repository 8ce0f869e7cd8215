// Mutation testing of shared/ (issue 11 item 6): `npm run mutation`, not part of `npm test` or CI (slow on two
// cores). Stryker changes one operator, condition or literal at a time and runs the tests that reach it; a
// mutant no test notices "survived". stryker/score.mjs then prints the score per folder from the JSON report.
// Goal: ≥ 80% on shared/verdict and shared/auth.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.mjs' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'shared/**/*.ts',
    '!shared/**/*.test.ts',
    // Test data and helpers, not product code.
    '!shared/**/testFixtures.ts',
    '!shared/sync/fixtures.ts',
    // Types and re-exports only: nothing to mutate.
    '!shared/**/types.ts',
    '!shared/**/index.ts',
  ],
  ignorePatterns: ['dist', 'dist-firefox', 'test-results', 'playwright-report', '.demo-profile'],
  // Each test records which mutants it reaches, so a mutant runs only the tests that can see it. Stryker 9.6.1
  // is the first 9.x whose Vitest runner records coverage under Vitest 4.1 (9.5 recorded none, and each mutant
  // then ran every test file importing its file: about 3 s a mutant here, against about 0.15 s now).
  coverageAnalysis: 'perTest',
  // Mutants reached only while a module loads (top-level constants) would need every test run again; skipped.
  ignoreStatic: true,
  // Two cores shared with other work.
  concurrency: 1,
  // Incremental mode (`npm run mutation -- --incremental`) re-tests only mutants whose code or covering tests
  // changed. Off by default: under 9.5, without coverage, it reused every earlier result, survivors included.
  incremental: false,
  incrementalFile: 'reports/stryker-incremental.json',
  timeoutMS: 10_000,
  reporters: ['clear-text', 'json', 'progress'],
  clearTextReporter: { reportMutants: false, reportTests: false, allowColor: false },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 80, low: 60, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
