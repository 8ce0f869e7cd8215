// GET {basePath}/admin/rows/<table>/<id>?as=<clientGroupID>: a row's server state and whether the
// table's auth.read passes for the ctx last recorded for that group, so a filtered read is confirmed.

import { isMissingTable, quoteIdent, type D1Like, type D1StmtLike } from '../d1.ts';
import { json } from '../http.ts';
import { CONTEXTS_TABLE } from '../tap.ts';
import { isArray, isFiniteNumber, isRecord, isString } from '../../shared/guards.ts';

/**
 * plasma's auth.read, as the app wrote it for its own ctx and row types. A method signature, so a
 * predicate typed for the app's ctx fits; the admin API hands it the ctx it recorded and the row.
 */
export interface ReadPredicateHolder {
  read?(ctx: unknown, row: object): boolean | Promise<boolean>;
}
export type ReadPredicate = NonNullable<ReadPredicateHolder['read']>;
export type AdminTables = Record<string, { auth?: ReadPredicateHolder }>;

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

// D1 answers are untyped: each row is checked here, where it arrives.
const isLastChange = (x: unknown): x is LastChange =>
  isRecord(x) && isFiniteNumber(x.row_version) && isString(x.op) && (x.value === null || isString(x.value));
interface CtxRow {
  ctx: string;
  updated_at: number;
}
const isCtxRow = (x: unknown): x is CtxRow => isRecord(x) && isString(x.ctx) && isFiniteNumber(x.updated_at);

/** The first row of a batch result (`{ results: [...] }`), when it has the expected shape. */
function firstOf<T>(result: unknown, ok: (x: unknown) => x is T): T | null {
  const rows = isRecord(result) ? result.results : undefined;
  const first = isArray(rows) ? rows[0] : undefined;
  return ok(first) ? first : null;
}
/** A statement's first row, when it has the expected shape. */
async function firstRow<T>(stmt: D1StmtLike | undefined, ok: (x: unknown) => x is T): Promise<T | null> {
  const row: unknown = await stmt?.first();
  return ok(row) ? row : null;
}
const recordedOf = (hit: CtxRow | null): Recorded =>
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
        row: firstOf(row, isRecord),
        last: firstOf(last, isLastChange),
        lastPut: firstOf(lastPut, isLastChange),
        ...(group === null ? {} : { recorded: recordedOf(firstOf(ctx, isCtxRow)) }),
      };
    } catch (err) {
      if (!isMissingTable(err)) throw err;
    }
  }
  let row: Record<string, unknown> | null;
  try {
    row = await firstRow(stmts[0], isRecord);
  } catch (err) {
    if (isMissingTable(err)) return 'no-table';
    throw err;
  }
  const [last, lastPut] = await Promise.all([firstRow(stmts[1], isLastChange), firstRow(stmts[2], isLastChange)]);
  let recorded: Recorded | undefined;
  if (group !== null) {
    try {
      recorded = recordedOf(await firstRow(stmts[3], isCtxRow));
    } catch (err) {
      if (!isMissingTable(err)) throw err;
      recorded = null;
    }
  }
  return { row, last, lastPut, ...(recorded === undefined ? {} : { recorded }) };
}

/** Judges readability; `readable: null` always comes with the reason it could not be judged. */
async function judge(
  auth: ReadPredicateHolder | undefined,
  row: Record<string, unknown>,
  group: string | null,
  recorded: Recorded | undefined,
): Promise<Record<string, unknown>> {
  if (group === null) return { readable: null, reason: 'no client group given (?as=<clientGroupID>)' };
  if (!recorded) return { readable: null, reason: `no ctx recorded for client group ${group}` };
  const seen = { ctx: recorded.ctx, ctxUpdatedAt: recorded.updatedAt };
  // plasma's default: a table without auth.read is readable by everyone.
  if (!auth?.read) return { readable: true, ...seen };
  try {
    // The app's predicate is JavaScript too: anything but true is not a pass.
    const verdict: unknown = await auth.read(recorded.ctx, row);
    return { readable: verdict === true, ...seen };
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
    const verdict = await judge(tables[table]?.auth, row, group, reads.recorded);
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
