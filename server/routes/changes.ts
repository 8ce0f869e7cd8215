// GET {basePath}/admin/changes: one page of _plasma_changes in row_version order (protocol §7).
// Only SELECTs; every filter is a bound parameter.

import type { D1Like } from '../d1.ts';
import { badRequest, intParam, json, textParam } from '../http.ts';

export const MAX_PAGE = 1000;

interface ChangeRow {
  row_version: number;
  table_name: string;
  row_id: string;
  op: string;
  value: string | null;
  created_at: number;
  client_group_id: string | null;
  client_id: string | null;
  mutation_id: number | null;
}

export async function maxRowVersion(db: D1Like): Promise<number> {
  const row = await db.prepare('SELECT MAX(row_version) AS v FROM _plasma_changes').first<{ v: number | null }>();
  return row?.v ?? 0;
}

function parseValue(raw: string | null): { value: unknown; rawValue?: string } {
  if (raw === null) return { value: null };
  try {
    return { value: JSON.parse(raw) };
  } catch {
    // A hand-written row outside the triggers: show it rather than hide it.
    return { value: null, rawValue: raw };
  }
}

export async function changesRoute(db: D1Like, params: URLSearchParams): Promise<Response> {
  const since = intParam(params, 'since', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
  const limit = intParam(params, 'limit', { fallback: 100, min: 1, max: MAX_PAGE });
  const table = textParam(params, 'table');
  const group = textParam(params, 'clientGroupID');
  const client = textParam(params, 'clientID');
  if (!since.ok) return badRequest(since.reason);
  if (!limit.ok) return badRequest(limit.reason);
  if (!table.ok) return badRequest(table.reason);
  if (!group.ok) return badRequest(group.reason);
  if (!client.ok) return badRequest(client.reason);

  // Read the max first and page only up to it: the pair is consistent without a transaction, and
  // `nextSince` may safely jump to it when filters skip everything (row_version only grows).
  const max = await maxRowVersion(db);
  const where = ['row_version > ?', 'row_version <= ?'];
  const binds: unknown[] = [since.value, max];
  const filters: [string, string | null][] = [
    ['table_name', table.value],
    ['client_group_id', group.value],
    ['client_id', client.value],
  ];
  for (const [column, value] of filters) {
    if (value === null) continue;
    where.push(`${column} = ?`);
    binds.push(value);
  }
  const sql = `SELECT row_version, table_name, row_id, op, value, created_at, client_group_id, client_id,
    mutation_id FROM _plasma_changes WHERE ${where.join(' AND ')} ORDER BY row_version LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...binds, limit.value + 1)
    .all<ChangeRow>();

  const hasMore = results.length > limit.value;
  const page = results.slice(0, limit.value);
  const changes = page.map((r) => ({
    rowVersion: r.row_version,
    table: r.table_name,
    id: r.row_id,
    op: r.op,
    ...parseValue(r.value),
    createdAt: r.created_at,
    clientGroupID: r.client_group_id,
    clientID: r.client_id,
    mutationID: r.mutation_id,
  }));
  const last = page[page.length - 1];
  const nextSince = hasMore && last ? last.row_version : Math.max(max, since.value);
  return json(200, { changes, maxRowVersion: max, hasMore, nextSince });
}
