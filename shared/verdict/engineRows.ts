// The row half of the incremental engine: per table, the client's rows, the server's latest change
// and /rows answers by id (rowIndex.ts's shapes, kept up to date instead of rebuilt), and which
// pending or reverted mutations name which ids. A delta marks (table, id) pairs; only those are
// judged again. A new cookie marks the rows whose latest change lies between the old and new one.

import type { ClientChange } from './engineTypes.ts';
import { cookieRowVersion, type RowIndex, type TableIndex } from './rowIndex.ts';
import { judgeRow } from './rows.ts';
import { lowerBound, markPair, mergeSorted } from './sorted.ts';
import type {
  ChangeRecord,
  ClientState,
  MutationVerdict,
  OutboxEntry,
  Row,
  RowConfirmation,
  RowVerdict,
} from './types.ts';
import { argIds, mutationKey, rowId } from './util.ts';

interface ServerView {
  adminAvailable: boolean;
  knownFromRowVersion: number | null;
  changes: readonly ChangeRecord[];
  confirmations: readonly RowConfirmation[];
}

type RevertRef = { key: string; table: string | null; clientID: string; mutationID: number };

function rowsMap(rows: readonly Row[] | undefined): Map<string, Row> {
  const m = new Map<string, Row>();
  for (const row of rows ?? []) {
    const id = rowId(row);
    if (id !== null) m.set(id, row);
  }
  return m;
}

/** A store's rows by own property only: a table named `toString` must not reach Object.prototype. */
const own = (stores: Record<string, Row[]>, t: string): Row[] | undefined =>
  Object.hasOwn(stores, t) ? stores[t] : undefined;

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return false;
  return true;
}

const isOutboxDependent = (v: RowVerdict) =>
  (v.state === 'optimistic' && v.mutationKeys.length === 0) ||
  (v.state === 'unknown' && v.evidence[0]?.startsWith('visible differs') === true);

export function createRowSide(onRow: (key: string, v: RowVerdict | null) => void) {
  const tables = new Map<string, TableIndex>();
  const idx: RowIndex = {
    tables,
    pendingById: new Map(),
    revertedById: new Map(),
    outboxSize: 0,
    cookieRowVersion: 0,
    adminAvailable: false,
    serverKnown: false,
    knownFrom: 1,
  };
  const verdicts = new Map<string, Map<string, RowVerdict>>();
  const order = new Map<string, string[]>();
  /** A table's verdicts in key order, as the last whole judge or list() made them; dropped when one of them changes. */
  const listed = new Map<string, RowVerdict[]>();
  let names: string[] = [];
  /** The client's rows by table and id: the raw state a rebuild starts from (a read by key updates it). */
  const raw = new Map<string, { visible: Map<string, Row>; base: Map<string, Row> }>();
  let stores: { base: Record<string, Row[]>; visible: Record<string, Row[]> } = { base: {}, visible: {} };
  let outbox: readonly OutboxEntry[] = [];
  let changes: readonly ChangeRecord[] = [];
  let dirty = new Map<string, Set<string>>();
  let all = true;
  const revertCounts = new Map<string, Map<string, number>>();
  /** Rows that can raise a finding (reverted, filtered); `changes` counts every entry and exit. */
  const interesting = new Map<string, RowVerdict>();
  let interestingChanges = 0;
  const outboxDependent = new Set<RowVerdict>();

  /** Nothing to mark while every row is to be judged anyway. */
  const mark = (t: string, id: string) => {
    if (!all) markPair(dirty, t, id);
  };
  const markId = (id: string) => {
    if (!all) for (const t of names) markPair(dirty, t, id);
  };

  function rebuildTables(server: ServerView): void {
    tables.clear();
    for (const t of names) {
      const reverted = new Set(revertCounts.get(t)?.keys() ?? []);
      const r = raw.get(t)!;
      tables.set(t, { visible: r.visible, base: r.base, latest: new Map(), confirmations: new Map(), reverted });
    }
    if (server.adminAvailable) {
      for (const c of server.changes) {
        const latest = tables.get(c.table)?.latest;
        if (!latest) continue;
        const cur = latest.get(c.id);
        if (!cur || c.rowVersion > cur.rowVersion) latest.set(c.id, c);
      }
      for (const r of server.confirmations) tables.get(r.table)?.confirmations.set(r.id, r);
    }
    all = true;
  }

  function setOutbox(next: readonly OutboxEntry[]): void {
    if (next === outbox) return;
    const wasEmpty = outbox.length === 0;
    for (const e of outbox) for (const id of argIds(e.args)) markId(id);
    idx.pendingById.clear();
    for (const e of next) {
      for (const id of argIds(e.args)) {
        markId(id);
        const key = mutationKey(e.clientID, e.mutationID);
        const list = idx.pendingById.get(id);
        if (list) list.push(key);
        else idx.pendingById.set(id, [key]);
      }
    }
    outbox = next;
    idx.outboxSize = next.length;
    if (wasEmpty !== (next.length === 0)) for (const v of outboxDependent) mark(v.table, v.id);
  }

  function setCookie(raw: string | null): void {
    const next = cookieRowVersion(raw);
    const before = idx.cookieRowVersion;
    if (next === before) return;
    idx.cookieRowVersion = next;
    // While every row is to be judged anyway there is nothing to mark: no walk over the log.
    if (all) return;
    if (next === undefined || before === undefined) {
      all = true;
      return;
    }
    const lo = Math.min(next, before);
    const hi = Math.max(next, before);
    for (
      let i = lowerBound(changes, (c) => c.rowVersion <= lo);
      i < changes.length && changes[i]!.rowVersion <= hi;
      i++
    ) {
      mark(changes[i]!.table, changes[i]!.id);
    }
  }

  function judgeAt(t: string, ti: TableIndex, id: string, added: string[], removed: Set<string>): void {
    const exists = ti.visible.has(id) || ti.base.has(id) || ti.latest.has(id) || ti.reverted.has(id);
    let inner = verdicts.get(t);
    listed.delete(t);
    const old = inner?.get(id) ?? null;
    if (old) {
      if (interesting.delete(old.key)) interestingChanges++;
      outboxDependent.delete(old);
    }
    if (!exists) {
      if (!old) return;
      inner!.delete(id);
      removed.add(id);
      onRow(old.key, null);
      return;
    }
    const v = judgeRow(t, id, ti, idx);
    if (!inner) verdicts.set(t, (inner = new Map()));
    inner.set(id, v);
    if (!old) added.push(id);
    if (v.state === 'reverted' || v.state === 'filtered') {
      interesting.set(v.key, v);
      interestingChanges++;
    }
    if (isOutboxDependent(v)) outboxDependent.add(v);
    onRow(v.key, v);
  }

  /**
   * Ids that entered or left a table since its order was last read. The order is only needed for
   * whole lists (snapshot), never for an update, so it is merged when asked for (sorted.ts mergeSorted).
   */
  const pendingOrder = new Map<string, { added: Set<string>; removed: Set<string> }>();

  function orderOf(t: string): string[] {
    const cur = order.get(t) ?? [];
    const p = pendingOrder.get(t);
    if (!p) return cur;
    pendingOrder.delete(t);
    const drop: number[] = [];
    for (const id of p.removed) {
      const i = lowerBound(cur, (x) => x < id);
      if (cur[i] === id) drop.push(i);
    }
    const next = mergeSorted(cur, [...p.added].sort(), drop, (a, b) => a < b);
    order.set(t, next);
    return next;
  }

  function reorder(t: string, added: string[], removed: Set<string>): void {
    if (added.length === 0 && removed.size === 0) return;
    let p = pendingOrder.get(t);
    if (!p) pendingOrder.set(t, (p = { added: new Set(), removed: new Set() }));
    for (const id of removed) if (!p.added.delete(id)) p.removed.add(id);
    for (const id of added) if (!p.removed.delete(id)) p.added.add(id);
  }

  function settleAll(): void {
    interestingChanges++;
    verdicts.clear();
    order.clear();
    listed.clear();
    pendingOrder.clear();
    interesting.clear();
    outboxDependent.clear();
    for (const t of names) {
      const ti = tables.get(t)!;
      // The union of the four id sources, each id once, without a Set of them all. IndexedDB hands
      // a store's rows in key order, so the base ids are usually sorted already: then only the
      // few others are sorted and merged in.
      const baseIds = [...ti.base.keys()];
      const extra: string[] = [];
      for (const id of ti.visible.keys()) if (!ti.base.has(id)) extra.push(id);
      for (const id of ti.latest.keys()) if (!ti.base.has(id) && !ti.visible.has(id)) extra.push(id);
      for (const id of ti.reverted) if (!ti.base.has(id) && !ti.visible.has(id) && !ti.latest.has(id)) extra.push(id);
      let sorted: string[];
      if (isSorted(baseIds))
        sorted = extra.length === 0 ? baseIds : mergeSorted(baseIds, extra.sort(), [], (a, b) => a < b);
      else sorted = baseIds.concat(extra).sort();
      const inner = new Map<string, RowVerdict>();
      const inOrder: RowVerdict[] = new Array(sorted.length);
      for (let i = 0; i < sorted.length; i++) {
        const id = sorted[i]!;
        const v = judgeRow(t, id, ti, idx);
        inner.set(id, v);
        inOrder[i] = v;
        if (v.state === 'reverted' || v.state === 'filtered') interesting.set(v.key, v);
        if (isOutboxDependent(v)) outboxDependent.add(v);
      }
      verdicts.set(t, inner);
      order.set(t, sorted);
      listed.set(t, inOrder);
    }
  }

  return {
    /** `rows` false: an incremental read, whose rows applyRows() already took; the stores are not re-read. */
    setClient(client: ClientState, server: ServerView, rows = true): void {
      const nextNames = [...new Set([...Object.keys(client.base), ...Object.keys(client.visible)])].sort();
      idx.adminAvailable = server.adminAvailable;
      idx.knownFrom = typeof server.knownFromRowVersion === 'number' ? server.knownFromRowVersion : 1;
      idx.serverKnown = server.adminAvailable && idx.knownFrom <= 1;
      changes = server.changes;
      if (!rows) {
        setOutbox(client.outbox);
        setCookie(client.meta.cookie);
        return;
      }
      for (const t of [...raw.keys()]) if (!nextNames.includes(t)) raw.delete(t);
      const rebuild = nextNames.join('\u0000') !== names.join('\u0000') || tables.size !== nextNames.length;
      for (const t of nextNames) {
        let r = raw.get(t);
        if (!r) raw.set(t, (r = { visible: rowsMap(own(client.visible, t)), base: rowsMap(own(client.base, t)) }));
        for (const side of ['visible', 'base'] as const) {
          if (own(client[side], t) === own(stores[side], t)) continue;
          const next = rowsMap(own(client[side], t));
          if (!rebuild) {
            for (const id of r[side].keys()) mark(t, id);
            for (const id of next.keys()) mark(t, id);
            tables.get(t)![side] = next;
          }
          r[side] = next;
        }
      }
      if (rebuild) {
        names = nextNames;
        rebuildTables(server);
      }
      stores = { base: client.base, visible: client.visible };
      setOutbox(client.outbox);
      setCookie(client.meta.cookie);
    },
    // The held rows move ahead of the last whole arrays; those same arrays handed in again (a
    // rebuild) are not re-read, a new database (new arrays) is.
    applyRows(change: ClientChange): void {
      for (const side of ['base', 'visible'] as const) {
        for (const [t, d] of Object.entries(change[side])) {
          const map = raw.get(t)?.[side];
          if (!map) continue;
          for (const row of d.put) {
            const id = rowId(row);
            if (id === null) continue;
            map.set(id, row);
            mark(t, id);
          }
          for (const id of d.del) {
            map.delete(id);
            mark(t, id);
          }
        }
      }
    },
    addChange(c: ChangeRecord): void {
      if (!idx.adminAvailable) return;
      const latest = tables.get(c.table)?.latest;
      if (!latest) return;
      const cur = latest.get(c.id);
      if (!cur || c.rowVersion > cur.rowVersion) latest.set(c.id, c);
      mark(c.table, c.id);
    },
    removeChange(c: ChangeRecord): void {
      const latest = tables.get(c.table)?.latest;
      if (latest?.get(c.id) === c) latest.delete(c.id);
      if (latest) mark(c.table, c.id);
    },
    setConfirmations(list: readonly RowConfirmation[]): void {
      for (const [t, ti] of tables) {
        for (const id of ti.confirmations.keys()) mark(t, id);
        ti.confirmations.clear();
      }
      if (!idx.adminAvailable) return;
      for (const r of list) {
        const ti = tables.get(r.table);
        if (!ti) continue;
        ti.confirmations.set(r.id, r);
        mark(r.table, r.id);
      }
    },
    /** A silent revert names rows by its args; a verdict entering or leaving that state moves them. */
    mutationChanged(before: MutationVerdict | null, after: MutationVerdict | null): void {
      const was = before?.status === 'silently-reverted' ? before : null;
      const now = after?.status === 'silently-reverted' ? after : null;
      if (!was && !now) return;
      if (was)
        for (const id of argIds(was.args)) {
          const list = idx.revertedById.get(id) as RevertRef[] | undefined;
          const i = list?.findIndex((r) => r.key === was.key) ?? -1;
          if (list && i >= 0) list.splice(i, 1);
          if (list?.length === 0) idx.revertedById.delete(id);
          if (was.rule) count(was.rule.table, id, -1);
          markId(id);
        }
      if (now)
        for (const id of argIds(now.args)) {
          let list = idx.revertedById.get(id) as RevertRef[] | undefined;
          if (!list) idx.revertedById.set(id, (list = []));
          const ref: RevertRef = {
            key: now.key,
            table: now.rule?.table ?? null,
            clientID: now.clientID,
            mutationID: now.mutationID,
          };
          list.splice(
            lowerBound(
              list,
              (r) => r.clientID < ref.clientID || (r.clientID === ref.clientID && r.mutationID <= ref.mutationID),
            ),
            0,
            ref,
          );
          if (now.rule) count(now.rule.table, id, 1);
          markId(id);
        }
    },
    /** Judges what was marked; true when that was every row. */
    settle(): boolean {
      const wasAll = all;
      if (all) settleAll();
      else
        for (const [t, ids] of dirty) {
          const ti = tables.get(t);
          if (!ti) continue;
          const added: string[] = [];
          const removed = new Set<string>();
          for (const id of ids) judgeAt(t, ti, id, added, removed);
          reorder(t, added, removed);
        }
      all = false;
      dirty = new Map();
      return wasAll;
    },
    version: () => interestingChanges,
    interesting(): RowVerdict[] {
      return [...interesting.values()].sort((a, b) =>
        a.table < b.table ? -1 : a.table > b.table ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
    },
    lookup: (table: string, id: string): RowVerdict | undefined => verdicts.get(table)?.get(id),
    list(): RowVerdict[] {
      const out: RowVerdict[] = [];
      for (const t of names) {
        const inner = verdicts.get(t);
        if (!inner) continue;
        let inOrder = listed.get(t);
        if (!inOrder) {
          inOrder = [];
          for (const id of orderOf(t)) inOrder.push(inner.get(id)!);
          listed.set(t, inOrder);
        }
        for (const v of inOrder) out.push(v);
      }
      return out;
    },
    clear(): void {
      tables.clear();
      verdicts.clear();
      order.clear();
      listed.clear();
      pendingOrder.clear();
      names = [];
      outbox = [];
      idx.pendingById.clear();
      idx.revertedById.clear();
      idx.outboxSize = 0;
      idx.cookieRowVersion = 0;
      revertCounts.clear();
      interesting.clear();
      outboxDependent.clear();
      dirty = new Map();
      all = true;
    },
  };

  function count(table: string, id: string, by: number): void {
    let inner = revertCounts.get(table);
    if (!inner) revertCounts.set(table, (inner = new Map()));
    const n = (inner.get(id) ?? 0) + by;
    if (n > 0) inner.set(id, n);
    else inner.delete(id);
    const ti = tables.get(table);
    if (n > 0) ti?.reverted.add(id);
    else ti?.reverted.delete(id);
  }
}
