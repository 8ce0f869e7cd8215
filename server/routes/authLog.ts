// GET {basePath}/admin/auth-log?since=<id>&limit=<n ≤ 1000>: the auth decisions the app's tap recorded
// (shared/admin/authLog.ts AuthLogPage), oldest first. Only SELECTs.

import type { AuthLogPage } from '../../shared/admin/authLog.ts';
import { AUTH_LOG_TABLE, decisionOf, type AuthLogRow } from '../authLogTable.ts';
import { isMissingTable, type D1Like } from '../d1.ts';
import { isArray, isRecord } from '../../shared/guards.ts';
import { badRequest, intParam, json } from '../http.ts';

export const MAX_AUTH_LOG_PAGE = 1000;

function rowsOf(result: unknown): unknown[] {
  const results = isRecord(result) ? result.results : undefined;
  return isArray(results) ? [...results] : [];
}

/** The max id and one page up to it, read together (one D1 batch when the binding has batch). */
async function read(db: D1Like, since: number, limit: number): Promise<{ max: number; rows: AuthLogRow[] }> {
  const maxStmt = db.prepare(`SELECT MAX(id) AS m FROM ${AUTH_LOG_TABLE}`);
  const pageStmt = db
    .prepare(
      `SELECT id, at, kind, path, status, ok, reason, client_group_id, client_id, credential, claims, token_hash
      FROM ${AUTH_LOG_TABLE} WHERE id > ? ORDER BY id LIMIT ?`,
    )
    .bind(since, limit + 1);
  if (db.batch) {
    const [maxResult, pageResult] = await db.batch([maxStmt, pageStmt]);
    const first = rowsOf(maxResult)[0];
    const m = isRecord(first) ? first.m : undefined;
    return { max: typeof m === 'number' ? m : 0, rows: rowsOf(pageResult) as AuthLogRow[] };
  }
  const m = (await maxStmt.first<{ m: number | null }>())?.m ?? 0;
  return { max: m, rows: (await pageStmt.all<AuthLogRow>()).results };
}

export async function authLogRoute(db: D1Like, params: URLSearchParams): Promise<Response> {
  const since = intParam(params, 'since', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
  const limit = intParam(params, 'limit', { fallback: 100, min: 1, max: MAX_AUTH_LOG_PAGE });
  if (!since.ok) return badRequest(since.reason);
  if (!limit.ok) return badRequest(limit.reason);
  let got: { max: number; rows: AuthLogRow[] };
  try {
    got = await read(db, since.value, limit.value);
  } catch (err) {
    // The tap creates its table on its first request: no table means no tap (yet).
    if (isMissingTable(err)) {
      const empty: AuthLogPage = { decisions: [], maxId: 0, hasMore: false, tapInstalled: false };
      return json(200, empty);
    }
    throw err;
  }
  // Rows after the max read in the same batch cannot appear; the filter keeps a non-batch read consistent.
  const rows = got.rows.filter((r) => r.id <= got.max);
  const page: AuthLogPage = {
    decisions: rows.slice(0, limit.value).map(decisionOf),
    maxId: got.max,
    hasMore: rows.length > limit.value,
    tapInstalled: true,
  };
  return json(200, page);
}
