// POST {basePath}/admin/dry-run/replay and /dry-run/read: run a captured push's mutations, or a table's
// auth.read, as another identity through the app's DryRunHooks, on a read-only view of the database.
// POST only because the mutations travel in a body; nothing here writes (see README.md).

import { isRecord } from '../../shared/guards.ts';
import {
  describeDryRunError,
  readOnlyD1,
  type DryRunHooks,
  type DryRunIdentity,
  type DryRunMutation,
} from '../dryRun.ts';
import { isMissingTable, type D1Like } from '../d1.ts';
import { badRequest, json } from '../http.ts';
import { CONTEXTS_TABLE } from '../tap.ts';

export const MAX_DRY_RUN_BODY = 1_048_576;
export const MAX_DRY_RUN_MUTATIONS = 200;
export const MAX_DRY_RUN_IDS = 1000;

const shortText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 512;

type Parsed<T> = { ok: true; value: T } | { ok: false; res: Response };
const fail = (reason: string): { ok: false; res: Response } => ({ ok: false, res: badRequest(reason) });

async function readJsonBody(req: Request): Promise<Parsed<Record<string, unknown>>> {
  if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? ''))
    return fail('content-type must be application/json');
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > MAX_DRY_RUN_BODY)
    return { ok: false, res: json(413, { error: 'payload too large', max: MAX_DRY_RUN_BODY }) };
  const text = await req.text();
  if (text.length > MAX_DRY_RUN_BODY)
    return { ok: false, res: json(413, { error: 'payload too large', max: MAX_DRY_RUN_BODY }) };
  try {
    const body: unknown = JSON.parse(text);
    return isRecord(body) ? { ok: true, value: body } : fail('body must be a JSON object');
  } catch {
    return fail('malformed JSON');
  }
}

function identityOf(body: Record<string, unknown>): Parsed<DryRunIdentity> {
  const as = body.as;
  if (!isRecord(as)) return fail('as must be an object { clientGroupID?, userId? }');
  const identity: DryRunIdentity = {};
  for (const key of ['clientGroupID', 'userId'] as const) {
    const v = as[key];
    if (v === undefined || v === null || v === '') continue;
    if (!shortText(v)) return fail(`as.${key} must be a string of at most 512 characters`);
    identity[key] = v;
  }
  if (!identity.clientGroupID && !identity.userId) return fail('as needs a clientGroupID or a userId');
  return { ok: true, value: identity };
}

async function recordedCtx(db: D1Like, clientGroupID: string): Promise<unknown> {
  try {
    const hit = await db
      .prepare(`SELECT ctx FROM ${CONTEXTS_TABLE} WHERE client_group_id = ?`)
      .bind(clientGroupID)
      .first<{ ctx: string }>();
    return hit ? JSON.parse(hit.ctx) : undefined;
  } catch (err) {
    if (isMissingTable(err)) return undefined;
    throw err;
  }
}

/** The app's ctx for the identity, else the group's recorded one; a 400 naming what is missing. */
async function resolveCtx<Db extends D1Like>(
  hooks: DryRunHooks<Db>,
  identity: DryRunIdentity,
  db: Db,
): Promise<Parsed<{ ctx: unknown; source: 'app' | 'recorded' }>> {
  const fromApp = hooks.ctxFor ? await hooks.ctxFor(identity, db) : undefined;
  if (fromApp !== undefined && fromApp !== null) return { ok: true, value: { ctx: fromApp, source: 'app' } };
  const recorded = identity.clientGroupID ? await recordedCtx(db, identity.clientGroupID) : undefined;
  if (recorded !== undefined && recorded !== null) return { ok: true, value: { ctx: recorded, source: 'recorded' } };
  const who = identity.userId ? `user ${identity.userId}` : `client group ${identity.clientGroupID}`;
  return fail(`no ctx for ${who}: the app built none and none is recorded`);
}

function mutationsOf(body: Record<string, unknown>): Parsed<DryRunMutation[]> {
  const list = body.mutations;
  if (!Array.isArray(list)) return fail('mutations must be an array');
  if (list.length > MAX_DRY_RUN_MUTATIONS)
    return { ok: false, res: json(413, { error: 'too many mutations', max: MAX_DRY_RUN_MUTATIONS }) };
  const out: DryRunMutation[] = [];
  for (const m of list) {
    if (!isRecord(m) || !Number.isSafeInteger(m.id) || !shortText(m.name))
      return fail('each mutation needs an integer id and a name');
    out.push({ id: m.id as number, name: m.name, args: m.args });
  }
  return { ok: true, value: out };
}

export async function dryRunReplayRoute<Db extends D1Like>(
  appDb: Db,
  hooks: DryRunHooks<Db>,
  req: Request,
): Promise<Response> {
  const body = await readJsonBody(req);
  if (!body.ok) return body.res;
  const identity = identityOf(body.value);
  if (!identity.ok) return identity.res;
  const mutations = mutationsOf(body.value);
  if (!mutations.ok) return mutations.res;
  const db = readOnlyD1(appDb);
  const ctx = await resolveCtx(hooks, identity.value, db);
  if (!ctx.ok) return ctx.res;
  const outcomes = await hooks.push(ctx.value.ctx, mutations.value, db);
  const results = mutations.value.map((m, i) => {
    const o = outcomes[i];
    if (!o)
      return {
        id: m.id,
        name: m.name,
        ok: false,
        error: { name: 'Error', message: 'no outcome from the app' },
        writes: [],
      };
    return o.ok
      ? { id: m.id, name: m.name, ok: true, writes: o.writes }
      : { id: m.id, name: m.name, ok: false, error: describeDryRunError(o.error), writes: [] };
  });
  return json(200, {
    dryRun: true,
    committed: false,
    as: identity.value,
    ctx: ctx.value.ctx,
    ctxSource: ctx.value.source,
    results,
  });
}

export async function dryRunReadRoute<Db extends D1Like>(
  appDb: Db,
  hooks: DryRunHooks<Db>,
  tables: readonly string[],
  req: Request,
): Promise<Response> {
  const body = await readJsonBody(req);
  if (!body.ok) return body.res;
  const identity = identityOf(body.value);
  if (!identity.ok) return identity.res;
  const table = body.value.table;
  if (typeof table !== 'string' || !tables.includes(table))
    return json(404, { error: 'unknown table', table: typeof table === 'string' ? table : null });
  const rawIds = body.value.ids;
  let ids: string[] | null = null;
  if (rawIds !== undefined && rawIds !== null) {
    if (!Array.isArray(rawIds) || !rawIds.every(shortText)) return badRequest('ids must be an array of row ids');
    if (rawIds.length > MAX_DRY_RUN_IDS) return json(413, { error: 'too many ids', max: MAX_DRY_RUN_IDS });
    ids = [...new Set(rawIds)];
  }
  const db = readOnlyD1(appDb);
  const ctx = await resolveCtx(hooks, identity.value, db);
  if (!ctx.ok) return ctx.res;
  const r = await hooks.read(ctx.value.ctx, table, ids, db);
  return json(200, {
    dryRun: true,
    as: identity.value,
    ctx: ctx.value.ctx,
    ctxSource: ctx.value.source,
    table,
    readable: r.readable,
    hidden: r.hidden,
    missing: r.missing ?? [],
    truncated: r.truncated ?? false,
  });
}
