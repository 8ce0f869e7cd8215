// App-side recorders for the admin API, called from the app's own Worker code (never over HTTP):
// the onError tap, the per-group auth ctx, the DDL for their two tables and the change-log index
// /rows needs. The only writers here (the auth tap, authTap.ts, is the other).

import { isMissingTable, type D1Like } from './d1.ts';
import { isRecord, isString, jsonText } from '../shared/guards.ts';

export const ERRORS_TABLE = '_plasma_devtools_errors';
export const CONTEXTS_TABLE = '_plasma_devtools_contexts';
/** The tap keeps the newest this many events; older ones are pruned on insert. */
export const MAX_ERRORS = 10_000;
const MAX_MESSAGE = 2_000;
const MAX_CTX_BYTES = 16_384;
/** An unchanged ctx is rewritten at most this often, so every pull does not cost a D1 write. */
const CTX_REFRESH_MS = 60_000;

const DDL = [
  `CREATE TABLE IF NOT EXISTS ${ERRORS_TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    client_group_id TEXT,
    client_id TEXT,
    mutation_id INTEGER,
    mutation_name TEXT,
    message TEXT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ${CONTEXTS_TABLE} (
    client_group_id TEXT PRIMARY KEY,
    ctx TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
];

/**
 * `/rows` looks up a row's last change-log entries by (table_name, row_id); without this index each
 * call scans the whole log (twice for a deleted row). plasma's own migrations do not create it.
 */
export const CHANGES_ROW_INDEX = `CREATE INDEX IF NOT EXISTS _plasma_changes_row
  ON _plasma_changes (table_name, row_id, row_version)`;

export async function ensureAdminTables(db: D1Like): Promise<void> {
  for (const sql of DDL) await db.prepare(sql).run();
  try {
    await db.prepare(CHANGES_ROW_INDEX).run();
  } catch (err) {
    // Called before plasma created its tables: the tap's tables stand; the index waits for a later call.
    if (!isMissingTable(err)) throw err;
    console.warn(
      "plasma admin: _plasma_changes does not exist yet; call ensureAdminTables again after plasma's migration",
    );
  }
}

/** `Name: message` for an Error-like cause, the text of a string, something readable otherwise. */
/** What String() would say, without calling an object's own toString. */
function fallbackText(x: unknown): string {
  switch (typeof x) {
    case 'bigint':
    case 'number':
    case 'boolean':
    case 'symbol':
      return String(x);
    case 'function':
      return 'a function';
    default:
      return Object.prototype.toString.call(x);
  }
}

export function describeCause(cause: unknown): string {
  let text: string;
  if (typeof cause === 'string') text = cause;
  else if (isRecord(cause) && isString(cause.message)) {
    const { name, message } = cause;
    text = isString(name) && name !== '' ? `${name}: ${message}` : message;
  } else if (cause === undefined || cause === null) text = 'unknown error';
  else {
    try {
      text = jsonText(cause) ?? fallbackText(cause);
    } catch {
      text = fallbackText(cause);
    }
  }
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

function field(event: unknown, name: string): unknown {
  return isRecord(event) ? event[name] : undefined;
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** The row the tap stores for one onError event; tolerant of any shape. */
export function errorRow(event: unknown, at: number): unknown[] {
  const cause = field(event, 'cause') ?? field(event, 'error') ?? field(event, 'message');
  return [
    at,
    str(field(event, 'kind')) ?? 'unknown',
    str(field(event, 'clientGroupID')),
    str(field(event, 'clientID')),
    int(field(event, 'mutationID')),
    str(field(event, 'mutationName')),
    describeCause(cause),
  ];
}

/**
 * Wraps the app's server `onError`: records the event, then calls `next`. A failed record is
 * reported to the console and swallowed, so devtools can never break the app's error path.
 */
export function createErrorTap<E>(db: D1Like, next?: (e: E) => void | Promise<void>): (event: E) => Promise<void> {
  return async (event) => {
    try {
      await db
        .prepare(
          `INSERT INTO ${ERRORS_TABLE} (at, kind, client_group_id, client_id, mutation_id, mutation_name, message)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(...errorRow(event, Date.now()))
        .run();
      await db
        .prepare(`DELETE FROM ${ERRORS_TABLE} WHERE id <= (SELECT MAX(id) FROM ${ERRORS_TABLE}) - ?`)
        .bind(MAX_ERRORS)
        .run();
    } catch (err) {
      console.warn(
        `plasma admin: could not record an onError event (${err instanceof Error ? err.message : 'unknown'})`,
      );
    }
    if (next) await next(event);
  };
}

/**
 * Remembers the auth ctx last seen for a client group, for `/rows?as=`. Call it from the app's
 * `auth()` after a successful check. Never throws: a failure is reported and sync goes on.
 * Record only what read predicates need; the admin API shows the ctx to admins.
 */
export async function recordClientContext(db: D1Like, clientGroupID: string, ctx: unknown): Promise<void> {
  try {
    const text: string | undefined = JSON.stringify(ctx ?? null);
    if (typeof text !== 'string') throw new Error('ctx is not JSON-serialisable');
    if (new TextEncoder().encode(text).length > MAX_CTX_BYTES) throw new Error('ctx larger than 16 KiB');
    const now = Date.now();
    await db
      .prepare(
        `INSERT INTO ${CONTEXTS_TABLE} (client_group_id, ctx, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (client_group_id) DO UPDATE SET ctx = excluded.ctx, updated_at = excluded.updated_at
        WHERE ${CONTEXTS_TABLE}.ctx <> excluded.ctx OR ${CONTEXTS_TABLE}.updated_at < excluded.updated_at - ?`,
      )
      .bind(clientGroupID, text, now, CTX_REFRESH_MS)
      .run();
  } catch (err) {
    console.warn(`plasma admin: could not record a client ctx (${err instanceof Error ? err.message : 'unknown'})`);
  }
}
