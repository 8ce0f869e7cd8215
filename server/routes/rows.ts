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

const LAST_CHANGE = `SELECT row_version, op, value FROM _plasma_changes WHERE table_name = ? AND row_id = ?
  ORDER BY row_version DESC LIMIT 1`;
const LAST_PUT = `SELECT row_version, op, value FROM _plasma_changes WHERE table_name = ? AND row_id = ? AND op = 'put'
  ORDER BY row_version DESC LIMIT 1`;
const CTX = `SELECT ctx, updated_at FROM ${CONTEXTS_TABLE} WHERE client_group_id = ?`;

type Recorded = { ctx: unknown; updatedAt: number } | null;
interface Reads {
  row: Record<string, unknown> | null;
  last: LastChange | null;
  lastPut: LastChange | null;
  /** undefined: no group asked for. */
  recorded?: Recorded;
}

const firstOf = <T>(result: unknown): T | null => {
  const rows = result !== null && typeof result === 'object' ? (result as { results?: unknown }).results : undefined;
  return Array.isArray(rows) && rows.length > 0 ? (rows[0] as T) : null;
};
const recordedOf = (hit: { ctx: string; updated_at: number } | null): Recorded =>
  hit ? { ctx: parseJson(hit.ctx), updatedAt: hit.updated_at } : null;

/**
 * The row, its last change-log entries and the group's ctx are independent reads: one D1 batch,
 * one round trip. A batch fails whole when a table is missing, so that case (rare: a setup
 * without the tap's tables, or a configured table absent here) takes the one-by-one path, which
 * tells the two apart.
 */
async function readAll(
  db: D1Like,
  quoted: string,
  table: string,
  id: string,
  group: string | null,
): Promise<Reads | 'no-table'> {
  const stmts = [
    db.prepare(`SELECT * FROM ${quoted} WHERE id = ? LIMIT 1`).bind(id),
    db.prepare(LAST_CHANGE).bind(table, id),
    db.prepare(LAST_PUT).bind(table, id),
    ...(group === null ? [] : [db.prepare(CTX).bind(group)]),
  ];
  if (db.batch) {
    try {
      const [row, last, lastPut, ctx] = await db.batch(stmts);
      return {
        row: firstOf<Record<string, unknown>>(row),
        last: firstOf<LastChange>(last),
        lastPut: firstOf<LastChange>(lastPut),
        ...(group === null ? {} : { recorded: recordedOf(firstOf(ctx)) }),
      };
    } catch (err) {
      if (!isMissingTable(err)) throw err;
    }
  }
  let row: Record<string, unknown> | null;
  try {
    row = await stmts[0]!.first<Record<string, unknown>>();
  } catch (err) {
    if (isMissingTable(err)) return 'no-table';
    throw err;
  }
  const [last, lastPut] = await Promise.all([stmts[1]!.first<LastChange>(), stmts[2]!.first<LastChange>()]);
  let recorded: Recorded | undefined;
  if (group !== null) {
    try {
      recorded = recordedOf(await stmts[3]!.first<{ ctx: string; updated_at: number }>());
    } catch (err) {
      if (!isMissingTable(err)) throw err;
      recorded = null;
    }
  }
  return { row, last, lastPut, ...(recorded === undefined ? {} : { recorded }) };
}

/** Judges readability; `readable: null` always comes with the reason it could not be judged. */
async function judge(
  read: ReadPredicate | undefined,
  row: Record<string, unknown>,
  group: string | null,
  recorded: Recorded | undefined,
): Promise<Record<string, unknown>> {
  if (group === null) return { readable: null, reason: 'no client group given (?as=<clientGroupID>)' };
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

  const group = params.get('as') || null;
  const reads = await readAll(db, quoted, table, id, group);
  if (reads === 'no-table') return json(404, { error: 'unknown table', table, reason: 'not in this database' });
  const { row, last, lastPut } = reads;
  const base = { table, id, lastRowVersion: last?.row_version ?? null };
  if (row) {
    const verdict = await judge(tables[table]?.auth?.read, row, group, reads.recorded);
    return json(200, { row, ...verdict, ...base });
  }
  if (last?.op === 'del') {
    return json(200, {
      row: null,
      deleted: true,
      readable: null,
      reason: 'row was deleted',
      lastValue: parseJson(lastPut?.value ?? null),
      ...base,
    });
  }
  return json(200, { row: null, readable: null, reason: 'row not found', ...base });
}
