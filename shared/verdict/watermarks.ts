// Per-client watermark sources (the client's _plasma_meta, captured pulls, the server's /clients),
// kept sorted so a mutation finds the source that covers it by binary search, and so a new or
// dropped source re-judges only the mutations whose answer it changes (a range of mutation ids).

import type { PullSeen, Watermark } from './collect.ts';
import { lowerBound } from './sorted.ts';

/** kind: 0 _plasma_meta, 1 a pull, 2 /clients — on equal values the earlier kind is named. */
export interface WmEntry extends Watermark {
  kind: 0 | 1 | 2;
  seq: number;
  pull: PullSeen | null;
}

/** Marks the client's mutations with lo < mutationID <= hi for re-judging. */
export type DirtyRange = (clientID: string, lo: number, hi: number) => void;

const byValue = (a: WmEntry, b: WmEntry): number =>
  a.value - b.value || a.kind - b.kind || (a.kind === 1 ? (a.at ?? 0) - (b.at ?? 0) : 0) || a.seq - b.seq;
const byTime = (a: WmEntry, b: WmEntry): number => (a.at ?? 0) - (b.at ?? 0) || a.seq - b.seq;

export function createWatermarks(dirty: DirtyRange) {
  const values = new Map<string, WmEntry[]>();
  const pulls = new Map<string, WmEntry[]>();
  /** Per client: pulls at which the reported value first rose, by time (rebuilt when pulls change). */
  const steps = new Map<string, WmEntry[]>();

  const maxOf = (list: readonly WmEntry[] | undefined): WmEntry | null => {
    if (!list || list.length === 0) return null;
    const top = list[list.length - 1]!.value;
    return list[lowerBound(list, (x) => x.value < top)] ?? null;
  };

  /** A source entering or leaving at index i changes the covering source of (previous value, its value]. */
  function around(clientID: string, list: readonly WmEntry[], i: number): void {
    const e = list[i]!;
    if (i > 0 && list[i - 1]!.value === e.value) return;
    dirty(clientID, i > 0 ? list[i - 1]!.value : -Infinity, e.value);
  }

  function aroundPull(clientID: string, list: readonly WmEntry[], i: number): void {
    let before = -Infinity;
    for (let k = 0; k < i; k++) if (list[k]!.value > before) before = list[k]!.value;
    if (list[i]!.value > before) dirty(clientID, before, list[i]!.value);
  }

  function change(clientID: string, e: WmEntry, add: boolean): void {
    let list = values.get(clientID);
    if (!list) values.set(clientID, (list = []));
    const was = maxOf(list);
    const i = lowerBound(list, (x) => byValue(x, e) < 0);
    if (add) {
      list.splice(i, 0, e);
      around(clientID, list, i);
    } else {
      if (list[i] !== e) return;
      around(clientID, list, i);
      list.splice(i, 1);
    }
    const now = maxOf(list);
    // Unprocessed mutations name the highest watermark: all above the lower of the two maxima.
    if (was !== now) dirty(clientID, Math.min(was?.value ?? -Infinity, now?.value ?? -Infinity), Infinity);
    if (list.length === 0) values.delete(clientID);
    if (e.kind !== 1) return;
    let pl = pulls.get(clientID);
    if (!pl) pulls.set(clientID, (pl = []));
    const j = lowerBound(pl, (x) => byTime(x, e) < 0);
    if (add) {
      pl.splice(j, 0, e);
      aroundPull(clientID, pl, j);
    } else if (pl[j] === e) {
      aroundPull(clientID, pl, j);
      pl.splice(j, 1);
    }
    steps.delete(clientID);
    if (pl.length === 0) pulls.delete(clientID);
  }

  function stepsOf(clientID: string): WmEntry[] {
    let s = steps.get(clientID);
    if (s) return s;
    s = [];
    for (const e of pulls.get(clientID) ?? []) if (s.length === 0 || e.value > s[s.length - 1]!.value) s.push(e);
    steps.set(clientID, s);
    return s;
  }

  return {
    add: (clientID: string, e: WmEntry) => change(clientID, e, true),
    remove: (clientID: string, e: WmEntry) => change(clientID, e, false),
    /** The lowest source at or past `mutationID` (the one that first says it was processed), else the highest. */
    forMutation(clientID: string, mutationID: number): WmEntry | null {
      const list = values.get(clientID);
      if (!list) return null;
      return list[lowerBound(list, (x) => x.value < mutationID)] ?? maxOf(list);
    },
    max: (clientID: string): WmEntry | null => maxOf(values.get(clientID)),
    firstPull(clientID: string, mutationID: number): PullSeen | null {
      const s = stepsOf(clientID);
      return s[lowerBound(s, (x) => x.value < mutationID)]?.pull ?? null;
    },
    clear() {
      values.clear();
      pulls.clear();
      steps.clear();
    },
  };
}

export type Watermarks = ReturnType<typeof createWatermarks>;
