// A small share of `npm run fuzz` inside the unit tests: each target on a few hundred generated
// inputs, none may throw or leak. The full run (>= 100,000 inputs) is `npm run fuzz`.

import { describe, expect, it } from 'vitest';
import { runTarget } from './runFuzz.ts';
import { TARGETS } from './targets.ts';

const RUNS = 300;
const SEED = 20_261_201;

describe('fuzz (small)', () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))('%s: no throw, no leak', async (_n, target) => {
    const r = await runTarget(target, RUNS, SEED);
    expect(r.runs).toBe(RUNS);
    expect(r.firstFailure).toBeNull();
  });

  it('a target that throws is counted, not hidden', async () => {
    const r = await runTarget(
      {
        name: 'x',
        arb: TARGETS[0]!.arb,
        run: () => {
          throw new Error('boom');
        },
      },
      10,
      SEED,
    );
    expect(r).toMatchObject({ runs: 10, throws: 10 });
    expect(r.firstFailure).toMatch(/boom/);
  });
});
