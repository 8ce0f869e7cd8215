// What bench/pageOverhead.bench.ts prints besides its own figures: the panel's heaviest functions
// from a CPU profile, the renders and DOM mutations a counting build records, percentiles, and the
// slowest writes with what may have held them up.

import type { WriteWhy } from './page.ts';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (and with its callees) over the window, per captured pull. */
export function printProfile(profile: CpuProfile, pulls: number) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<number, number>();
  const sum = (id: number): number => {
    const n = byId.get(id);
    const t = (self.get(id) ?? 0) + (n?.children ?? []).reduce((a, c) => a + sum(c), 0);
    total.set(id, t);
    return t;
  };
  const root = profile.nodes[0];
  if (root) sum(root.id);
  const name = (n: CpuProfile['nodes'][number]) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  const agg = (m: Map<number, number>) => {
    const out = new Map<string, number>();
    for (const [id, t] of m) {
      const n = byId.get(id);
      if (!n || ['(idle)', '(program)', '(root)'].includes(n.callFrame.functionName)) continue;
      out.set(name(n), (out.get(name(n)) ?? 0) + t);
    }
    return [...out].sort((a, b) => b[1] - a[1]).slice(0, 15);
  };
  const per = Math.max(1, pulls);
  console.log('  profile, self ms per pull:');
  for (const [k, t] of agg(self)) console.log(`    ${(t / per).toFixed(2)}  ${k}`);
  console.log('  profile, total ms per pull:');
  for (const [k, t] of agg(total)) console.log(`    ${(t / per).toFixed(2)}  ${k}`);
}

/**
 * Renders and DOM mutations per captured pull, when the panel was built with a counter that parks
 * `{ renders: {component: n}, dom: {kind: n} }` on its globalThis as `__plasmaRenders` (not the product build).
 */
export function printRenders(before: string, after: string, pulls: number) {
  const b: unknown = JSON.parse(before);
  const a: unknown = JSON.parse(after);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return;
  for (const part of ['renders', 'dom'] as const) {
    const x = (a as Record<string, Record<string, number> | undefined>)[part] ?? {};
    const y = (b as Record<string, Record<string, number> | undefined>)[part] ?? {};
    const rows = Object.entries(x)
      .map(([k, v]) => [k, (v - (y[k] ?? 0)) / Math.max(1, pulls)] as const)
      .filter(([, v]) => v > 0)
      .sort((p, q) => q[1] - p[1]);
    console.log(`  ${part} per pull: ${rows.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  }
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? NaN;
};

/**
 * How far the ratio of two windows' percentiles could move by chance alone: the 2.5th and 97.5th
 * percentiles of the ratio over `rounds` bootstrap resamples of each window's writes (a fixed seed,
 * so a run prints the same interval for the same writes). With 80 writes a window p95 is the
 * fourth-slowest, and this interval says how wide that makes one run's ratio.
 */
export function ratioInterval(shown: number[], other: number[], p: number, rounds = 2000): [number, number] {
  let seed = 0x2545f491;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const resample = (xs: number[]) => xs.map(() => xs[Math.floor(rand() * xs.length)] ?? NaN);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) ratios.push(pct(resample(shown), p) / pct(resample(other), p));
  return [pct(ratios, 0.025), pct(ratios, 0.975)];
}

/**
 * The writes at or over the p95 of one condition, slowest first, each with what may have held it
 * up (pageOverhead/page.ts): a reader transaction over `items` or the outbox, the app's own pull
 * transaction, the page's thread running the write's timer late. Then how the writes that
 * overlapped a reader transaction compare with the rest.
 */
export function printSlowWrites(label: string, why: WriteWhy[]) {
  if (why.length === 0) return;
  const p95 = pct(
    why.map((w) => w.ms),
    0.95,
  );
  const tags = (w: WriteWhy) =>
    [w.reader ? 'reader' : '', w.pull ? 'pull' : '', w.lateMs >= 2 ? `late ${w.lateMs.toFixed(0)} ms` : '']
      .filter(Boolean)
      .join(', ') || 'none of these';
  const slow = why
    .filter((w) => w.ms >= p95)
    .sort((a, b) => b.ms - a.ms)
    .map((w) => `${w.ms.toFixed(1)} (${tags(w)})`);
  const withReader = why.filter((w) => w.reader).map((w) => w.ms);
  const without = why.filter((w) => !w.reader).map((w) => w.ms);
  const stat = (xs: number[]) =>
    xs.length ? `p50 ${pct(xs, 0.5).toFixed(1)}, max ${Math.max(...xs).toFixed(1)} ms` : 'none';
  console.log(`  ${label}, writes at or over p95: ${slow.join('; ')} ms`);
  console.log(
    `  ${label}, writes during a reader transaction over items or the outbox: ${withReader.length} (${stat(withReader)}); the others ${without.length} (${stat(without)}); behind the app's pull: ${why.filter((w) => w.pull).length}; timer 2 ms or more late: ${why.filter((w) => w.lateMs >= 2).length}`,
  );
}
