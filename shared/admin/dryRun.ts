// The admin API's dry runs as another identity (POST {base}/admin/dry-run/replay and /read): the
// request bodies the panel builds from a captured push or pull, and guards for the answers, which
// are hostile input like every server answer. Pure; nothing here throws.

import type { ChangeOp, Mutation } from '../sync/types.ts';
import type { Guarded } from './types.ts';
import { isRecord as isRec, isString, ownField as own } from '../guards.ts';

const MAX_STRING = 64 * 1024;
/** Rows shown per answer: a replay of 200 mutations or a read of 1000 ids stays renderable. */
export const MAX_DRY_RUN_ITEMS = 1000;

const isStr = (x: unknown): x is string => isString(x) && x.length <= MAX_STRING;
const fail = <T>(reason: string): Guarded<T> => ({ ok: false, reason });

export interface DryRunAs {
  clientGroupID?: string;
  userId?: string;
}

export type DryRunWrite =
  { op: 'put'; table: string; id: string; value: unknown } | { op: 'del'; table: string; id: string };

export interface DryRunMutationResult {
  id: number;
  name: string;
  ok: boolean;
  /** Present when !ok: what the mutator threw; `rule` (e.g. `todos.write`) for a PlasmaAuthorizationError. */
  error: { name: string; message: string; rule: string | null } | null;
  writes: DryRunWrite[];
}

export interface ReplayAnswer {
  ctx: unknown;
  ctxSource: 'app' | 'recorded' | 'unknown';
  results: DryRunMutationResult[];
  skipped: number;
}

export interface ReadAsAnswer {
  table: string;
  readable: string[];
  hidden: string[];
  missing: string[];
  truncated: boolean;
}

/** Only the fields that are filled in: an empty field means "not this way". */
export function dryRunAs(clientGroupID: string, userId: string): DryRunAs | null {
  const as: DryRunAs = {};
  if (clientGroupID.trim()) as.clientGroupID = clientGroupID.trim();
  if (userId.trim()) as.userId = userId.trim();
  return as.clientGroupID || as.userId ? as : null;
}

export function replayBody(
  as: DryRunAs,
  mutations: readonly Mutation[],
): { as: DryRunAs; mutations: { id: number; name: string; args: unknown }[] } {
  return { as, mutations: mutations.map((m) => ({ id: m.id, name: m.name, args: m.args })) };
}

/** One read body per table the pull's patch named, ids in patch order without repeats. */
export function readBodies(as: DryRunAs, patch: readonly ChangeOp[]): { as: DryRunAs; table: string; ids: string[] }[] {
  const byTable = new Map<string, Set<string>>();
  for (const op of patch) {
    let ids = byTable.get(op.table);
    if (!ids) byTable.set(op.table, (ids = new Set()));
    ids.add(op.id);
  }
  return [...byTable].map(([table, ids]) => ({ as, table, ids: [...ids].slice(0, MAX_DRY_RUN_ITEMS) }));
}

function toWrite(x: unknown): DryRunWrite | null {
  if (!isRec(x)) return null;
  const op = own(x, 'op'),
    table = own(x, 'table'),
    id = own(x, 'id');
  if (!isStr(table) || !isStr(id)) return null;
  if (op === 'del') return { op, table, id };
  if (op === 'put') return { op, table, id, value: own(x, 'value') ?? null };
  return null;
}

function toResult(x: unknown): DryRunMutationResult | null {
  if (!isRec(x)) return null;
  const id = own(x, 'id'),
    name = own(x, 'name'),
    ok = own(x, 'ok'),
    e = own(x, 'error'),
    w = own(x, 'writes');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || !isStr(name) || typeof ok !== 'boolean') return null;
  let error: DryRunMutationResult['error'] = null;
  if (!ok) {
    const en = isRec(e) ? own(e, 'name') : undefined,
      em = isRec(e) ? own(e, 'message') : undefined,
      rule = isRec(e) ? own(e, 'rule') : undefined;
    error = {
      name: isStr(en) ? en : 'Error',
      message: isStr(em) ? em : 'unknown error',
      rule: isStr(rule) ? rule : null,
    };
  }
  const writes = Array.isArray(w)
    ? w
        .slice(0, MAX_DRY_RUN_ITEMS)
        .map(toWrite)
        .filter((v): v is DryRunWrite => v !== null)
    : [];
  return { id, name, ok, error, writes };
}

export function parseReplayAnswer(x: unknown): Guarded<ReplayAnswer> {
  if (!isRec(x) || own(x, 'dryRun') !== true) return fail('the dry run did not answer a dry-run result');
  const list = own(x, 'results');
  if (!Array.isArray(list)) return fail('the dry run answered no results');
  const kept = list.slice(0, MAX_DRY_RUN_ITEMS).map(toResult);
  const results = kept.filter((r): r is DryRunMutationResult => r !== null);
  const source = own(x, 'ctxSource');
  return {
    ok: true,
    value: {
      ctx: own(x, 'ctx') ?? null,
      ctxSource: source === 'app' || source === 'recorded' ? source : 'unknown',
      results,
      skipped: list.length - results.length,
    },
  };
}

const ids = (x: unknown): string[] => (Array.isArray(x) ? x.slice(0, MAX_DRY_RUN_ITEMS).filter(isStr) : []);

export function parseReadAsAnswer(x: unknown): Guarded<ReadAsAnswer> {
  if (!isRec(x) || own(x, 'dryRun') !== true) return fail('the read did not answer a dry-run result');
  const table = own(x, 'table');
  if (!isStr(table) || !Array.isArray(own(x, 'readable')) || !Array.isArray(own(x, 'hidden')))
    return fail('the read answered no readable/hidden lists');
  return {
    ok: true,
    value: {
      table,
      readable: ids(own(x, 'readable')),
      hidden: ids(own(x, 'hidden')),
      missing: ids(own(x, 'missing')),
      truncated: own(x, 'truncated') === true,
    },
  };
}
