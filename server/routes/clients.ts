// GET {basePath}/admin/clients: each client's confirmed mutation watermark (protocol §3, §7).

import type { D1Like } from '../d1.ts';
import { badRequest, json, textParam } from '../http.ts';

/** A guard on response size; a deployment with more clients is filtered by clientGroupID. */
export const MAX_CLIENTS = 1000;

interface ClientRow {
  client_group_id: string;
  client_id: string;
  last_mutation_id: number;
  updated_at: number;
}

export async function clientsRoute(db: D1Like, params: URLSearchParams): Promise<Response> {
  const group = textParam(params, 'clientGroupID');
  if (!group.ok) return badRequest(group.reason);
  const where = group.value === null ? '' : 'WHERE client_group_id = ?';
  const binds = group.value === null ? [] : [group.value];
  const { results } = await db
    .prepare(
      `SELECT client_group_id, client_id, last_mutation_id, updated_at FROM _plasma_client_mutations
      ${where} ORDER BY updated_at DESC, client_group_id, client_id LIMIT ?`,
    )
    .bind(...binds, MAX_CLIENTS + 1)
    .all<ClientRow>();
  const clients = results.slice(0, MAX_CLIENTS).map((r) => ({
    clientGroupID: r.client_group_id,
    clientID: r.client_id,
    lastMutationID: r.last_mutation_id,
    updatedAt: r.updated_at,
  }));
  return json(200, { clients, truncated: results.length > MAX_CLIENTS });
}
