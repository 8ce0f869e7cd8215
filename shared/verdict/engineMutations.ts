// The mutation half of the incremental engine: every source of mutation facts indexed by clientID
// then mutationID, so a delta marks the mutations it touches and only those are judged again.

import type { PushEvent, SyncEvent } from '../sync/types.ts';
import type { MutationFacts, PullSeen, PushAttempt } from './collect.ts';
import { judgeOne, type MutationContext } from './mutations.ts';
import { insertSorted, lowerBound, nestedAdd, nestedGet, nestedRemove, removeSorted, type Nested } from './sorted.ts';
import type {
  BridgeMutateEvent,
  ChangeRecord,
  KnownMutation,
  MutationVerdict,
  OutboxEntry,
  ServerError,
} from './types.ts';
import { mutationKey } from './util.ts';
import { createWatermarks, replaceEntries, type WmEntry } from './watermarks.ts';

const sameGroup = (ours: string | null, theirs: string | null | undefined): boolean =>
  ours === null || theirs === null || theirs === undefined || ours === theirs;

type ServerRecord = { clientGroupID: string | null; clientID: string | null; mutationID: number | null };
interface PushRef {
  ev: PushEvent;
  index: number;
  seq: number;
}
interface EventRef {
  ev: SyncEvent;
  seq: number;
  wm: [string, WmEntry][];
}

const NO_ATTEMPTS: PushAttempt[] = [];
const NO_ROWS: readonly ChangeRecord[] = [];

/** The first name and args any source gives (outbox, known, bridge, pushes, errors, in that order). */
function describe(f: MutationFacts, name: string | null, args: unknown, hasArgs: boolean): void {
  if (f.name === null && name) f.name = name;
  if (!f.hasArgs && hasArgs) {
    f.args = args;
    f.hasArgs = true;
  }
}

export function createMutationSide(onVerdict: (before: MutationVerdict | null, after: MutationVerdict | null) => void) {
  let group: string | null = null;
  let admin = false;
  const dirty = new Map<string, Set<number>>();
  const mids = new Map<string, number[]>();
  const mark = (cid: string, mid: number) => {
    // A rebuild walks the sources themselves (settleBulk): no set of every key is built.
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
    for (let i = lowerBound(list, (x) => x <= lo); i < list.length && list[i]! <= hi; i++) mark(cid, list[i]!);
  };
  const wms = createWatermarks(markRange);
  const outbox: Nested<OutboxEntry> = new Map();
  const known: Nested<KnownMutation> = new Map();
  const bridge: Nested<BridgeMutateEvent> = new Map();
  const pushes: Nested<PushRef> = new Map();
  const changes: Nested<ChangeRecord> = new Map();
  const errors: Nested<ServerError> = new Map();
  const events = new Map<string, EventRef>();
  let eventSeq = 0;
  let metaWm: [string, WmEntry][] = [];
  let clientWm: [string, WmEntry][] = [];
  const facts = new Map<string, Map<number, MutationFacts>>();
  const verdicts = new Map<string, Map<number, MutationVerdict>>();
  const cids: string[] = [];
  const eras = new Map<string, [number, number][]>();
  const writers = new Map<string, number>();

  const ctx: MutationContext = {
    adminAvailable: false,
    errorsAvailable: true,
    knownFromRowVersion: null,
    knownFromAt: null,
    readAt: null,
    watermark: (cid, n) => wms.forMutation(cid, n),
    firstPull: (cid, n) => wms.firstPull(cid, n),
    previousWriter(cid, n) {
      const list = eras.get(cid);
      if (!list) return null;
      const i = lowerBound(list, (e) => e[0] < n);
      return i > 0 ? list[i - 1]! : null;
    },
    writers: (name) => writers.get(name) ?? 0,
  };

  const windowed = () => typeof ctx.knownFromRowVersion === 'number' && ctx.knownFromRowVersion > 1;

  function setEra(cid: string, mid: number, max: number | null): void {
    // A rebuild sorts them once at the end instead.
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
    const cur = list?.[i]?.[0] === mid ? list[i]! : null;
    if ((cur?.[1] ?? null) === max) return;
    if (!list) eras.set(cid, (list = []));
    if (max === null) list.splice(i, 1);
    else if (cur) cur[1] = max;
    else list.splice(i, 0, [mid, max]);
    // Mutations up to this client's next writer place themselves after this one; that only matters
    // while the log is a window.
    if (typeof ctx.knownFromRowVersion !== 'number' || ctx.knownFromRowVersion <= 1) return;
    const j = lowerBound(list, (e) => e[0] <= mid);
    markRange(cid, mid, list[j]?.[0] ?? Infinity);
  }

  function buildFacts(cid: string, mid: number): MutationFacts | null {
    return factsOf(
      cid,
      mid,
      nestedGet(outbox, cid, mid),
      nestedGet(known, cid, mid),
      nestedGet(bridge, cid, mid),
      nestedGet(pushes, cid, mid),
      nestedGet(changes, cid, mid),
      nestedGet(errors, cid, mid),
    );
  }

  function factsOf(
    cid: string,
    mid: number,
    ob: readonly OutboxEntry[] | undefined,
    kn: readonly KnownMutation[] | undefined,
    br: readonly BridgeMutateEvent[] | undefined,
    pu: readonly PushRef[] | undefined,
    ch: readonly ChangeRecord[] | undefined,
    er: readonly ServerError[] | undefined,
  ): MutationFacts | null {
    if (!ob && !kn && !br && !pu && !ch && !er) return null;
    // Most facts have no push attempt or no change row: they share one empty list until they do.
    const f: MutationFacts = {
      key: mutationKey(cid, mid),
      clientID: cid,
      mutationID: mid,
      name: null,
      args: undefined,
      hasArgs: false,
      outbox: null,
      attempts: NO_ATTEMPTS,
      mutateAt: null,
      madeOnClient: false,
      rows: ch ?? NO_ROWS,
      wrote: ch !== undefined && ch.length > 0,
      error: null,
    };
    for (const e of ob ?? []) {
      f.outbox = e;
      describe(f, e.name, e.args, true);
    }
    for (const k of kn ?? []) {
      f.madeOnClient = true;
      describe(f, k.name, k.args, true);
      if (f.attempts === NO_ATTEMPTS && (k.pushedAt !== null || k.pushStatus !== null)) f.attempts = [];
      if (k.pushedAt !== null || k.pushStatus !== null)
        f.attempts.push({ requestId: k.requestId ?? null, at: k.pushedAt, status: k.pushStatus });
    }
    for (const b of br ?? []) {
      f.madeOnClient = true;
      f.mutateAt ??= b.at;
      describe(f, b.name, undefined, false);
    }
    const ps = pu && pu.length > 1 ? pu.slice().sort((a, b) => a.seq - b.seq) : pu;
    for (const p of ps ?? []) {
      const req = p.ev.request.state === 'ok' ? p.ev.request.value : null;
      const m = req?.mutations[p.index];
      if (!m) continue;
      f.madeOnClient = true;
      describe(f, m.name, m.args, true);
      if (f.attempts === NO_ATTEMPTS) f.attempts = [];
      f.attempts.push({ requestId: p.ev.id, at: p.ev.startedAt, status: p.ev.status } satisfies PushAttempt);
    }
    for (const e of er ?? []) {
      if (f.error === null || e.id > f.error.id) f.error = e;
      describe(f, e.mutationName, undefined, false);
    }
    return f;
  }

  function refreshFacts(cid: string, mid: number): void {
    const before = facts.get(cid)?.get(mid) ?? null;
    const f = buildFacts(cid, mid);
    placeFacts(cid, mid, before, f);
  }

  function placeFacts(cid: string, mid: number, before: MutationFacts | null, f: MutationFacts | null): void {
    if (before && before.wrote && before.name) countWriter(before.name, -1);
    let inner = facts.get(cid);
    if (f) {
      if (!inner) {
        facts.set(cid, (inner = new Map()));
        insertSorted(cids, cid);
      }
      inner.set(mid, f);
      if (!before) {
        let list = mids.get(cid);
        if (!list) mids.set(cid, (list = []));
        if (bulk) list.push(mid);
        else insertSorted(list, mid);
      }
      if (f.wrote && f.name) countWriter(f.name, 1);
    } else if (inner && before) {
      inner.delete(mid);
      removeSorted(mids.get(cid)!, mid);
      if (inner.size === 0) {
        facts.delete(cid);
        mids.delete(cid);
        removeSorted(cids, cid);
      }
    }
    // Eras place a mutation after its client's previous writer, which only a windowed log asks
    // for; a change of window rebuilds, so with a complete log none are kept.
    if (!windowed()) return;
    let max: number | null = null;
    for (const r of f?.rows ?? []) if (max === null || r.rowVersion > max) max = r.rowVersion;
    setEra(cid, mid, max);
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
    if (bulk) return settleBulk();
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
          refreshFacts(cid, mid);
        }
      }
    }
    for (const [cid, set] of judge) {
      for (const mid of set) {
        const f = facts.get(cid)?.get(mid) ?? null;
        let inner = verdicts.get(cid);
        const before = inner?.get(mid) ?? null;
        const after = f ? judgeOne(f, ctx) : null;
        if (after) {
          if (!inner) verdicts.set(cid, (inner = new Map()));
          inner.set(mid, after);
        } else if (inner && before) {
          inner.delete(mid);
          if (inner.size === 0) verdicts.delete(cid);
        }
        if (before || after) onVerdict(before, after);
      }
    }
  }

  /** A rebuild: every marked mutation once, in no particular order; lists sorted once at the end. */
  function settleBulk(): void {
    // Per client, each source's inner map is looked up once, not once per mutation.
    const sources = [outbox, known, bridge, pushes, changes, errors] as Nested<unknown>[];
    const all = new Set<string>();
    for (const source of sources) for (const cid of source.keys()) all.add(cid);
    for (const cid of all) {
      const ob = outbox.get(cid);
      const kn = known.get(cid);
      const br = bridge.get(cid);
      const pu = pushes.get(cid);
      const ch = changes.get(cid);
      const er = errors.get(cid);
      for (const inner of [ob, kn, br, pu, ch, er] as (Map<number, unknown> | undefined)[]) {
        if (!inner) continue;
        for (const mid of inner.keys()) {
          if (facts.get(cid)?.has(mid)) continue;
          placeFacts(
            cid,
            mid,
            null,
            factsOf(cid, mid, ob?.get(mid), kn?.get(mid), br?.get(mid), pu?.get(mid), ch?.get(mid), er?.get(mid)),
          );
        }
      }
    }
    dirty.clear();
    for (const list of mids.values()) list.sort((a, b) => a - b);
    for (const list of eras.values()) list.sort((a, b) => a[0] - b[0]);
    for (const [cid, inner] of facts) {
      const out = new Map<number, MutationVerdict>();
      verdicts.set(cid, out);
      for (const [mid, f] of inner) {
        const v = judgeOne(f, ctx);
        out.set(mid, v);
        onVerdict(null, v);
      }
    }
  }

  function addEvent(ev: SyncEvent, seq: number): void {
    const ref: EventRef = { ev, seq, wm: [] };
    events.set(ev.id, ref);
    if (ev.kind === 'push') {
      if (ev.request.state !== 'ok') return;
      const req = ev.request.value;
      if (req.clientID === null || !sameGroup(group, req.clientGroupID)) return;
      req.mutations.forEach((m, index) => {
        nestedAdd(pushes, req.clientID!, m.id, { ev, index, seq });
        mark(req.clientID!, m.id);
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
    if (ev.kind === 'push' && ev.request.state === 'ok' && ev.request.value.clientID !== null) {
      const cid = ev.request.value.clientID;
      for (const p of [...pushesOf(cid, ev)]) {
        nestedRemove(pushes, cid, p[0], p[1]);
        mark(cid, p[0]);
      }
    }
    for (const [cid, e] of ref.wm) wms.remove(cid, e);
    return ref.seq;
  }

  function pushesOf(cid: string, ev: PushEvent): [number, PushRef][] {
    const out: [number, PushRef][] = [];
    if (ev.request.state !== 'ok') return out;
    for (const m of ev.request.value.mutations)
      for (const p of nestedGet(pushes, cid, m.id) ?? []) if (p.ev === ev) out.push([m.id, p]);
    return out;
  }

  const replaceList = <T extends { clientID: string; mutationID: number }>(map: Nested<T>, list: readonly T[]) => {
    for (const [cid, inner] of map) for (const mid of inner.keys()) mark(cid, mid);
    map.clear();
    for (const e of list) {
      nestedAdd(map, e.clientID, e.mutationID, e);
      mark(e.clientID, e.mutationID);
    }
  };

  /** Change rows and errors the server attributes to a mutation: only the admin API's, only this group's. */
  function addServerRecord<T extends ServerRecord>(map: Nested<T>, r: T): void {
    if (!admin || r.clientID === null || r.mutationID === null || !sameGroup(group, r.clientGroupID)) return;
    nestedAdd(map, r.clientID, r.mutationID, r);
    mark(r.clientID, r.mutationID);
  }
  function removeServerRecord<T extends ServerRecord>(map: Nested<T>, r: T): void {
    if (r.clientID === null || r.mutationID === null) return;
    nestedRemove(map, r.clientID, r.mutationID, r);
    mark(r.clientID, r.mutationID);
  }

  return {
    ctx,
    facts,
    verdicts,
    cids,
    mids,
    mark,
    settle,
    get group() {
      return group;
    },
    /** Group and admin availability decide what counts at all: a change of either rebuilds the indexes. */
    /** True while a rebuild adds every source: range marks are skipped, everything is judged. */
    setBulk(on: boolean) {
      bulk = on;
    },
    configure(g: string | null, adminAvailable: boolean) {
      group = g;
      admin = adminAvailable;
      ctx.adminAvailable = adminAvailable;
    },
    sameGroup: (theirs: string | null | undefined) => sameGroup(group, theirs),
    setOutbox: (list: readonly OutboxEntry[]) => replaceList(outbox, list),
    setKnown: (list: readonly KnownMutation[]) => replaceList(known, list),
    setBridge: (list: readonly BridgeMutateEvent[]) => replaceList(bridge, list),
    setMeta(lastMutationIDs: Record<string, number>) {
      const next: [string, WmEntry][] = Object.entries(lastMutationIDs)
        .filter(([, v]) => Number.isFinite(v))
        .map(([cid, v]) => [
          cid,
          { value: v, source: "the client's _plasma_meta", at: null, kind: 0, seq: 0, pull: null },
        ]);
      metaWm = replaceEntries(wms, metaWm, next);
    },
    setClients(
      list: readonly { clientGroupID: string; clientID: string; lastMutationID: number; updatedAt: number }[],
    ) {
      const next: [string, WmEntry][] = [];
      if (admin)
        list.forEach((c, seq) => {
          if (sameGroup(group, c.clientGroupID))
            next.push([
              c.clientID,
              { value: c.lastMutationID, source: 'server /clients', at: c.updatedAt, kind: 2, seq, pull: null },
            ]);
        });
      clientWm = replaceEntries(wms, clientWm, next);
    },
    upsertEvent(ev: SyncEvent) {
      const seq = removeEvent(ev.id) ?? ++eventSeq;
      addEvent(ev, seq);
    },
    removeEvent: (id: string) => void removeEvent(id),
    addChange: (c: ChangeRecord) => addServerRecord(changes, c),
    removeChange: (c: ChangeRecord) => removeServerRecord(changes, c),
    addError: (e: ServerError) => addServerRecord(errors, e),
    removeError: (e: ServerError) => removeServerRecord(errors, e),
    /** Mutations the server has not processed: they name the highest watermark and the read time. */
    markUnprocessed() {
      for (const cid of cids) markRange(cid, wms.max(cid)?.value ?? -Infinity, Infinity);
    },
    clear() {
      for (const m of [
        outbox,
        known,
        bridge,
        pushes,
        changes,
        errors,
        events,
        facts,
        verdicts,
        mids,
        eras,
        writers,
        dirty,
      ])
        m.clear();
      cids.length = 0;
      metaWm = [];
      clientWm = [];
      wms.clear();
    },
  };
}

export type MutationSide = ReturnType<typeof createMutationSide>;
