// The row half of the incremental engine: per table, one entry per row id holding the client's
// visible and base values, the server's latest change and /rows answer, and its verdict
// (rowIndex.ts), kept up to date instead of rebuilt; and which pending or reverted mutations name
// which ids. A delta marks (table, id) pairs; only those are judged again. A new cookie marks the
// rows whose latest change lies between the old and new one.

import type { ClientChange } from './engineTypes.ts';
import { cookieRowVersion, type RevertRef, type RowEntry, type RowIndex, type RowTable } from './rowIndex.ts';
import {
  byRevert,
  byTableId,
  entryOf,
  exists,
  isOutboxDependent,
  loadTable,
  SIDES,
  judgeInKeyOrder,
  takeLatest,
  unused,
} from './rowTables.ts';
import { judgeRow } from './rows.ts';
import { createRowOrder } from './rowOrder.ts';
import { lowerBound, markPair } from './sorted.ts';
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

export function createRowSide(onRow: (key: string, v: RowVerdict | null) => void) {
  /** Every table's entries: the client's rows are kept here between reads (a read by key updates them). */
  const tables = new Map<string, RowTable>();
  const idx: RowIndex = {
    pendingById: new Map(),
    revertedById: new Map(),
    outboxSize: 0,
    cookieRowVersion: 0,
    adminAvailable: false,
    serverKnown: false,
    knownFrom: 1,
  };
  const order = createRowOrder();
  let names: string[] = [];
  /** False after clear(): the next setClient loads the server's side again. */
  let loaded = false;
  let stores: { base: Record<string, Row[]>; visible: Record<string, Row[]> } = { base: {}, visible: {} };
  let outbox: readonly OutboxEntry[] = [];
  let changes: readonly ChangeRecord[] = [];
  let dirty = new Map<string, Set<string>>();
  let all = true;
  const revertCounts = new Map<string, Map<string, number>>();
  /** The entries holding a /rows answer, so a new answer clears them without a walk over every row. */
  let confirmed: { t: string; e: RowEntry }[] = [];
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

  /** The log's latest change per row, the /rows answers and the reverts, into tables just cleared or new. */
  function loadServer(server: ServerView, reset: boolean): void {
    if (reset)
      for (const table of tables.values())
        for (const e of table.values()) {
          e.latest = null;
          e.confirmation = null;
          e.reverted = false;
        }
    confirmed = [];
    if (server.adminAvailable) {
      takeLatest(tables, server.changes);
      for (const r of server.confirmations) confirm(r);
    }
    for (const [t, counts] of revertCounts) {
      const table = tables.get(t);
      if (table) for (const id of counts.keys()) entryOf(table, id).reverted = true;
    }
    loaded = true;
    all = true;
  }

  function confirm(r: RowConfirmation): void {
    const table = tables.get(r.table);
    if (!table) return;
    const e = entryOf(table, r.id);
    if (e.confirmation === null) confirmed.push({ t: r.table, e });
    e.confirmation = r;
    mark(r.table, r.id);
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
    for (let i = lowerBound(changes, (c) => c.rowVersion <= lo); i < changes.length; i++) {
      const c = changes[i];
      if (c === undefined || c.rowVersion > hi) break;
      mark(c.table, c.id);
    }
  }

  function judgeAt(t: string, table: RowTable, id: string, added: string[], removed: Set<string>): void {
    const e = table.get(id);
    const old = e?.verdict ?? null;
    order.touched(t);
    if (old) {
      if (interesting.delete(old.key)) interestingChanges++;
      outboxDependent.delete(old);
    }
    if (!e || !exists(e)) {
      if (e) {
        e.verdict = null;
        if (unused(e)) table.delete(id);
      }
      if (!old) return;
      removed.add(id);
      onRow(old.key, null);
      return;
    }
    const v = judgeRow(t, id, e, idx);
    e.verdict = v;
    if (!old) added.push(id);
    if (v.state === 'reverted' || v.state === 'filtered') {
      interesting.set(v.key, v);
      interestingChanges++;
    }
    if (isOutboxDependent(v)) outboxDependent.add(v);
    onRow(v.key, v);
  }

  function settleAll(): void {
    interestingChanges++;
    order.clear();
    interesting.clear();
    outboxDependent.clear();
    for (const t of names) {
      const table = tables.get(t);
      if (!table) continue;
      const inOrder = judgeInKeyOrder(t, table, idx, interesting, outboxDependent);
      // The ids are read off the verdicts when an update first needs them.
      order.set(t, null, inOrder);
    }
  }

  function unrevert(was: MutationVerdict): void {
    for (const id of argIds(was.args)) {
      const list = idx.revertedById.get(id);
      const i = list ? list.findIndex((r) => r.key === was.key) : -1;
      if (list && i >= 0) list.splice(i, 1);
      if (list?.length === 0) idx.revertedById.delete(id);
      if (was.rule) count(was.rule.table, id, -1);
      markId(id);
    }
  }

  function revert(now: MutationVerdict): void {
    for (const id of argIds(now.args)) {
      let list = idx.revertedById.get(id);
      if (!list) idx.revertedById.set(id, (list = []));
      const ref: RevertRef = {
        key: now.key,
        table: now.rule?.table ?? null,
        clientID: now.clientID,
        mutationID: now.mutationID,
      };
      list.splice(
        lowerBound(list, (r) => byRevert(r, ref)),
        0,
        ref,
      );
      if (now.rule) count(now.rule.table, id, 1);
      markId(id);
    }
  }

  function count(table: string, id: string, by: number): void {
    let inner = revertCounts.get(table);
    if (!inner) revertCounts.set(table, (inner = new Map<string, number>()));
    const n = (inner.get(id) ?? 0) + by;
    if (n > 0) inner.set(id, n);
    else inner.delete(id);
    const t = tables.get(table);
    if (!t) return;
    if (n > 0) entryOf(t, id).reverted = true;
    else {
      const e = t.get(id);
      if (e) e.reverted = false;
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
      const reload = !loaded || nextNames.join('\u0000') !== names.join('\u0000');
      for (const t of [...tables.keys()]) if (!nextNames.includes(t)) tables.delete(t);
      for (const t of nextNames) {
        let table = tables.get(t);
        const fresh = !table;
        if (!table) tables.set(t, (table = new Map<string, RowEntry>()));
        // Rows are marked only when the rest of the table keeps its verdicts.
        loadTable(table, t, fresh, client, stores, reload ? undefined : (id: string) => mark(t, id));
      }
      if (reload) {
        // After clear() the server's fields are empty already; a new set of tables starts them again.
        loadServer(server, loaded);
        names = nextNames;
      }
      stores = { base: client.base, visible: client.visible };
      setOutbox(client.outbox);
      setCookie(client.meta.cookie);
    },
    /** The held rows move ahead of the last whole arrays. */
    applyRows(change: ClientChange): void {
      for (const side of SIDES) {
        for (const [t, d] of Object.entries(change[side])) {
          const table = tables.get(t);
          if (!table) continue;
          for (const row of d.put) {
            const id = rowId(row);
            if (id === null) continue;
            entryOf(table, id)[side] = row;
            mark(t, id);
          }
          for (const id of d.del) {
            const e = table.get(id);
            if (e) e[side] = null;
            mark(t, id);
          }
        }
      }
    },
    addChange(c: ChangeRecord): void {
      if (!idx.adminAvailable) return;
      const table = tables.get(c.table);
      if (!table) return;
      const e = entryOf(table, c.id);
      if (e.latest === null || c.rowVersion > e.latest.rowVersion) e.latest = c;
      mark(c.table, c.id);
    },
    removeChange(c: ChangeRecord): void {
      const table = tables.get(c.table);
      if (!table) return;
      const e = table.get(c.id);
      if (e?.latest === c) e.latest = null;
      mark(c.table, c.id);
    },
    setConfirmations(list: readonly RowConfirmation[]): void {
      for (const { t, e } of confirmed) {
        e.confirmation = null;
        mark(t, e.id);
      }
      confirmed = [];
      if (!idx.adminAvailable) return;
      for (const r of list) confirm(r);
    },
    /** A silent revert names rows by its args; a verdict entering or leaving that state moves them. */
    mutationChanged(before: MutationVerdict | null, after: MutationVerdict | null): void {
      if (before?.status === 'silently-reverted') unrevert(before);
      if (after?.status === 'silently-reverted') revert(after);
    },
    /** Judges what was marked; true when that was every row. */
    settle(): boolean {
      const wasAll = all;
      if (all) settleAll();
      else
        for (const [t, ids] of dirty) {
          const table = tables.get(t);
          if (!table) continue;
          const added: string[] = [];
          const removed = new Set<string>();
          for (const id of ids) judgeAt(t, table, id, added, removed);
          order.moved(t, added, removed);
        }
      all = false;
      dirty = new Map();
      return wasAll;
    },
    version: () => interestingChanges,
    interesting(): RowVerdict[] {
      return [...interesting.values()].sort(byTableId);
    },
    lookup: (table: string, id: string): RowVerdict | undefined => tables.get(table)?.get(id)?.verdict ?? undefined,
    list(): RowVerdict[] {
      const parts: RowVerdict[][] = [];
      for (const t of names) {
        const table = tables.get(t);
        if (table) parts.push(order.list(t, table));
      }
      // One native copy of the held lists (a new array: the caller owns it).
      return ([] as RowVerdict[]).concat(...parts);
    },
    /** Forgets everything but the client's rows (a rebuild hands the same stores again). */
    clear(): void {
      for (const table of tables.values())
        for (const e of table.values()) {
          if (e.visible === null && e.base === null) table.delete(e.id);
          else {
            e.latest = null;
            e.confirmation = null;
            e.reverted = false;
            e.verdict = null;
          }
        }
      loaded = false;
      confirmed = [];
      order.clear();
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
}
