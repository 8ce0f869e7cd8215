// Indexes for judgeRows: client rows and the server's latest change per `table/id`, and which pending
// or reverted mutations name which row ids. Built once, in one pass over each list.

import { decodeCookie } from '../sync/index.ts';
import type { ChangeRecord, MutationVerdict, Row, RowConfirmation, VerdictInput } from './types.ts';
import { argIds, rowId, rowKey } from './util.ts';

export interface RowIndex {
  keys: Set<string>;
  visible: Map<string, Row>;
  base: Map<string, Row>;
  latest: Map<string, ChangeRecord>;
  confirmations: Map<string, RowConfirmation>;
  /** Row id -> outbox mutation keys whose args name it. */
  pendingById: Map<string, string[]>;
  /** Row id -> silently reverted mutations whose args name it (table from the rule, when known). */
  revertedById: Map<string, { key: string; table: string | null }[]>;
  outboxSize: number;
  cookieRowVersion: number | undefined;
  adminAvailable: boolean;
  /** Admin API up and the log complete from the start: a row with no change record is absent. */
  serverKnown: boolean;
  knownFrom: number;
}

/** The client's cookie as a row version: null cookie = nothing synced (0); opaque = unknown. */
export function cookieRowVersion(raw: string | null): number | undefined {
  const c = decodeCookie(raw);
  if (c === null) return 0;
  return c.format === 'opaque' ? undefined : c.rowVersion ?? undefined;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexTables(stores: Record<string, Row[]>, keys: Set<string>): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const [table, rows] of Object.entries(stores)) {
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      const id = row && typeof row === 'object' ? rowId(row) : null;
      if (id === null) continue;
      const k = rowKey(table, id);
      out.set(k, row);
      keys.add(k);
    }
  }
  return out;
}

export function indexRows(input: VerdictInput, mutations: readonly MutationVerdict[]): RowIndex {
  const keys = new Set<string>();
  const { client, server } = input;
  const tables = new Set([...Object.keys(client.base), ...Object.keys(client.visible)]);
  const visible = indexTables(client.visible, keys);
  const base = indexTables(client.base, keys);
  const latest = new Map<string, ChangeRecord>();
  const confirmations = new Map<string, RowConfirmation>();
  const knownFrom = typeof server.knownFromRowVersion === 'number' ? server.knownFromRowVersion : 1;
  if (server.adminAvailable) {
    // Only tables the client has stores for: another sync instance's tables are not this client's.
    for (const c of server.changes) {
      if (!tables.has(c.table)) continue;
      const k = rowKey(c.table, c.id);
      const cur = latest.get(k);
      if (!cur || c.rowVersion > cur.rowVersion) latest.set(k, c);
      keys.add(k);
    }
    for (const r of server.rows ?? []) {
      if (!tables.has(r.table)) continue;
      confirmations.set(rowKey(r.table, r.id), r);
    }
  }
  const pendingById = new Map<string, string[]>();
  const revertedById = new Map<string, { key: string; table: string | null }[]>();
  for (const m of mutations) {
    if (m.status === 'silently-reverted') {
      const table = m.rule?.table ?? null;
      for (const id of argIds(m.args)) {
        push(revertedById, id, { key: m.key, table });
        // A reverted create leaves no row anywhere; list it when the rule names a client table.
        if (table !== null && tables.has(table)) keys.add(rowKey(table, id));
      }
    }
  }
  for (const e of client.outbox) for (const id of argIds(e.args)) push(pendingById, id, `${e.clientID}#${e.mutationID}`);
  return {
    keys, visible, base, latest, confirmations, pendingById, revertedById,
    outboxSize: client.outbox.length,
    cookieRowVersion: cookieRowVersion(client.meta.cookie),
    adminAvailable: server.adminAvailable,
    serverKnown: server.adminAvailable && knownFrom <= 1,
    knownFrom,
  };
}
