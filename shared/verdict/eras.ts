// Per client, the mutations that wrote change rows and the highest row version each wrote, by
// mutation id: a mutation of a windowed log is placed after its client's previous writer
// (mutations.ts windowGap). Only a windowed log asks for them, so only then are they kept.

import { lowerBound } from './sorted.ts';

/** `mark(cid, lo, hi)` marks the client's mutations with lo < mutationID <= hi for re-judging. */
export const createEras = (mark: (cid: string, lo: number, hi: number) => void): Eras => new Eras(mark);

/** A class, not closures per engine: judging calls into it, and V8 keeps one optimised copy of its methods. */
export class Eras {
  readonly #eras = new Map<string, [number, number][]>();
  readonly #mark: (cid: string, lo: number, hi: number) => void;

  constructor(mark: (cid: string, lo: number, hi: number) => void) {
    this.#mark = mark;
  }

  /** The client's last writer before `n`: [its id, its highest row version]. */
  previousWriter(cid: string, n: number): [number, number] | null {
    const list = this.#eras.get(cid);
    if (!list) return null;
    const i = lowerBound(list, (e) => e[0] < n);
    return list[i - 1] ?? null;
  }

  /** Mutation `mid` wrote up to row version `max` (null: wrote nothing); `bulk`: sorted later by sort(). */
  set(cid: string, mid: number, max: number | null, bulk: boolean): void {
    const eras = this.#eras;
    if (bulk) {
      if (max !== null) {
        let l = eras.get(cid);
        if (!l) eras.set(cid, (l = []));
        l.push([mid, max]);
      }
      return;
    }
    let list = eras.get(cid);
    const i = list ? lowerBound(list, (e) => e[0] < mid) : 0;
    const at = list?.[i];
    const cur = at?.[0] === mid ? at : null;
    if ((cur?.[1] ?? null) === max) return;
    if (!list) eras.set(cid, (list = []));
    if (max === null) list.splice(i, 1);
    else if (cur) cur[1] = max;
    else list.splice(i, 0, [mid, max]);
    // Mutations up to this client's next writer place themselves after this one.
    const j = lowerBound(list, (e) => e[0] <= mid);
    this.#mark(cid, mid, list[j]?.[0] ?? Infinity);
  }

  /** After a rebuild's bulk set(). */
  sort(): void {
    for (const list of this.#eras.values()) list.sort((a, b) => a[0] - b[0]);
  }

  clear(): void {
    this.#eras.clear();
  }
}
