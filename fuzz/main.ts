// `npm run fuzz`: every parser, guard, page-data decoder and the export's redaction on generated
// hostile input (FUZZ_RUNS, default 120,000 in total; FUZZ_SEED to replay). Prints the counts per
// target and exits non-zero on any throw or leak.

import { runAll } from './runFuzz.ts';
import { TARGETS } from './targets.ts';

const total = Number(process.env.FUZZ_RUNS ?? 120_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
console.log(`fuzz: ${total} inputs over ${TARGETS.length} targets, seed ${seed} (FUZZ_SEED=${seed} replays it)`);
const results = await runAll(TARGETS, total, seed);
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const flag = r.throws + r.leaks === 0 ? 'ok  ' : 'FAIL';
  console.log(
    `${flag} ${r.name.padEnd(width)}  ${String(r.runs).padStart(7)} inputs  ${String(r.throws).padStart(3)} throws  ${String(r.leaks).padStart(3)} leaks  ${(r.ms / 1000).toFixed(1).padStart(6)} s`,
  );
  if (r.firstFailure) console.log(`     first: ${r.firstFailure}`);
}
const runs = results.reduce((s, r) => s + r.runs, 0);
const throws = results.reduce((s, r) => s + r.throws, 0);
const leaks = results.reduce((s, r) => s + r.leaks, 0);
console.log(`total: ${runs} inputs, ${throws} throws, ${leaks} leaks (goal: >= 100000 inputs, 0 throws, 0 leaks)`);
process.exitCode = runs >= 100_000 && throws === 0 && leaks === 0 ? 0 : 1;
