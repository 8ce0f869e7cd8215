// CPU time of every Chromium process (Linux /proc), so a bench can say how much work a read costs
// the whole browser, not only how long it took. On a machine with C cores a read that burns T ms of
// CPU cannot take less than T / C ms of wall time, whatever it overlaps.

import { readdirSync, readFileSync } from 'node:fs';

/** Chromium's processes, by what they are: browser, extension renderer, other renderers, the rest. */
export type CpuClass = 'browser' | 'extension' | 'renderer' | 'other';
export type CpuSnapshot = Map<number, { cls: CpuClass; ms: number }>;

const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK)

function classify(cmdline: string): CpuClass | null {
  if (!/chrom/i.test(cmdline.split('\0')[0] ?? '')) return null;
  if (!cmdline.includes('--type=')) return 'browser';
  if (cmdline.includes('--type=renderer')) return cmdline.includes('--extension-process') ? 'extension' : 'renderer';
  return 'other';
}

export function cpuSnapshot(): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const cls = classify(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      if (!cls) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at ") ": utime, stime are 14, 15.
      const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      out.set(pid, { cls, ms: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out;
}

/** CPU ms spent between two snapshots: per class, and the busiest plain renderer (the page's, in a bench). */
export function cpuSpent(a: CpuSnapshot, b: CpuSnapshot) {
  const by: Record<CpuClass | 'total', number> = { browser: 0, extension: 0, renderer: 0, other: 0, total: 0 };
  let busiestRenderer = 0;
  for (const [pid, now] of b) {
    const d = now.ms - (a.get(pid)?.ms ?? 0);
    by[now.cls] += d;
    by.total += d;
    if (now.cls === 'renderer') busiestRenderer = Math.max(busiestRenderer, d);
  }
  return { ...by, busiestRenderer };
}

export type CpuSpent = ReturnType<typeof cpuSpent>;

export const fmtCpu = (c: CpuSpent) =>
  `${c.total} ms CPU: browser ${c.browser}, renderers ${c.renderer} (busiest ${c.busiestRenderer}), extension ${c.extension}, other ${c.other}`;
