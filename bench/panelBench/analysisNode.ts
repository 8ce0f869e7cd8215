// The findings engine alone, in node: 10,000 captured requests of bench/panel.bench.ts's shape
// analysed by the worker's host, as one update and as they arrive (one update per `step`
// requests). `npx tsx bench/panelBench/analysisNode.ts [step]` prints the costs.

import { buildLedger, computeFindings } from '../../shared/auth/index.ts';
import { parseEntry } from '../../shared/sync/entry.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createFindingsHost, type FindingsReply } from '../../panel/store/findingsHost.ts';
import { createKeyedSender } from '../../panel/store/keyedList.ts';
import { entries } from './fixtures.ts';

const N = 10_000;
const step = Number(process.argv[2] ?? 500);
const events: SyncEvent[] = [];
for (const m of entries(N, 'b', Date.now() - N * 100)) {
  const e = parseEntry(m.entry, m.id);
  if (e) events.push(e);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const whole: number[] = [];
let count = 0;
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  count = computeFindings(events).length;
  whole.push(performance.now() - t0);
}
console.log(
  `computeFindings over ${String(events.length)} events (${String(count)} findings): median ${median(whole).toFixed(1)} ms of 5`,
);
const ledger = buildLedger(events);
const given: number[] = [];
for (let r = 0; r < 9; r++) {
  const t0 = performance.now();
  computeFindings(events, { ledger });
  given.push(performance.now() - t0);
}
console.log(`  the same with its ledger given: median ${median(given).toFixed(1)} ms of 9`);

for (let r = 0; r < 3; r++) {
  const replies: FindingsReply[] = [];
  const host = createFindingsHost((x) => replies.push(x));
  const sender = createKeyedSender<SyncEvent>();
  const t0 = performance.now();
  for (let i = step; i <= events.length + step - 1; i += step) {
    const delta = sender.next(events.slice(0, Math.min(i, events.length)), (e) => e.id);
    host.handle(structuredClone({ type: 'update', ...(delta ? { events: delta } : {}) }));
  }
  const total = performance.now() - t0;
  const passes = replies.map((x) => x.ms);
  console.log(
    `host, ${String(replies.length)} updates of ${String(step)}: total ${total.toFixed(0)} ms, passes sum ${passes.reduce((a, b) => a + b, 0).toFixed(0)} ms, last ${(passes.at(-1) ?? NaN).toFixed(1)} ms`,
  );
}
