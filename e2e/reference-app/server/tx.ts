// The server's MutatorTx: a staging transaction that reads through to D1, enforces each table's
// auth.write, and records writes so push.ts can commit them atomically in one db.batch (D1 has
// no interactive transactions). A mutator that throws simply leaves its staged writes unused.

import type { AuthCtx, MutatorTx, Row, TableDef } from '../app/schema.ts';
import type { D1Database, D1PreparedStatement } from './d1.ts';
import { ident } from './schemaSql.ts';

/**
 * The error auth.write failures throw. Its message names the table and predicate (`todos.write`);
 * with the name it reads `PlasmaAuthorizationError: todos.write`, as error taps print it.
 */
export class PlasmaAuthorizationError extends Error {
  constructor(table: string) {
    super(`${table}.write`);
    this.name = 'PlasmaAuthorizationError';
  }
}

export interface StagingTx {
  tx: MutatorTx;
  /** The staged writes as statements, in the order the mutator made them. */
  statements(): D1PreparedStatement[];
}

/** SQLite has no booleans or objects: store them the way the client round-trips them. */
function toSql(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

export function createStagingTx(db: D1Database, tables: Record<string, TableDef>, ctx: AuthCtx): StagingTx {
  // table -> id -> staged image (null = deleted in this transaction)
  const staged = new Map<string, Map<string, Row | null>>();
  const writes: D1PreparedStatement[] = [];

  function def(table: string): TableDef {
    const d = tables[table];
    if (!d) throw new Error(`unknown table: ${table}`);
    return d;
  }

  function canWrite(table: string, row: Row): boolean {
    const write = def(table).auth?.write;
    return write ? write(ctx, row) : true;
  }

  async function get(table: string, id: string): Promise<Row | undefined> {
    def(table);
    const local = staged.get(table);
    if (local?.has(id)) return local.get(id) ?? undefined;
    const row = await db
      .prepare(`SELECT * FROM ${ident(table)} WHERE id = ?`)
      .bind(id)
      .first<Row>();
    return row ?? undefined;
  }

  function stage(table: string, id: string, image: Row | null): void {
    let local = staged.get(table);
    if (!local) staged.set(table, (local = new Map<string, Row | null>()));
    local.set(id, image);
  }

  async function put(table: string, row: Row): Promise<void> {
    const cols = Object.keys(def(table).columns).filter((c) => c !== 'id');
    if (typeof row.id !== 'string' || row.id.length === 0)
      throw new Error(`${table}: row id must be a non-empty string`);
    const current = await get(table, row.id);
    // Update checks both images; insert checks the new row (§5).
    if ((current && !canWrite(table, current)) || !canWrite(table, row)) {
      throw new PlasmaAuthorizationError(table);
    }
    const image: Row = { id: row.id };
    for (const c of cols) image[c] = toSql(row[c]);
    const names = ['id', ...cols].map(ident);
    const update = cols.length
      ? `DO UPDATE SET ${cols.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')}`
      : 'DO NOTHING';
    writes.push(
      db
        .prepare(
          `INSERT INTO ${ident(table)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
           ON CONFLICT(id) ${update}`,
        )
        .bind(row.id, ...cols.map((c) => image[c])),
    );
    stage(table, row.id, image);
  }

  async function del(table: string, id: string): Promise<void> {
    const current = await get(table, id);
    if (!current) return; // nothing to delete: no write, no change row
    if (!canWrite(table, current)) throw new PlasmaAuthorizationError(table);
    writes.push(db.prepare(`DELETE FROM ${ident(table)} WHERE id = ?`).bind(id));
    stage(table, id, null);
  }

  return { tx: { get, put, del }, statements: () => [...writes] };
}
