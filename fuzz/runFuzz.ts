// Runs fuzz targets on generated inputs and counts what happened: runs, throws, leaks, and the
// first failing input of each target (cut short). Every input runs; nothing stops at the first
// failure, so the counts are the real ones.

import fc from 'fast-check';
import { Leak, type Target } from './targets.ts';

export interface TargetResult {
  name: string;
  runs: number;
  throws: number;
  leaks: number;
  ms: number;
  firstFailure: string | null;
}

const BATCH = 500;

function describe(input: unknown, failure: unknown): string {
  let shown: string;
  try {
    shown = fc.stringify(input);
  } catch {
    shown = '(unprintable input)';
  }
  const why = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  return `${why} on ${shown.slice(0, 400)}`;
}

export async function runTarget(target: Target, runs: number, seed: number): Promise<TargetResult> {
  const result: TargetResult = { name: target.name, runs: 0, throws: 0, leaks: 0, ms: 0, firstFailure: null };
  const start = performance.now();
  for (let done = 0, batch = 0; done < runs; batch++) {
    const n = Math.min(BATCH, runs - done);
    for (const input of fc.sample(target.arb, { numRuns: n, seed: seed + batch })) {
      result.runs++;
      try {
        const out = await target.run(input);
        if (out instanceof Leak) {
          result.leaks++;
          result.firstFailure ??= describe(input, out.why);
        }
      } catch (e) {
        result.throws++;
        result.firstFailure ??= describe(input, e);
      }
    }
    done += n;
  }
  result.ms = performance.now() - start;
  return result;
}

/** Splits `total` runs over the targets by weight (each gets at least one). */
export function shares(targets: readonly Target[], total: number): number[] {
  const weight = targets.reduce((s, t) => s + (t.weight ?? 1), 0);
  return targets.map((t) => Math.max(1, Math.ceil((total * (t.weight ?? 1)) / weight)));
}

export async function runAll(targets: readonly Target[], total: number, seed: number): Promise<TargetResult[]> {
  const counts = shares(targets, total);
  const out: TargetResult[] = [];
  for (let i = 0; i < targets.length; i++) out.push(await runTarget(targets[i]!, counts[i]!, seed + i * 1_000_003));
  return out;
}
