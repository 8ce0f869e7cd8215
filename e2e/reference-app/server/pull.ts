// GET {basePath}/pull: the change log since the cookie, filtered record by record through each
// table's auth.read, paged by ?limit (plasma-protocol.md §2 pull, §5).

import type { AuthCtx, Row, TableDef } from '../app/schema.ts';
import { json } from './d1.ts';
import type { D1Database } from './d1.ts';
import { decodeCookie, encodeCookie } from './cookie.ts';
import { authorize, invalid, isRecord } from './requestChecks.ts';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PROTOCOL_VERSION, type SyncConfig } from './syncTypes.ts';

type ChangeOp =
  | { op: 'put'; table: string; id: string; value: Row; rowVersion: number }
  | { op: 'del'; table: string; id: string; rowVersion: number };

interface ChangeRow {
  row_version: number;
  table_name: string;
  row_id: string;
  op: string;
  value: string | null;
}

function parseRow(value: string | null): Row | undefined {
  if (value === null) return undefined;
  try {
    const v: unknown = JSON.parse(value);
    return isRecord(v) && typeof v.id === 'string' ? (v as Row) : undefined;
  } catch {
    return undefined;
  }
}

function readable(def: TableDef, ctx: AuthCtx, row: Row): boolean {
  try {
    return def.auth?.read ? def.auth.read(ctx, row) : true;
  } catch {
    return false; // a predicate that throws hides the record rather than leaking it
  }
}

/** A del is judged against the row's last put before it; with none it is dropped. */
async function lastPut(db: D1Database, c: ChangeRow): Promise<Row | undefined> {
  const prev = await db
    .prepare(
      `SELECT value FROM _plasma_changes WHERE table_name = ? AND row_id = ? AND op = 'put' AND row_version < ?
       ORDER BY row_version DESC LIMIT 1`,
    )
    .bind(c.table_name, c.row_id, c.row_version)
    .first<{ value: string | null }>();
  return prev ? parseRow(prev.value) : undefined;
}

export async function handlePull(req: Request, cfg: SyncConfig): Promise<Response> {
  const q = new URL(req.url).searchParams;
  const clientGroupID = q.get('clientGroupID');
  const clientID = q.get('clientID');
  if (!clientGroupID || !clientID) return invalid('clientGroupID and clientID are required');

  const authed = await authorize(req, cfg, { clientGroupID, clientID });
  if (authed instanceof Response) return authed;

  if (q.get('protocolVersion') !== String(PROTOCOL_VERSION)) {
    return invalid(`unsupported protocolVersion: ${q.get('protocolVersion') ?? 'missing'}`);
  }
  if (q.get('schemaVersion') !== cfg.schemaVersion) {
    return json(409, { error: 'schema mismatch', expected: cfg.schemaVersion });
  }
  const cookieIn = q.get('cookie');
  const since = decodeCookie(cookieIn);
  if (since === undefined) return invalid('unreadable cookie');
  const limitParam = q.get('limit');
  const limit = limitParam === null ? (cfg.defaultPullLimit ?? DEFAULT_PULL_LIMIT) : Number(limitParam);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PULL_LIMIT) {
    return invalid(`limit must be an integer from 1 to ${MAX_PULL_LIMIT}`);
  }

  const names = Object.keys(cfg.tables);
  // One batch, so the watermarks and the change rows are read from the same snapshot: a client
  // never sees its mutation confirmed without the rows it wrote.
  const [changes, clients] = await cfg.db.batch([
    cfg.db
      .prepare(
        `SELECT row_version, table_name, row_id, op, value FROM _plasma_changes
         WHERE row_version > ? AND table_name IN (${names.map(() => '?').join(', ')})
         ORDER BY row_version LIMIT ?`,
      )
      .bind(since, ...names, limit + 1),
    cfg.db
      .prepare('SELECT client_id, last_mutation_id FROM _plasma_client_mutations WHERE client_group_id = ?')
      .bind(authed.clientGroupID),
  ]);
  const results = (changes?.results ?? []) as unknown as ChangeRow[];
  const hasMore = results.length > limit;
  const page = results.slice(0, limit);

  const patch: ChangeOp[] = [];
  for (const c of page) {
    const def = cfg.tables[c.table_name];
    if (!def) continue;
    if (c.op === 'put') {
      const value = parseRow(c.value);
      if (value && readable(def, authed.ctx, value)) {
        patch.push({ op: 'put', table: c.table_name, id: c.row_id, value, rowVersion: c.row_version });
      }
    } else if (c.op === 'del') {
      const before = await lastPut(cfg.db, c);
      if (before && readable(def, authed.ctx, before)) {
        patch.push({ op: 'del', table: c.table_name, id: c.row_id, rowVersion: c.row_version });
      }
    }
  }

  const last = page[page.length - 1];
  // The cookie moves past dropped records too; unchanged input comes back verbatim.
  const fresh = cookieIn === null || cookieIn === '' || cookieIn === 'null';
  const cookie = last ? encodeCookie(last.row_version) : fresh ? null : cookieIn;

  const lastMutationIDs: Record<string, number> = {};
  for (const c of clients?.results ?? []) {
    if (typeof c.client_id === 'string' && typeof c.last_mutation_id === 'number') {
      lastMutationIDs[c.client_id] = c.last_mutation_id;
    }
  }

  return json(200, { cookie, patch, lastMutationIDs, hasMore });
}
