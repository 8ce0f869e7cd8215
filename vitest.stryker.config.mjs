// The unit tests Stryker runs against each mutant of shared/ (stryker.config.mjs): only shared/'s own tests,
// which import nothing from panel/, extension/ or server/, so a mutant runs in milliseconds, not the whole suite.
//
// Left out: the fast-check robustness properties (`properties.test.ts`: "never throws on hostile input", 300 to
// 10,000 runs each, up to 10 s for one test). With per-test coverage every mutant their inputs reach would run
// them, which multiplies a run by hours on two cores, and a "never throws" property kills almost nothing the
// example tests miss. incremental.test.ts (incremental engine = full judge over random deltas) stays, at 50
// runs instead of 400: it is the only oracle for the engine's incremental paths.
//
// isolate: false keeps one module graph across test files: Stryker switches mutants at run time through a
// global, so nothing needs reloading (static mutants are ignored), and each mutant runs about 35% faster.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'shared/**/properties.test.ts'],
    environment: 'node',
    isolate: false,
    // Random-input oracles in the example files run 30 times a mutant (PROPERTY_RUNS) instead of 300-2,000.
    env: { VERDICT_RUNS: '50', PROPERTY_RUNS: '30' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
