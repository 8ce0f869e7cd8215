// "Dry run as another identity": the hooks an app implements so the admin API can run its mutators
// and read predicates for a chosen ctx without committing anything, and the read-only database the
// handler hands those hooks. Off unless the app passes `dryRun` to createAdminHandler.

import type { D1Like, D1StmtLike } from './d1.ts';
import { isRecord, isString } from '../shared/guards.ts';

/** Who to act as: an app user, or the ctx last recorded for a client group (`recordClientContext`). */
export interface DryRunIdentity {
  clientGroupID?: string;
  userId?: string;
}

/** One mutation of a captured push, as the client sent it. */
export interface DryRunMutation {
  id: number;
  name: string;
  args: unknown;
}

/** A write the mutation would have made: the image put, or the id deleted. */
export type DryRunWrite =
  { op: 'put'; table: string; id: string; value: Record<string, unknown> } | { op: 'del'; table: string; id: string };

/** What one mutation would do. `error` is what the mutator (or auth.write) threw. */
export type DryRunOutcome = { ok: true; writes: DryRunWrite[] } | { ok: false; error: unknown };

export interface DryRunReadResult {
  /** Ids auth.read lets through for the ctx. */
  readable: string[];
  /** Ids that exist but auth.read hides (or whose predicate threw). */
  hidden: string[];
  /** Ids asked for that are not in the table. */
  missing?: string[];
  /** True when a whole-table read stopped at its row limit. */
  truncated?: boolean;
}

/**
 * What an app supplies to enable dry runs. Every hook receives `db`: the app's database behind a
 * read-only guard (any statement may be prepared, only SELECTs may run, batches only of SELECTs).
 * Use that `db`, not your own binding: it is what makes the dry run provably read-only.
 */
export interface DryRunHooks<Db extends D1Like = D1Like> {
  /**
   * The ctx the app's auth() would build for this identity, or undefined to fall back to the ctx
   * recorded for `identity.clientGroupID`. Typically: a userId → the app's own ctx lookup.
   */
  ctxFor?(identity: DryRunIdentity, db: Db): Promise<unknown>;
  /**
   * Runs the mutations in order as plasma's push would (each one sees the earlier ones' writes,
   * a failed one contributes none), enforcing auth.write, and never commits. One outcome per mutation.
   */
  push(ctx: unknown, mutations: readonly DryRunMutation[], db: Db): Promise<DryRunOutcome[]>;
  /** Which rows of `table` (the given ids, or the whole table when null) auth.read lets through. */
  read(ctx: unknown, table: string, ids: readonly string[] | null, db: Db): Promise<DryRunReadResult>;
}

/** Thrown by the read-only guard when a hook tries to write: the dry run answers 500, nothing ran. */
export class DryRunWriteRefused extends Error {
  constructor(what: string) {
    super(`dry run is read-only: ${what} refused`);
    this.name = 'DryRunWriteRefused';
  }
}

/** One SELECT statement: no second statement after a `;` (D1 would run only the first anyway). */
export function isSelectOnly(sql: string): boolean {
  const body = sql.trim().replace(/;\s*$/, '');
  return /^SELECT\s/i.test(body) && !body.includes(';');
}

const RUNNERS = new Set(['first', 'all', 'run', 'raw']);

/**
 * Wraps a D1 binding so that anything may be prepared and bound (a staging transaction builds its
 * INSERTs without running them) but only SELECTs execute. `exec`, `dump` and every other method
 * throw; a batch runs only when every statement in it is a SELECT prepared through this wrapper.
 */
export function readOnlyD1<Db extends D1Like>(db: Db): Db {
  const sqlOf = new WeakMap<object, { real: D1StmtLike; sql: string }>();
  const wrap = (real: D1StmtLike, sql: string): D1StmtLike => {
    const proxy: D1StmtLike = new Proxy(real, {
      get(target, key) {
        if (key === 'bind') return (...values: unknown[]) => wrap(target.bind(...values), sql);
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        if (RUNNERS.has(String(key)) && !isSelectOnly(sql)) {
          return () => Promise.reject(new DryRunWriteRefused(`${String(key)}() of a non-SELECT statement`));
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    sqlOf.set(proxy, { real, sql });
    return proxy;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrap(target.prepare(sql), sql);
      if (key === 'batch') {
        return async (stmts: D1StmtLike[]) => {
          const reals = stmts.map((s) => sqlOf.get(s));
          const known = reals.filter((r) => r !== undefined);
          if (known.length < reals.length || known.some((r) => !isSelectOnly(r.sql)))
            throw new DryRunWriteRefused('a batch with a non-SELECT statement');
          if (!target.batch) throw new DryRunWriteRefused('batch on a database without batch');
          return target.batch(known.map((r) => r.real));
        };
      }
      if (typeof key === 'symbol' || key === 'then') return undefined;
      return () => {
        throw new DryRunWriteRefused(`db.${key}`);
      };
    },
  });
}

const MAX_MESSAGE = 500;

/** `{ name, message, rule? }` of a thrown value; `rule` is plasma's `table.write` for authorization errors. */
export function describeDryRunError(error: unknown): { name: string; message: string; rule?: string } {
  const fields = isRecord(error) && isString(error.message) ? { name: error.name, message: error.message } : null;
  const name = fields && isString(fields.name) ? fields.name : 'Error';
  const raw = fields ? fields.message : isString(error) ? error : 'unknown error';
  const message = raw.length > MAX_MESSAGE ? `${raw.slice(0, MAX_MESSAGE)}…` : raw;
  const rule =
    name === 'PlasmaAuthorizationError' && /^[A-Za-z_][A-Za-z0-9_]*\.(write|read)$/.test(message) ? message : undefined;
  return { name, message, ...(rule ? { rule } : {}) };
}
