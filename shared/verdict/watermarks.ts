// Per-client watermark sources (the client's _plasma_meta, captured pulls, the server's /clients),
// kept sorted so a mutation finds the source that covers it by binary search. A verdict's status
// reads only whether the highest source reaches it, so a new or dropped source re-judges only the
// mutations above the lower of the old and new highest (those it may move, and those that quote it).

import type { PullSeen, Watermark } from './collect.ts';
import { lowerBound } from './sorted.ts';
import type { ServerClient } from './types.ts';

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

const maxOf = (list: readonly WmEntry[] | undefined): WmEntry | null => {
  const last = list?.at(-1);
  if (!list || !last) return null;
  const top = last.value;
  return list[lowerBound(list, (x) => x.value < top)] ?? null;
};

export const createWatermarks = (dirty: DirtyRange): Watermarks => new Watermarks(dirty);

/** A class, not closures per engine: judging calls into it, and V8 keeps one optimised copy of its methods. */
export class Watermarks {
  readonly #values = new Map<string, WmEntry[]>();
  readonly #pulls = new Map<string, WmEntry[]>();
  /** Per client: pulls at which the reported value first rose, by time (rebuilt when pulls change). */
  readonly #steps = new Map<string, WmEntry[]>();
  /** The highest source per client before this update's changes; compared with the new one in flush(). */
  readonly #before = new Map<string, WmEntry | null>();
  readonly #dirty: DirtyRange;

  constructor(dirty: DirtyRange) {
    this.#dirty = dirty;
  }

  #change(clientID: string, e: WmEntry, add: boolean): void {
    let list = this.#values.get(clientID);
    if (!list) this.#values.set(clientID, (list = []));
    if (!this.#before.has(clientID)) this.#before.set(clientID, maxOf(list));
    const i = lowerBound(list, (x) => byValue(x, e) < 0);
    if (add) list.splice(i, 0, e);
    else if (list[i] === e) list.splice(i, 1);
    else return;
    if (list.length === 0) this.#values.delete(clientID);
    if (e.kind !== 1) return;
    let pl = this.#pulls.get(clientID);
    if (!pl) this.#pulls.set(clientID, (pl = []));
    const j = lowerBound(pl, (x) => byTime(x, e) < 0);
    if (add) pl.splice(j, 0, e);
    else if (pl[j] === e) pl.splice(j, 1);
    this.#steps.delete(clientID);
    if (pl.length === 0) this.#pulls.delete(clientID);
  }

  #stepsOf(clientID: string): WmEntry[] {
    let s = this.#steps.get(clientID);
    if (s) return s;
    s = [];
    let top = -Infinity;
    for (const e of this.#pulls.get(clientID) ?? [])
      if (s.length === 0 || e.value > top) {
        s.push(e);
        top = e.value;
      }
    this.#steps.set(clientID, s);
    return s;
  }

  /** Marks, per client whose highest source moved, every mutation above the lower of the two. */
  flush(): void {
    for (const [clientID, was] of this.#before) {
      const now = maxOf(this.#values.get(clientID));
      if (was !== now) this.#dirty(clientID, Math.min(was?.value ?? -Infinity, now?.value ?? -Infinity), Infinity);
    }
    this.#before.clear();
  }
  add(clientID: string, e: WmEntry): void {
    this.#change(clientID, e, true);
  }
  remove(clientID: string, e: WmEntry): void {
    this.#change(clientID, e, false);
  }
  /** The lowest source at or past `mutationID` (the one that first says it was processed), else the highest. */
  forMutation(clientID: string, mutationID: number): WmEntry | null {
    const list = this.#values.get(clientID);
    if (!list) return null;
    return list[lowerBound(list, (x) => x.value < mutationID)] ?? maxOf(list);
  }
  max(clientID: string): WmEntry | null {
    return maxOf(this.#values.get(clientID));
  }
  firstPull(clientID: string, mutationID: number): PullSeen | null {
    const s = this.#stepsOf(clientID);
    return s[lowerBound(s, (x) => x.value < mutationID)]?.pull ?? null;
  }
  clear(): void {
    this.#before.clear();
    this.#values.clear();
    this.#pulls.clear();
    this.#steps.clear();
  }
}

/**
 * Swaps one source's entries (`old`) for `next` in `wms`, keeping the entries that did not change,
 * so only the clients whose watermarks really moved are marked dirty.
 */
export function replaceEntries(
  wms: Watermarks,
  old: [string, WmEntry][],
  next: [string, WmEntry][],
): [string, WmEntry][] {
  const same = (a: WmEntry, b: WmEntry) =>
    a.value === b.value && a.at === b.at && a.seq === b.seq && a.source === b.source;
  const keep = new Set<WmEntry>();
  const out: [string, WmEntry][] = [];
  for (const [cid, e] of next) {
    const was = old.find(([c, o]) => c === cid && same(o, e) && !keep.has(o));
    if (was) {
      keep.add(was[1]);
      out.push(was);
    } else {
      wms.add(cid, e);
      out.push([cid, e]);
    }
  }
  for (const [cid, e] of old) if (!keep.has(e)) wms.remove(cid, e);
  return out;
}

/** The client's _plasma_meta as watermark entries. */
export function metaEntries(lastMutationIDs: Record<string, number>): [string, WmEntry][] {
  const out: [string, WmEntry][] = [];
  for (const [cid, v] of Object.entries(lastMutationIDs))
    if (Number.isFinite(v))
      out.push([cid, { value: v, source: "the client's _plasma_meta", at: null, kind: 0, seq: 0, pull: null }]);
  return out;
}

/** The server's /clients as watermark entries, those of the client group `accept` takes. */
export function clientEntries(list: readonly ServerClient[], accept: (group: string) => boolean): [string, WmEntry][] {
  const out: [string, WmEntry][] = [];
  list.forEach((c, seq) => {
    if (accept(c.clientGroupID))
      out.push([
        c.clientID,
        { value: c.lastMutationID, source: 'server /clients', at: c.updatedAt, kind: 2, seq, pull: null },
      ]);
  });
  return out;
}
