// The mutation half of the incremental engine: every source of mutation facts held in one entry per
// clientID and mutationID (mutationEntries.ts), so a delta marks the mutations it touches and only
// those are judged again.

import type { SyncEvent } from '../sync/types.ts';
import type { PullSeen } from './collect.ts';
import {
  addHeldRow,
  addSource,
  entryAt,
  entryOf,
  isEntry,
  isLoadedRows,
  removePushes,
  removeSource,
  verdictOf,
  type Held,
  type SlotMap,
  type SourceOf,
} from './mutationEntries.ts';
import { MutationSideState, sameGroup, type EventRef, type ListKind, type OnVerdict } from './mutationSideState.ts';
import { judgeChangeRowsOnly, judgeOne } from './mutations.ts';
import { ascending } from './sorted.ts';
import type {
  BridgeMutateEvent,
  ChangeRecord,
  KnownMutation,
  MutationVerdict,
  OutboxEntry,
  ServerClient,
  ServerError,
} from './types.ts';
import { clientEntries, metaEntries, replaceEntries, type WmEntry } from './watermarks.ts';

/** `onVerdict`: a verdict made, changed or gone; in a rebuild (every one made anew) only those that are not applied. */
export const createMutationSide = (onVerdict: OnVerdict): MutationSide => new MutationSide(onVerdict);

/** The mutation side: its sources come and go through these methods; settle() judges what they marked. */
export class MutationSide extends MutationSideState {
  /** Facts first (they move eras and counts, which mark more), then one judgement per marked mutation. */
  settle(): void {
    this.wms.flush();
    if (this.bulk) {
      this.settleBulk();
      return;
    }
    const entries = this.entries;
    const dirty = this.dirty;
    const judge = new Map<string, Set<number>>();
    while (dirty.size > 0) {
      const batch = [...dirty];
      dirty.clear();
      for (const [cid, set] of batch) {
        let j = judge.get(cid);
        if (!j) judge.set(cid, (j = new Set()));
        for (const mid of set) {
          if (j.has(mid)) continue;
          j.add(mid);
          const e = entryAt(entries, cid, mid);
          if (e) this.placeFacts(cid, e);
        }
      }
    }
    for (const [cid, set] of judge) {
      const inner = entries.get(cid);
      if (!inner) continue;
      for (const mid of set) {
        const e = entryAt(entries, cid, mid);
        if (!e) continue;
        const before = e.verdict;
        const after = e.facts ? judgeOne(e.facts, this.ctx, e) : null;
        e.verdict = after;
        e.facts = null;
        // No source names it any more: the entry goes.
        if (!after) {
          inner.delete(mid);
          if (inner.size === 0) entries.delete(cid);
        }
        if (before || after) {
          this.listed = null;
          this.onVerdict(before, after);
        }
      }
    }
  }

  /**
   * A rebuild: every slot once, client by client, by mutation id, each judged as soon as its facts
   * are built (so the facts die young) and listed in key order as it comes. A slot of change rows
   * alone needs no facts: its verdict is made from the rows and kept as its state. A windowed log
   * places a mutation after its client's previous writer: then every slot is an entry with facts
   * first, judged after the eras.
   */
  protected settleBulk(): void {
    const entries = this.entries;
    const now = !this.windowed();
    const out: MutationVerdict[] = [];
    const later: Held[][] = []; // a windowed log's entries, per client in `cids`: judged once the eras are sorted
    this.cids.length = 0;
    for (const cid of [...entries.keys()].sort()) {
      const inner = entries.get(cid);
      if (!inner) continue;
      const held: Held[] = [];
      const ids = this.walk(cid, inner, now, out, held);
      if (inner.size === 0) {
        entries.delete(cid);
        continue;
      }
      this.cids.push(cid);
      later.push(held);
      this.mids.set(cid, ids);
    }
    this.dirty.clear();
    this.eras.sort();
    if (!now)
      for (const held of later)
        for (let i = 0; i < held.length; i++) {
          const x = held[i];
          const v = x && (isEntry(x) ? this.judged(x) : x);
          if (v) out.push(v);
        }
    this.listed = out;
    this.tell(out);
  }

  /**
   * One client's slots in a rebuild, by mutation id: each judged (complete log: into `out`) or kept
   * for the eras (windowed log: into `held`). Returns the ids that stay. A method of its own: the one
   * long loop, small enough for V8 to optimise quickly and keep.
   */
  protected walk(cid: string, inner: SlotMap, now: boolean, out: MutationVerdict[], held: Held[]): number[] {
    const entries = this.entries;
    const ctx = this.ctx;
    // The ids, ascending (an IntMap lists them so; a plain Map's are sorted), walked by index: no
    // callback per slot. Kept in place as the client's list of ids, without the slots that go.
    const listed = inner.keys();
    const ids = Array.isArray(listed) ? (listed as number[]) : [...listed];
    if (!ascending(ids)) ids.sort((a, b) => a - b);
    let kept = 0;
    for (let i = 0; i < ids.length; i++) {
      const mid = ids[i] as number;
      const s = inner.get(mid);
      if (s === undefined) continue;
      let x: Held;
      // Rows alone: no facts to build, no writer to count (no name), no era.
      if (now && isLoadedRows(s)) inner.set(mid, (x = judgeChangeRowsOnly(null, cid, mid, s, ctx)));
      else {
        const e = isEntry(s) ? s : entryOf(entries, cid, mid);
        this.placeFacts(cid, e);
        if (!e.facts) {
          inner.delete(mid);
          continue;
        }
        x = e;
      }
      ids[kept++] = mid;
      if (!now) held.push(x);
      else {
        const v = isEntry(x) ? this.judged(x) : x;
        if (v) out.push(v);
      }
    }
    ids.length = kept;
    return ids;
  }

  /**
   * A rebuild tells only of the verdicts a listener keeps an index of: an applied one raises no
   * finding and names no rows (most of the log's mutations), so it is not handed over one by one.
   * Apart from the walk above: the listener is each engine's own function, and code that calls it
   * is dropped with it when that engine is collected.
   */
  protected tell(out: readonly MutationVerdict[]): void {
    for (let i = 0; i < out.length; i++) {
      const v = out[i] as MutationVerdict;
      if (v.status !== 'applied') this.onVerdict(null, v);
    }
  }

  protected takeEvent(ev: SyncEvent, seq: number): void {
    const ref: EventRef = { ev, seq, wm: [] };
    this.events.set(ev.id, ref);
    if (ev.kind === 'push') {
      if (ev.request.state !== 'ok') return;
      const req = ev.request.value;
      const cid = req.clientID;
      if (cid === null || !sameGroup(this.group, req.clientGroupID)) return;
      const ms = req.mutations;
      for (let index = 0; index < ms.length; index++) {
        const m = ms[index];
        if (m === undefined) continue;
        addSource(entryOf(this.entries, cid, m.id), 'pushes', { ev, index, seq });
        this.mark(cid, m.id);
      }
    } else if (ev.response.state === 'ok') {
      const reqGroup = ev.request.state === 'ok' ? ev.request.value.clientGroupID : null;
      if (!sameGroup(this.group, reqGroup)) return;
      const pull: PullSeen = { requestId: ev.id, at: ev.startedAt, lastMutationIDs: ev.response.value.lastMutationIDs };
      for (const [cid, v] of Object.entries(pull.lastMutationIDs)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        const e: WmEntry = { value: v, source: `pull ${ev.id}`, at: ev.startedAt, kind: 1, seq, pull };
        ref.wm.push([cid, e]);
        this.wms.add(cid, e);
      }
    }
  }

  protected dropEvent(id: string): number | null {
    const ref = this.events.get(id);
    if (!ref) return null;
    this.events.delete(id);
    const { ev } = ref;
    if (ev.kind === 'push') removePushes(this.entries, ev, (cid, mid) => this.mark(cid, mid));
    for (const [cid, e] of ref.wm) this.wms.remove(cid, e);
    return ref.seq;
  }

  protected replaceList<K extends ListKind>(kind: K, list: readonly SourceOf[K][]): void {
    for (const x of this.lists.get(kind) ?? []) {
      const e = entryAt(this.entries, x.clientID, x.mutationID);
      if (e) e[kind] = null;
      this.mark(x.clientID, x.mutationID);
    }
    this.lists.set(kind, list);
    for (const x of list) {
      addSource(entryOf(this.entries, x.clientID, x.mutationID), kind, x);
      this.mark(x.clientID, x.mutationID);
    }
  }

  /** Change rows and errors the server attributes to a mutation: only the admin API's, only this group's. */
  protected addRecord<K extends 'changes' | 'errors'>(kind: K, r: SourceOf[K]): void {
    if (!this.admin || r.clientID === null || r.mutationID === null || !sameGroup(this.group, r.clientGroupID)) return;
    addSource(entryOf(this.entries, r.clientID, r.mutationID), kind, r);
    this.mark(r.clientID, r.mutationID);
  }
  protected removeRecord<K extends 'changes' | 'errors'>(kind: K, r: SourceOf[K]): void {
    if (r.clientID === null || r.mutationID === null) return;
    const e = entryAt(this.entries, r.clientID, r.mutationID);
    if (e) removeSource(e, kind, r);
    this.mark(r.clientID, r.mutationID);
  }

  /** A mutation's verdict. */
  verdict(cid: string, mid: number): MutationVerdict | undefined {
    return verdictOf(this.entries.get(cid)?.get(mid));
  }

  /** Every verdict by clientID, then mutationID. */
  list(): MutationVerdict[] {
    if (this.listed) return this.listed.slice();
    const out: MutationVerdict[] = [];
    for (const cid of this.cids) {
      const inner = this.entries.get(cid);
      if (!inner) continue;
      for (const mid of this.mids.get(cid) ?? []) {
        const v = verdictOf(inner.get(mid));
        if (v) out.push(v);
      }
    }
    this.listed = out;
    return out.slice();
  }

  /** True while a rebuild adds every source: range marks are skipped, everything is judged. */
  setBulk(on: boolean): void {
    this.bulk = on;
  }

  /** Group and admin availability decide what counts at all: a change of either rebuilds the indexes. */
  configure(g: string | null, adminAvailable: boolean): void {
    this.group = g;
    this.admin = adminAvailable;
    this.ctx.adminAvailable = adminAvailable;
  }
  setOutbox(list: readonly OutboxEntry[]): void {
    this.replaceList('outbox', list);
  }
  setKnown(list: readonly KnownMutation[]): void {
    this.replaceList('known', list);
  }
  setBridge(list: readonly BridgeMutateEvent[]): void {
    this.replaceList('bridge', list);
  }
  setMeta(lastMutationIDs: Record<string, number>): void {
    this.metaWm = replaceEntries(this.wms, this.metaWm, metaEntries(lastMutationIDs));
  }
  setClients(list: readonly ServerClient[]): void {
    const next = this.admin ? clientEntries(list, (g) => sameGroup(this.group, g)) : [];
    this.clientWm = replaceEntries(this.wms, this.clientWm, next);
  }
  upsertEvent(ev: SyncEvent): void {
    const seq = this.dropEvent(ev.id) ?? ++this.eventSeq;
    this.takeEvent(ev, seq);
  }
  removeEvent(id: string): void {
    this.dropEvent(id);
  }
  addChange(c: ChangeRecord): void {
    if (!this.bulk) this.addRecord('changes', c);
    // A rebuild's change rows go into their mutation's slot as they are: most have no other source, so no entry.
    else if (this.admin && c.clientID !== null && c.mutationID !== null && sameGroup(this.group, c.clientGroupID))
      addHeldRow(this.entries, c.clientID, c.mutationID, c);
  }
  /** addChange of every record of a rebuild's log, in one loop. */
  addChanges(list: readonly ChangeRecord[]): void {
    // An index loop over the long list: no iterator result per record before the loop is optimised.
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c) this.addChange(c);
    }
  }
  removeChange(c: ChangeRecord): void {
    this.removeRecord('changes', c);
  }
  addError(e: ServerError): void {
    this.addRecord('errors', e);
  }
  removeError(e: ServerError): void {
    this.removeRecord('errors', e);
  }
  /** Mutations the server has not processed: they name the highest watermark and the read time. */
  markUnprocessed(): void {
    for (const cid of this.cids) this.markRange(cid, this.wms.max(cid)?.value ?? -Infinity, Infinity);
  }
  clear(): void {
    for (const m of [this.entries, this.events, this.mids, this.writers, this.dirty, this.lists]) m.clear();
    this.eras.clear();
    this.listed = null;
    this.cids.length = 0;
    this.metaWm = [];
    this.clientWm = [];
    this.wms.clear();
  }
}
