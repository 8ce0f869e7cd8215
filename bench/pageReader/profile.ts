// A CPU profile's heaviest functions by self time (bench/pageReader.bench.ts, PAGE_READER_PROFILE=1).

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The heaviest functions of a CPU profile by self time (ms), and what was not idle. */
export function topSelf(profile: CpuProfile, n = 12): string[] {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const out = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    const f = node.callFrame;
    if (f.functionName === '(idle)') continue;
    busy += t;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    out.set(k, (out.get(k) ?? 0) + t);
  }
  const top = [...out].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [`busy ${busy.toFixed(0)} ms`, ...top.map(([k, t]) => `${t.toFixed(0).padStart(6)}  ${k}`)];
}
