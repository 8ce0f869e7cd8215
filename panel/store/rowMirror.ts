// The row verdicts between the verdict worker and the panel. A 100-row pull changes 100 row verdicts
// of maybe 100,000, each carrying the row's three sides (~470 bytes as JSON: 48 KB an answer), and
// while no view shows rows nobody reads them. So the worker keeps every row verdict and sends them
// only while a reader wants them (the Data view open, an export being made); otherwise an answer
// carries just the rows that are, or were last sent as, filtered (what the server is asked to
// confirm, startFilteredConfirmation) and the keys of rows removed. A reader that starts wanting rows
// gets the whole list once, then every change.

import { applyVerdictChanges, type HostReply, type RowVerdict } from '../../shared/verdict/index.ts';
import { isRecord } from '../../shared/guards.ts';

/**
 * The row verdicts, merged only when someone reads them. An answer names the rows it changed (a
 * 100-row pull: 100 of maybe 100,000); merging them into the sorted list copies the whole list, and
 * while the Data view is closed nobody reads it. Changes wait in a map by key (the last one wins)
 * and are merged at the next read. Every Verdicts object the client hands out reads the latest rows.
 */
export function createRowMirror() {
  let base: RowVerdict[] = [];
  /** Key → its new verdict, or null when removed; null when nothing waits. */
  let pending: Map<string, RowVerdict | null> | null = null;
  return {
    replace(rows: RowVerdict[]) {
      base = rows;
      pending = null;
    },
    change(rows: readonly RowVerdict[], removed: readonly string[]) {
      if (rows.length === 0 && removed.length === 0) return;
      pending ??= new Map();
      for (const key of removed) pending.set(key, null);
      for (const r of rows) pending.set(r.key, r);
    },
    read(): RowVerdict[] {
      if (pending) {
        const up: RowVerdict[] = [];
        const gone: string[] = [];
        for (const [key, v] of pending) {
          if (v) up.push(v);
          else gone.push(key);
        }
        pending = null;
        base = applyVerdictChanges(
          { mutations: [], rows: base, findings: [] },
          { full: false, mutations: [], removedMutations: [], rows: up, removedRows: gone, findings: [] },
        ).rows;
      }
      return base;
    },
  };
}

/** The panel asks the worker to send every row verdict (on), or only the filtered ones (off). */
export interface WantRowsMessage {
  type: 'wantRows';
  on: boolean;
}

/** Every row verdict, sorted: the worker's answer to a `wantRows` on. */
export interface RowsReply {
  type: 'rows';
  rows: RowVerdict[];
}

export function isWantRows(x: unknown): x is WantRowsMessage {
  return isRecord(x) && x.type === 'wantRows' && typeof x.on === 'boolean';
}

export function isRowsReply(x: unknown): x is RowsReply {
  return isRecord(x) && x.type === 'rows' && Array.isArray(x.rows);
}

type ChangesReply = Extract<HostReply, { type: 'changes' }>;

const isChanges = (x: unknown): x is ChangesReply => isRecord(x) && x.type === 'changes' && isRecord(x.changes);

/**
 * The worker's side: wraps its post. Every answer's rows go into the worker's own mirror; what
 * crosses depends on whether the panel wants rows. `want` answers the panel's `wantRows`.
 */
export function rowsOnDemand(post: (msg: unknown) => void) {
  const mirror = createRowMirror();
  let wanted = false;
  /** Keys the panel holds as filtered while it does not want rows: their next change goes too. */
  let heldFiltered = new Set<string>();
  const filteredKeys = (rows: readonly RowVerdict[]) =>
    new Set(rows.filter((r) => r.state === 'filtered').map((r) => r.key));
  return {
    reply(reply: unknown) {
      if (!isChanges(reply)) {
        post(reply);
        return;
      }
      const ch = reply.changes;
      if (ch.full) mirror.replace(ch.rows);
      else mirror.change(ch.rows, ch.removedRows);
      if (wanted) {
        post(reply);
        return;
      }
      if (ch.full) heldFiltered = new Set();
      const rows = ch.rows.filter((r) => r.state === 'filtered' || heldFiltered.has(r.key));
      for (const r of rows) {
        if (r.state === 'filtered') heldFiltered.add(r.key);
        else heldFiltered.delete(r.key);
      }
      for (const key of ch.removedRows) heldFiltered.delete(key);
      post(rows.length === ch.rows.length ? reply : { ...reply, changes: { ...ch, rows } });
    },
    want(on: boolean) {
      wanted = on;
      if (on) post({ type: 'rows', rows: mirror.read() } satisfies RowsReply);
      else heldFiltered = filteredKeys(mirror.read());
    },
  };
}
