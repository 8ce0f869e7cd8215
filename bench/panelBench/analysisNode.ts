// The findings engine alone, in node: 10,000 captured requests of bench/panel.bench.ts's shape
// analysed by the worker's host, as one update and as they arrive (one update per `step`
// requests). `npx tsx bench/panelBench/analysisNode.ts [step]` prints the costs, wall and CPU time
// (the CPU time moves less on a shared machine).

import { buildLedger, computeFindings } from '../../shared/auth/index.ts';
import { parseEntry } from '../../shared/sync/entry.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createFindingsHost, type FindingsReply } from '../../panel/store/findingsHost.ts';
import { createKeyedSender } from '../../panel/store/keyedList.ts';
import { entries } from './fixtures.ts';

const N = 10_000;
const step = Number(process.argv[2] ?? 500);
const parsed: SyncEvent[] = [];
for (const m of entries(N, 'b', Date.now() - N * 100)) {
  const e = parseEntry(m.entry, m.id);
  if (e) parsed.push(e);
}
// As the worker holds them: structured clones (parseEntry's own objects each have their own hidden
// class, which makes every read of them several times slower than in the worker).
const events = structuredClone(parsed);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** CPU time of this process in ms: on a shared, loaded machine it moves less than the wall clock. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `f` `n` times: median wall and CPU ms. */
function time(n: number, f: () => void): string {
  const wall: number[] = [];
  const used: number[] = [];
  for (let r = 0; r < n; r++) {
    const t0 = performance.now();
    const c0 = cpu();
    f();
    used.push(cpu() - c0);
    wall.push(performance.now() - t0);
  }
  return `median ${median(wall).toFixed(1)} ms wall, ${median(used).toFixed(1)} ms CPU (of ${String(n)})`;
}

const ledger = buildLedger(events);
console.log(`computeFindings over ${String(events.length)} events: ${time(3, () => computeFindings(events))}`);
console.log(`  with its ledger given: ${time(9, () => computeFindings(events, { ledger }))}`);

// The worker's host as the panel feeds it: the events arrive `step` at a time, each update one pass.
for (let r = 0; r < 3; r++) {
  const replies: FindingsReply[] = [];
  const host = createFindingsHost((x) => replies.push(x));
  const sender = createKeyedSender<SyncEvent>();
  const c0 = cpu();
  const t0 = performance.now();
  let lastCpu = 0;
  for (let i = step; i <= events.length + step - 1; i += step) {
    const delta = sender.next(events.slice(0, Math.min(i, events.length)), (e) => e.id);
    const c1 = cpu();
    host.handle(structuredClone({ type: 'update', ...(delta ? { events: delta } : {}) }));
    lastCpu = cpu() - c1;
  }
  const total = performance.now() - t0;
  const passes = replies.map((x) => x.ms);
  console.log(
    `host, ${String(replies.length)} updates of ${String(step)}: total ${total.toFixed(0)} ms wall, ${(cpu() - c0).toFixed(0)} ms CPU; last pass ${(passes.at(-1) ?? NaN).toFixed(1)} ms wall, ${lastCpu.toFixed(1)} ms CPU (${String(replies.at(-1)?.changed.length)} findings changed)`,
  );
}
