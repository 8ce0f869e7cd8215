// The seam to the admin API package (server/ at the repo root): the error tap around the app's
// onError, the hook recording each client group's last auth ctx, the auth tap (auth() wrapped in
// sync.ts, the whole Worker wrapped in worker.ts), the /sync/admin handler and its dry-run hooks
// (this app's mutators, staging transaction and auth.read predicates, run for another identity).

import {
  createAdminHandler,
  createAuthTap,
  createErrorTap,
  ensureAdminTables,
  ensureAuthLogTable,
  recordAuthCalls,
  recordClientContext,
  type AuthExpectations,
  type DryRunHooks,
  type DryRunOutcome,
  type DryRunReadResult,
  type DryRunWrite,
} from '../../../server/index.ts';
import {
  demoUsers,
  mutators as appMutators,
  type AuthCtx,
  type Mutator,
  type MutatorTx,
  type Row,
  type TableDef,
} from '../app/schema.ts';
import type { D1Database } from './d1.ts';
import { json } from './d1.ts';
import { ident } from './schemaSql.ts';
import { createStagingTx, PlasmaAuthorizationError } from './tx.ts';
import type { AuthFn, MutationErrorEvent } from './syncTypes.ts';
import { AUDIENCE, ISSUER } from './tokens.ts';

type OnError = (event: MutationErrorEvent) => void | Promise<void>;

export interface AdminApiOptions {
  db: D1Database;
  schemaVersion: string;
  tables: Record<string, TableDef>;
  /** The bearer secret; without one the admin API stays off (404). */
  secret: string | undefined;
  allowedOrigins: string[];
  /** What the app's auth() expects, reported by /info; default: the demo tokens' issuer and audience. */
  authExpectations?: AuthExpectations;
  /**
   * Dry runs as another identity (POST /sync/admin/dry-run/*). This app is a debugging target, so
   * they are on by default with its own mutators; `false` turns them off.
   */
  dryRun?: false | { mutators: Record<string, Mutator> };
}

/**
 * Creates the taps' tables (the auth log's too, since this app installs the auth tap, so
 * /auth-log says tapInstalled from the start) and the change-log index /rows needs.
 */
export async function prepareAdminTables(db: D1Database): Promise<void> {
  await ensureAdminTables(db);
  await ensureAuthLogTable(db);
}

export function tapErrors(db: D1Database, onError: OnError): OnError {
  return createErrorTap(db, onError);
}

export function recordContext(db: D1Database, clientGroupID: string, ctx: AuthCtx): Promise<void> {
  return recordClientContext(db, clientGroupID, ctx);
}

/** Wraps the app's auth() so the Worker's auth tap sees each decision (called in sync.ts). */
export function tapAuth(auth: AuthFn): AuthFn {
  return recordAuthCalls(auth);
}

type Fetch = (req: Request) => Promise<Response>;

/**
 * Wraps the whole Worker (called once per isolate in worker.ts): every push and pull, of every
 * sync mount, lands in env.DB's auth log, which /sync/admin/auth-log reads.
 */
export function tapWorker(db: D1Database, handler: Fetch): Fetch {
  return createAuthTap(db).handler(handler);
}

export function createAdminApi(opts: AdminApiOptions): (req: Request) => Promise<Response> {
  if (!opts.secret) return () => Promise.resolve(json(404, { error: 'admin API disabled' }));
  return createAdminHandler({
    db: opts.db,
    basePath: '/sync',
    schemaVersion: opts.schemaVersion,
    tables: opts.tables,
    auth: { secret: opts.secret },
    allowedOrigins: opts.allowedOrigins,
    authExpectations: opts.authExpectations ?? { issuer: ISSUER, audience: AUDIENCE },
    ...(opts.dryRun === false ? {} : { dryRun: createDryRunHooks(opts.tables, opts.dryRun?.mutators ?? appMutators) }),
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isCtx(v: unknown): v is AuthCtx {
  return isRecord(v) && typeof v.userId === 'string' && typeof v.role === 'string' && Array.isArray(v.teams);
}

/** The ctx auth() would build for a user: teams from D1 memberships, the role their token gets by default. */
async function ctxForUser(db: D1Database, userId: string): Promise<AuthCtx> {
  const { results } = await db
    .prepare('SELECT team FROM _demo_memberships WHERE user_id = ? ORDER BY team')
    .bind(userId)
    .all<{ team: string }>();
  return { userId, role: demoUsers[userId]?.role ?? 'member', teams: results.map((r) => r.team) };
}

/**
 * This app's DryRunHooks. `db` is the admin handler's read-only view: the staging transaction reads
 * through it and only prepares its writes, which are reported and never batched. Each mutation
 * sees the writes of the earlier successful ones through an overlay, as after a real push.
 */
export function createDryRunHooks(
  tables: Record<string, TableDef>,
  mutators: Record<string, Mutator>,
): DryRunHooks<D1Database> {
  const mayWrite = (ctx: AuthCtx, table: string, row: Row) => tables[table]?.auth?.write?.(ctx, row) ?? true;

  async function runOne(
    db: D1Database,
    ctx: AuthCtx,
    overlay: Map<string, Row | null>,
    name: string,
    args: unknown,
  ): Promise<DryRunWrite[]> {
    const mutator = mutators[name];
    if (!mutator) throw new Error(`unknown mutator: ${name}`);
    if (!isRecord(args)) throw new Error(`${name}: args must be a JSON object`);
    const staging = createStagingTx(db, tables, ctx);
    const mine = new Map<string, Row | null>();
    const writes: DryRunWrite[] = [];
    const key = (table: string, id: string) => `${table}\u0000${id}`;
    const get: MutatorTx['get'] = async (table, id) => {
      const k = key(table, id);
      if (mine.has(k)) return mine.get(k) ?? undefined;
      if (overlay.has(k)) return overlay.get(k) ?? undefined;
      return staging.tx.get(table, id);
    };
    const tx: MutatorTx = {
      get,
      async put(table, row) {
        const current = typeof row.id === 'string' ? await get(table, row.id) : undefined;
        if (current && !mayWrite(ctx, table, current)) throw new PlasmaAuthorizationError(table);
        // auth.write on the new image, and the write is only prepared. The staging tx also checks the
        // image in D1, so a row an earlier mutation of this replay deleted is judged a little strictly.
        await staging.tx.put(table, row);
        mine.set(key(table, row.id), { ...row });
        writes.push({ op: 'put', table, id: row.id, value: { ...row } });
      },
      async del(table, id) {
        const current = await get(table, id);
        if (!current) return;
        if (!mayWrite(ctx, table, current)) throw new PlasmaAuthorizationError(table);
        await staging.tx.del(table, id);
        mine.set(key(table, id), null);
        writes.push({ op: 'del', table, id });
      },
    };
    await mutator(tx, args);
    for (const [k, v] of mine) overlay.set(k, v);
    return writes;
  }

  return {
    async ctxFor(identity, db) {
      return identity.userId ? ctxForUser(db, identity.userId) : undefined; // a group: its recorded ctx
    },
    async push(ctx, mutations, db) {
      if (!isCtx(ctx))
        return mutations.map(() => ({ ok: false, error: new Error('recorded ctx is not { userId, role, teams }') }));
      const overlay = new Map<string, Row | null>();
      const out: DryRunOutcome[] = [];
      for (const m of mutations) {
        try {
          out.push({ ok: true, writes: await runOne(db, ctx, overlay, m.name, m.args) });
        } catch (error) {
          out.push({ ok: false, error });
        }
      }
      return out;
    },
    async read(ctx, table, ids, db): Promise<DryRunReadResult> {
      const def = tables[table];
      if (!def || !isCtx(ctx)) return { readable: [], hidden: [], missing: ids ? [...ids] : [] };
      const rows: Row[] = [];
      let truncated = false;
      if (ids === null) {
        const { results } = await db.prepare(`SELECT * FROM ${ident(table)} ORDER BY id LIMIT 1001`).all<Row>();
        truncated = results.length > 1000;
        rows.push(...results.slice(0, 1000));
      } else {
        // D1 binds at most 100 parameters per statement.
        for (let i = 0; i < ids.length; i += 100) {
          const chunk = ids.slice(i, i + 100);
          const { results } = await db
            .prepare(`SELECT * FROM ${ident(table)} WHERE id IN (${chunk.map(() => '?').join(', ')})`)
            .bind(...chunk)
            .all<Row>();
          rows.push(...results);
        }
      }
      const readable: string[] = [];
      const hidden: string[] = [];
      for (const row of rows) {
        let ok: boolean;
        try {
          ok = def.auth?.read ? def.auth.read(ctx, row) : true;
        } catch {
          ok = false; // as in pull: a throwing predicate hides the row
        }
        (ok ? readable : hidden).push(row.id);
      }
      const found = new Set(rows.map((r) => r.id));
      return { readable, hidden, missing: ids ? ids.filter((id) => !found.has(id)) : [], truncated };
    },
  };
}
