// Indexes for judgeRows: per table, the client's rows, the server's latest change and /rows answers
// by id, and which pending or reverted mutations name which row ids. Built once, one pass per list;
// nested by table so no `table/id` string is built until a verdict is emitted.

import { decodeCookie } from '../sync/index.ts';
import type { ChangeRecord, MutationVerdict, Row, RowConfirmation, VerdictInput } from './types.ts';
import { argIds, rowId } from './util.ts';

export interface TableIndex {
  visible: Map<string, Row>;
  base: Map<string, Row>;
  latest: Map<string, ChangeRecord>;
  confirmations: Map<string, RowConfirmation>;
  /** Ids named only by a reverted mutation (a create that never reached any store). */
  reverted: Set<string>;
}

export interface RowIndex {
  tables: Map<string, TableIndex>;
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

function fillRows(stores: Record<string, Row[]>, tables: Map<string, TableIndex>, side: 'visible' | 'base'): void {
  for (const [table, rows] of Object.entries(stores)) {
    if (!Array.isArray(rows)) continue;
    const target = tables.get(table)![side];
    for (const row of rows) {
      const id = row && typeof row === 'object' ? rowId(row) : null;
      if (id !== null) target.set(id, row);
    }
  }
}

export function indexRows(input: VerdictInput, mutations: readonly MutationVerdict[]): RowIndex {
  const { client, server } = input;
  // Only tables the client has stores for: another sync instance's tables are not this client's.
  const tables = new Map<string, TableIndex>();
  for (const t of [...Object.keys(client.base), ...Object.keys(client.visible)]) {
    if (!tables.has(t)) tables.set(t, { visible: new Map(), base: new Map(), latest: new Map(), confirmations: new Map(), reverted: new Set() });
  }
  fillRows(client.visible, tables, 'visible');
  fillRows(client.base, tables, 'base');
  const knownFrom = typeof server.knownFromRowVersion === 'number' ? server.knownFromRowVersion : 1;
  if (server.adminAvailable) {
    for (const c of server.changes) {
      const latest = tables.get(c.table)?.latest;
      if (!latest) continue;
      const cur = latest.get(c.id);
      if (!cur || c.rowVersion > cur.rowVersion) latest.set(c.id, c);
    }
    for (const r of server.rows ?? []) tables.get(r.table)?.confirmations.set(r.id, r);
  }
  const pendingById = new Map<string, string[]>();
  const revertedById = new Map<string, { key: string; table: string | null }[]>();
  for (const m of mutations) {
    if (m.status !== 'silently-reverted') continue;
    const table = m.rule?.table ?? null;
    for (const id of argIds(m.args)) {
      push(revertedById, id, { key: m.key, table });
      if (table !== null) tables.get(table)?.reverted.add(id);
    }
  }
  for (const e of client.outbox) for (const id of argIds(e.args)) push(pendingById, id, `${e.clientID}#${e.mutationID}`);
  return {
    tables, pendingById, revertedById,
    outboxSize: client.outbox.length,
    cookieRowVersion: cookieRowVersion(client.meta.cookie),
    adminAvailable: server.adminAvailable,
    serverKnown: server.adminAvailable && knownFrom <= 1,
    knownFrom,
  };
}

/** Every row id of one table, sorted: the union of visible, base, server and reverted-create ids. */
export function idsOf(t: TableIndex): string[] {
  const ids = new Set<string>(t.base.keys());
  for (const id of t.visible.keys()) ids.add(id);
  for (const id of t.latest.keys()) ids.add(id);
  for (const id of t.reverted) ids.add(id);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
