// GET {basePath}/admin/rows/<table>/<id>?as=<clientGroupID>: a row's server state and whether the
// table's auth.read passes for the ctx last recorded for that group, so a filtered read is confirmed.

import { isMissingTable, quoteIdent, type D1Like } from '../d1.ts';
import { json } from '../http.ts';
import { CONTEXTS_TABLE } from '../tap.ts';

export type ReadPredicate = (ctx: any, row: any) => boolean | Promise<boolean>;
export type AdminTables = Record<string, { auth?: { read?: ReadPredicate } }>;

interface LastChange {
  row_version: number;
  op: string;
  value: string | null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function lastChange(db: D1Like, table: string, id: string, putOnly: boolean): Promise<LastChange | null> {
  return db
    .prepare(`SELECT row_version, op, value FROM _plasma_changes WHERE table_name = ? AND row_id = ?
      ${putOnly ? "AND op = 'put'" : ''} ORDER BY row_version DESC LIMIT 1`)
    .bind(table, id)
    .first<LastChange>();
}

async function recordedCtx(db: D1Like, group: string): Promise<{ ctx: unknown; updatedAt: number } | null> {
  try {
    const hit = await db
      .prepare(`SELECT ctx, updated_at FROM ${CONTEXTS_TABLE} WHERE client_group_id = ?`)
      .bind(group)
      .first<{ ctx: string; updated_at: number }>();
    return hit ? { ctx: parseJson(hit.ctx), updatedAt: hit.updated_at } : null;
  } catch (err) {
    if (isMissingTable(err)) return null;
    throw err;
  }
}

/** Judges readability; `readable: null` always comes with the reason it could not be judged. */
async function judge(
  db: D1Like,
  read: ReadPredicate | undefined,
  row: Record<string, unknown>,
  group: string | null,
): Promise<Record<string, unknown>> {
  if (group === null) return { readable: null, reason: 'no client group given (?as=<clientGroupID>)' };
  const recorded = await recordedCtx(db, group);
  if (!recorded) return { readable: null, reason: `no ctx recorded for client group ${group}` };
  const seen = { ctx: recorded.ctx, ctxUpdatedAt: recorded.updatedAt };
  // plasma's default: a table without auth.read is readable by everyone.
  if (!read) return { readable: true, ...seen };
  try {
    return { readable: (await read(recorded.ctx, row)) === true, ...seen };
  } catch (err) {
    // The predicate's message may quote row or ctx data: the server log gets it, the admin a fixed text.
    console.error('plasma admin: auth.read threw', err);
    return { readable: null, reason: 'auth.read threw', ...seen };
  }
}

export async function rowsRoute(
  db: D1Like,
  tables: AdminTables,
  table: string,
  id: string,
  params: URLSearchParams,
): Promise<Response> {
  // Only names the app configured reach SQL; Object.hasOwn keeps out `__proto__` and friends.
  const quoted = Object.hasOwn(tables, table) ? quoteIdent(table) : null;
  if (quoted === null) return json(404, { error: 'unknown table', table });
  if (id.length === 0 || id.length > 512) return json(400, { error: 'invalid request', reason: 'bad row id' });

  let row: Record<string, unknown> | null;
  try {
    row = await db.prepare(`SELECT * FROM ${quoted} WHERE id = ? LIMIT 1`).bind(id).first<Record<string, unknown>>();
  } catch (err) {
    if (isMissingTable(err)) return json(404, { error: 'unknown table', table, reason: 'not in this database' });
    throw err;
  }
  const last = await lastChange(db, table, id, false);
  const base = { table, id, lastRowVersion: last?.row_version ?? null };
  if (row) {
    const verdict = await judge(db, tables[table]?.auth?.read, row, params.get('as') || null);
    return json(200, { row, ...verdict, ...base });
  }
  if (last?.op === 'del') {
    const put = await lastChange(db, table, id, true);
    return json(200, {
      row: null, deleted: true, readable: null, reason: 'row was deleted',
      lastValue: parseJson(put?.value ?? null), ...base,
    });
  }
  return json(200, { row: null, readable: null, reason: 'row not found', ...base });
}
