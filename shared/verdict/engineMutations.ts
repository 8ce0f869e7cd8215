// The mutation half of the incremental engine: every source of mutation facts held in one entry per
// clientID and mutationID (mutationEntries.ts), so a delta marks the mutations it touches and only
// those are judged again.

import type { SyncEvent } from '../sync/types.ts';
import type { PullSeen } from './collect.ts';
import {
  addHeldRow,
  addSource,
  byMid,
  entryAt,
  entryOf,
  factsOf,
  isEntry,
  isLoadedRows,
  removePushes,
  removeSource,
  verdictOf,
  type Entries,
  type Held,
  type MutationEntry,
  type SourceOf,
} from './mutationEntries.ts';
import { createEras } from './eras.ts';
import { judgeChangeRowsOnly, judgeOne, sourceNameOf, type MutationContext } from './mutations.ts';
import { ascending, insertSorted, lowerBound, removeSorted } from './sorted.ts';
import type {
  BridgeMutateEvent,
  ChangeRecord,
  KnownMutation,
  MutationVerdict,
  OutboxEntry,
  ServerClient,
  ServerError,
} from './types.ts';
import { clientEntries, createWatermarks, metaEntries, replaceEntries, type WmEntry } from './watermarks.ts';

const sameGroup = (ours: string | null, theirs: string | null | undefined): boolean =>
  ours === null || theirs === null || theirs === undefined || ours === theirs;

interface EventRef {
  ev: SyncEvent;
  seq: number;
  wm: [string, WmEntry][];
}

/** A source the client hands whole each time: the outbox, the known list, the bridge events. */
type ListKind = 'outbox' | 'known' | 'bridge';

export function createMutationSide(onVerdict: (before: MutationVerdict | null, after: MutationVerdict | null) => void) {
  let group: string | null = null;
  let admin = false;
  const dirty = new Map<string, Set<number>>();
  /** Per client, the mutation ids that have facts, sorted; `cids` the clients that have any, sorted. */
  const mids = new Map<string, number[]>();
  const cids: string[] = [];
  const mark = (cid: string, mid: number) => {
    // A rebuild walks the entries themselves (settleBulk): no set of every key is built.
    if (bulk) return;
    let s = dirty.get(cid);
    if (!s) dirty.set(cid, (s = new Set()));
    s.add(mid);
  };
  /** During a rebuild every mutation is marked anyway: ranges would only walk them again. */
  let bulk = false;
  const markRange = (cid: string, lo: number, hi: number) => {
    if (bulk) return;
    const list = mids.get(cid);
    if (!list) return;
    for (let i = lowerBound(list, (x) => x <= lo); i < list.length; i++) {
      const mid = list[i];
      if (mid === undefined || mid > hi) break;
      mark(cid, mid);
    }
  };
  const wms = createWatermarks(markRange);
  const entries: Entries = new Map();
  /** The whole lists last handed in, to clear their entries when the next one comes. */
  const lists = new Map<ListKind, readonly SourceOf[ListKind][]>();
  const events = new Map<string, EventRef>();
  let eventSeq = 0;
  let metaWm: [string, WmEntry][] = [];
  let clientWm: [string, WmEntry][] = [];
  const eras = createEras(markRange);
  const writers = new Map<string, number>();
  /** Every verdict in key order, as the last rebuild made them; dropped when one of them changes. */
  let listed: MutationVerdict[] | null = null;

  const ctx: MutationContext = {
    adminAvailable: false,
    errorsAvailable: true,
    knownFromRowVersion: null,
    knownFromAt: null,
    readAt: null,
    watermark: (cid, n) => wms.forMutation(cid, n),
    firstPull: (cid, n) => wms.firstPull(cid, n),
    previousWriter: (cid, n) => eras.previousWriter(cid, n),
    writers: (name) => writers.get(name) ?? 0,
  };

  const windowed = () => typeof ctx.knownFromRowVersion === 'number' && ctx.knownFromRowVersion > 1;

  /**
   * The entry's facts from its sources, held in `facts` only until it is judged (the verdict builds
   * them again when its explanations are read); what the previous facts said is read off the verdict.
   */
  function placeFacts(cid: string, e: MutationEntry): void {
    const before = e.verdict;
    const f = factsOf(cid, e.mid, e);
    e.facts = f;
    const name = before && before.changeRowVersions.length > 0 ? sourceNameOf(before) : null;
    if (name) countWriter(name, -1);
    if (f) {
      // A rebuild sets the clients and every client's list once, sorted (settleBulk).
      if (!before && !bulk) {
        let list = mids.get(cid);
        if (!list) {
          mids.set(cid, (list = []));
          insertSorted(cids, cid);
        }
        insertSorted(list, e.mid);
      }
      if (f.wrote && f.name) countWriter(f.name, 1);
    } else if (before) {
      const list = mids.get(cid);
      if (list) removeSorted(list, e.mid);
      if (list?.length === 0) {
        mids.delete(cid);
        removeSorted(cids, cid);
      }
    }
    // Eras place a mutation after its client's previous writer, which only a windowed log asks
    // for; a change of window rebuilds, so with a complete log none are kept.
    if (!windowed()) return;
    let max: number | null = null;
    for (const r of f?.rows ?? []) if (max === null || r.rowVersion > max) max = r.rowVersion;
    eras.set(cid, e.mid, max, bulk);
  }

  function countWriter(name: string, by: number): void {
    const n = (writers.get(name) ?? 0) + by;
    if (n > 0) writers.set(name, n);
    else writers.delete(name);
    // Only the evidence quotes this count, and evidence is built when read: nothing to mark.
  }

  /** Facts first (they move eras and counts, which mark more), then one judgement per marked mutation. */
  function settle(): void {
    wms.flush();
    if (bulk) {
      settleBulk();
      return;
    }
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
          if (e) placeFacts(cid, e);
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
        const after = e.facts ? judgeOne(e.facts, ctx, e) : null;
        e.verdict = after;
        e.facts = null;
        // No source names it any more: the entry goes.
        if (!after) {
          inner.delete(mid);
          if (inner.size === 0) entries.delete(cid);
        }
        if (before || after) {
          listed = null;
          onVerdict(before, after);
        }
      }
    }
  }

  /** The entry's verdict, judged from its facts when they are still held. */
  function judged(e: MutationEntry): MutationVerdict | null {
    if (e.facts) {
      e.verdict = judgeOne(e.facts, ctx, e);
      e.facts = null;
    }
    return e.verdict;
  }

  /**
   * A rebuild: every slot once, client by client, by mutation id (an IntMap's walk), each judged as
   * soon as its facts are built (so the facts die young) and listed in key order as it comes. A slot
   * of change rows alone needs no facts: its verdict is made from the rows and kept as its state. A
   * windowed log places a mutation after its client's previous writer: then every slot is an entry
   * with facts first, judged after the eras.
   */
  function settleBulk(): void {
    const now = !windowed();
    const out: MutationVerdict[] = [];
    const later: Held[][] = []; // a windowed log's entries, per client in `cids`: judged once the eras are sorted
    cids.length = 0;
    for (const cid of [...entries.keys()].sort()) {
      const inner = entries.get(cid);
      if (!inner) continue;
      const from = out.length;
      const held: Held[] = [];
      // The ids kept beside the slots: their order is checked, and listed, without reading each back.
      const ids: number[] = [];
      inner.forEach((s, mid) => {
        let x: Held;
        // Rows alone: no facts to build, no writer to count (no name), no era.
        if (now && isLoadedRows(s)) inner.set(mid, (x = judgeChangeRowsOnly(null, cid, mid, s, ctx)));
        else {
          const e = isEntry(s) ? s : entryOf(entries, cid, mid);
          placeFacts(cid, e);
          if (!e.facts) {
            inner.delete(mid);
            return;
          }
          x = e;
        }
        ids.push(mid);
        if (!now) held.push(x);
        else {
          const v = isEntry(x) ? judged(x) : x;
          if (v) out.push(v);
        }
      });
      if (inner.size === 0) {
        entries.delete(cid);
        continue;
      }
      cids.push(cid);
      later.push(held);
      mids.set(cid, ids);
      if (ascending(ids)) continue;
      // Only a slot map that walks in another order than by id (a plain Map) comes here.
      ids.sort((a, b) => a - b);
      for (const v of out.splice(from).sort((a, b) => a.mutationID - b.mutationID)) out.push(v);
      byMid(held); // in place
    }
    dirty.clear();
    eras.sort();
    if (!now)
      for (const held of later)
        for (let i = 0; i < held.length; i++) {
          const x = held[i];
          const v = x && (isEntry(x) ? judged(x) : x);
          if (v) out.push(v);
        }
    for (let i = 0; i < out.length; i++) onVerdict(null, out[i] as MutationVerdict);
    listed = out;
  }

  function addEvent(ev: SyncEvent, seq: number): void {
    const ref: EventRef = { ev, seq, wm: [] };
    events.set(ev.id, ref);
    if (ev.kind === 'push') {
      if (ev.request.state !== 'ok') return;
      const req = ev.request.value;
      const cid = req.clientID;
      if (cid === null || !sameGroup(group, req.clientGroupID)) return;
      req.mutations.forEach((m, index) => {
        addSource(entryOf(entries, cid, m.id), 'pushes', { ev, index, seq });
        mark(cid, m.id);
      });
    } else if (ev.response.state === 'ok') {
      const reqGroup = ev.request.state === 'ok' ? ev.request.value.clientGroupID : null;
      if (!sameGroup(group, reqGroup)) return;
      const pull: PullSeen = { requestId: ev.id, at: ev.startedAt, lastMutationIDs: ev.response.value.lastMutationIDs };
      for (const [cid, v] of Object.entries(pull.lastMutationIDs)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        const e: WmEntry = { value: v, source: `pull ${ev.id}`, at: ev.startedAt, kind: 1, seq, pull };
        ref.wm.push([cid, e]);
        wms.add(cid, e);
      }
    }
  }

  function removeEvent(id: string): number | null {
    const ref = events.get(id);
    if (!ref) return null;
    events.delete(id);
    const { ev } = ref;
    if (ev.kind === 'push') removePushes(entries, ev, mark);
    for (const [cid, e] of ref.wm) wms.remove(cid, e);
    return ref.seq;
  }

  function replaceList<K extends ListKind>(kind: K, list: readonly SourceOf[K][]): void {
    for (const x of lists.get(kind) ?? []) {
      const e = entryAt(entries, x.clientID, x.mutationID);
      if (e) e[kind] = null;
      mark(x.clientID, x.mutationID);
    }
    lists.set(kind, list);
    for (const x of list) {
      addSource(entryOf(entries, x.clientID, x.mutationID), kind, x);
      mark(x.clientID, x.mutationID);
    }
  }

  /** Change rows and errors the server attributes to a mutation: only the admin API's, only this group's. */
  function addRecord<K extends 'changes' | 'errors'>(kind: K, r: SourceOf[K]): void {
    if (!admin || r.clientID === null || r.mutationID === null || !sameGroup(group, r.clientGroupID)) return;
    addSource(entryOf(entries, r.clientID, r.mutationID), kind, r);
    mark(r.clientID, r.mutationID);
  }
  function removeRecord<K extends 'changes' | 'errors'>(kind: K, r: SourceOf[K]): void {
    if (r.clientID === null || r.mutationID === null) return;
    const e = entryAt(entries, r.clientID, r.mutationID);
    if (e) removeSource(e, kind, r);
    mark(r.clientID, r.mutationID);
  }

  return {
    ctx,
    cids,
    mids,
    settle,
    /** A mutation's verdict. */
    verdict: (cid: string, mid: number): MutationVerdict | undefined => verdictOf(entries.get(cid)?.get(mid)),
    /** Every verdict by clientID, then mutationID. */
    list(): MutationVerdict[] {
      if (listed) return listed.slice();
      const out: MutationVerdict[] = [];
      for (const cid of cids) {
        const inner = entries.get(cid);
        if (!inner) continue;
        for (const mid of mids.get(cid) ?? []) {
          const v = verdictOf(inner.get(mid));
          if (v) out.push(v);
        }
      }
      listed = out;
      return out.slice();
    },
    /** True while a rebuild adds every source: range marks are skipped, everything is judged. */
    setBulk(on: boolean) {
      bulk = on;
    },
    /** Group and admin availability decide what counts at all: a change of either rebuilds the indexes. */
    configure(g: string | null, adminAvailable: boolean) {
      group = g;
      admin = adminAvailable;
      ctx.adminAvailable = adminAvailable;
    },
    setOutbox: (list: readonly OutboxEntry[]) => replaceList('outbox', list),
    setKnown: (list: readonly KnownMutation[]) => replaceList('known', list),
    setBridge: (list: readonly BridgeMutateEvent[]) => replaceList('bridge', list),
    setMeta(lastMutationIDs: Record<string, number>) {
      metaWm = replaceEntries(wms, metaWm, metaEntries(lastMutationIDs));
    },
    setClients(list: readonly ServerClient[]) {
      clientWm = replaceEntries(wms, clientWm, admin ? clientEntries(list, (g) => sameGroup(group, g)) : []);
    },
    upsertEvent(ev: SyncEvent) {
      const seq = removeEvent(ev.id) ?? ++eventSeq;
      addEvent(ev, seq);
    },
    removeEvent(id: string) {
      removeEvent(id);
    },
    addChange(c: ChangeRecord) {
      if (!bulk) addRecord('changes', c);
      // A rebuild's change rows go into their mutation's slot as they are: most have no other source, so no entry.
      else if (admin && c.clientID !== null && c.mutationID !== null && sameGroup(group, c.clientGroupID))
        addHeldRow(entries, c.clientID, c.mutationID, c);
    },
    removeChange: (c: ChangeRecord) => removeRecord('changes', c),
    addError: (e: ServerError) => addRecord('errors', e),
    removeError: (e: ServerError) => removeRecord('errors', e),
    /** Mutations the server has not processed: they name the highest watermark and the read time. */
    markUnprocessed() {
      for (const cid of cids) markRange(cid, wms.max(cid)?.value ?? -Infinity, Infinity);
    },
    clear() {
      for (const m of [entries, events, mids, writers, dirty, lists]) m.clear();
      eras.clear();
      listed = null;
      cids.length = 0;
      metaWm = [];
      clientWm = [];
      wms.clear();
    },
  };
}

export type MutationSide = ReturnType<typeof createMutationSide>;
