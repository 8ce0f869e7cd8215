// The mutation half of the incremental engine, its state: every source of mutation facts held in one
// entry per clientID and mutationID (mutationEntries.ts), the mutation ids per client, the marks of
// what a delta touched, and the facts and writer counts a judgement reads.

import { createEras, type Eras } from './eras.ts';
import type { PullSeen } from './collect.ts';
import { factsOf, type Entries, type MutationEntry, type SourceOf } from './mutationEntries.ts';
import { judgeOne, sourceNameOf, type MutationContext } from './mutations.ts';
import { insertSorted, lowerBound, removeSorted } from './sorted.ts';
import type { SyncEvent } from '../sync/types.ts';
import type { MutationVerdict } from './types.ts';
import { createWatermarks, type Watermarks, type WmEntry } from './watermarks.ts';

export const sameGroup = (ours: string | null, theirs: string | null | undefined): boolean =>
  ours === null || theirs === null || theirs === undefined || ours === theirs;

export interface EventRef {
  ev: SyncEvent;
  seq: number;
  wm: [string, WmEntry][];
}

/** A source the client hands whole each time: the outbox, the known list, the bridge events. */
export type ListKind = 'outbox' | 'known' | 'bridge';

/**
 * What a judgement reads beyond the facts. A class, not an object of closures per engine: the
 * optimised judge calls its methods, and a closure of an engine that is gone would take that code
 * with it (V8 drops optimised code whose inlined callee was collected).
 */
class SideContext implements MutationContext {
  adminAvailable = false;
  errorsAvailable = true;
  knownFromRowVersion: number | null | undefined = null;
  knownFromAt: number | null | undefined = null;
  readAt: number | null | undefined = null;
  readonly #wms: Watermarks;
  readonly #eras: Eras;
  readonly #writers: ReadonlyMap<string, number>;

  constructor(wms: Watermarks, eras: Eras, writers: ReadonlyMap<string, number>) {
    this.#wms = wms;
    this.#eras = eras;
    this.#writers = writers;
  }
  watermark(cid: string, n: number): WmEntry | null {
    return this.#wms.forMutation(cid, n);
  }
  firstPull(cid: string, n: number): PullSeen | null {
    return this.#wms.firstPull(cid, n);
  }
  previousWriter(cid: string, n: number): [number, number] | null {
    return this.#eras.previousWriter(cid, n);
  }
  writers(name: string): number {
    return this.#writers.get(name) ?? 0;
  }
}

export type OnVerdict = (before: MutationVerdict | null, after: MutationVerdict | null) => void;

/**
 * The mutation side's state and the steps its updates share (engineMutations.ts MutationSide adds
 * the sources and the judging). A class, not a closure per engine: its methods are one set of
 * functions for every engine, so the code V8 optimised for one engine's rebuild runs the next one's.
 */
export class MutationSideState {
  readonly ctx: MutationContext;
  /** The clients that have facts, sorted; `mids` per client, the mutation ids that have facts, sorted. */
  readonly cids: string[] = [];
  readonly mids = new Map<string, number[]>();
  protected group: string | null = null;
  protected admin = false;
  /** During a rebuild every mutation is marked anyway: ranges would only walk them again. */
  protected bulk = false;
  protected readonly dirty = new Map<string, Set<number>>();
  protected readonly entries: Entries = new Map();
  /** The whole lists last handed in, to clear their entries when the next one comes. */
  protected readonly lists = new Map<ListKind, readonly SourceOf[ListKind][]>();
  protected readonly events = new Map<string, EventRef>();
  protected eventSeq = 0;
  protected metaWm: [string, WmEntry][] = [];
  protected clientWm: [string, WmEntry][] = [];
  protected readonly writers = new Map<string, number>();
  /** Every verdict in key order, as the last rebuild made them; dropped when one of them changes. */
  protected listed: MutationVerdict[] | null = null;
  protected readonly wms: Watermarks;
  protected readonly eras: Eras;
  protected readonly onVerdict: OnVerdict;

  constructor(onVerdict: OnVerdict) {
    this.onVerdict = onVerdict;
    const markRange = (cid: string, lo: number, hi: number) => this.markRange(cid, lo, hi);
    this.wms = createWatermarks(markRange);
    this.eras = createEras(markRange);
    this.ctx = new SideContext(this.wms, this.eras, this.writers);
  }

  protected mark(cid: string, mid: number): void {
    // A rebuild walks the entries themselves (settleBulk): no set of every key is built.
    if (this.bulk) return;
    let s = this.dirty.get(cid);
    if (!s) this.dirty.set(cid, (s = new Set()));
    s.add(mid);
  }

  protected markRange(cid: string, lo: number, hi: number): void {
    if (this.bulk) return;
    const list = this.mids.get(cid);
    if (!list) return;
    for (let i = lowerBound(list, (x) => x <= lo); i < list.length; i++) {
      const mid = list[i];
      if (mid === undefined || mid > hi) break;
      this.mark(cid, mid);
    }
  }

  protected windowed(): boolean {
    const from = this.ctx.knownFromRowVersion;
    return typeof from === 'number' && from > 1;
  }

  /**
   * The entry's facts from its sources, held in `facts` only until it is judged (the verdict builds
   * them again when its explanations are read); what the previous facts said is read off the verdict.
   */
  protected placeFacts(cid: string, e: MutationEntry): void {
    const before = e.verdict;
    const f = factsOf(cid, e.mid, e);
    e.facts = f;
    const name = before && before.changeRowVersions.length > 0 ? sourceNameOf(before) : null;
    if (name) this.countWriter(name, -1);
    if (f) {
      // A rebuild sets the clients and every client's list once, sorted (settleBulk).
      if (!before && !this.bulk) {
        let list = this.mids.get(cid);
        if (!list) {
          this.mids.set(cid, (list = []));
          insertSorted(this.cids, cid);
        }
        insertSorted(list, e.mid);
      }
      if (f.wrote && f.name) this.countWriter(f.name, 1);
    } else if (before) {
      const list = this.mids.get(cid);
      if (list) removeSorted(list, e.mid);
      if (list?.length === 0) {
        this.mids.delete(cid);
        removeSorted(this.cids, cid);
      }
    }
    // Eras place a mutation after its client's previous writer, which only a windowed log asks
    // for; a change of window rebuilds, so with a complete log none are kept.
    if (!this.windowed()) return;
    let max: number | null = null;
    for (const r of f?.rows ?? []) if (max === null || r.rowVersion > max) max = r.rowVersion;
    this.eras.set(cid, e.mid, max, this.bulk);
  }

  protected countWriter(name: string, by: number): void {
    const n = (this.writers.get(name) ?? 0) + by;
    if (n > 0) this.writers.set(name, n);
    else this.writers.delete(name);
    // Only the evidence quotes this count, and evidence is built when read: nothing to mark.
  }

  /** The entry's verdict, judged from its facts when they are still held. */
  protected judged(e: MutationEntry): MutationVerdict | null {
    if (e.facts) {
      e.verdict = judgeOne(e.facts, this.ctx, e);
      e.facts = null;
    }
    return e.verdict;
  }
}
