// GET {basePath}/admin/errors: the server onError events the app's tap recorded (protocol §7).

import { isMissingTable, type D1Like } from '../d1.ts';
import { badRequest, intParam, json } from '../http.ts';
import { ERRORS_TABLE } from '../tap.ts';

interface ErrorRow {
  id: number;
  at: number;
  kind: string;
  client_group_id: string | null;
  client_id: string | null;
  mutation_id: number | null;
  mutation_name: string | null;
  message: string;
}

export async function errorsRoute(db: D1Like, params: URLSearchParams): Promise<Response> {
  const since = intParam(params, 'since', { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
  const limit = intParam(params, 'limit', { fallback: 100, min: 1, max: 1000 });
  if (!since.ok) return badRequest(since.reason);
  if (!limit.ok) return badRequest(limit.reason);
  let results: ErrorRow[];
  try {
    ({ results } = await db
      .prepare(
        `SELECT id, at, kind, client_group_id, client_id, mutation_id, mutation_name, message
        FROM ${ERRORS_TABLE} WHERE id > ? ORDER BY id LIMIT ?`,
      )
      .bind(since.value, limit.value + 1)
      .all<ErrorRow>());
  } catch (err) {
    // The app never ran ensureAdminTables: say so instead of failing, the rest of the API still works.
    if (isMissingTable(err)) return json(200, { errors: [], hasMore: false, tapInstalled: false });
    throw err;
  }
  const errors = results.slice(0, limit.value).map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    clientGroupID: r.client_group_id,
    clientID: r.client_id,
    mutationID: r.mutation_id,
    mutationName: r.mutation_name,
    message: r.message,
  }));
  return json(200, { errors, hasMore: results.length > limit.value, tapInstalled: true });
}
