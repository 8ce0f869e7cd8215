// DDL for one plasma deployment over D1: the user tables of a schema, the change log, the
// per-client watermark and the origin context, plus the AFTER triggers that copy every
// user-table write into _plasma_changes with its provenance (plasma-protocol.md §3).

import type { TableDef } from '../app/schema.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes an identifier after checking it, so a schema can never inject SQL. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Unix milliseconds computed inside SQLite, so a trigger stamps the commit-time clock. */
const NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

const CORE = [
  `CREATE TABLE IF NOT EXISTS _plasma_changes (
    row_version INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL,
    value TEXT,
    created_at INTEGER NOT NULL,
    client_group_id TEXT,
    client_id TEXT,
    mutation_id INTEGER
  )`,
  `CREATE INDEX IF NOT EXISTS _plasma_changes_row ON _plasma_changes (table_name, row_id, row_version)`,
  `CREATE TABLE IF NOT EXISTS _plasma_client_mutations (
    client_group_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    last_mutation_id INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (client_group_id, client_id)
  )`,
  // At most one row (id = 1): set by the sync handler before a mutator's writes, cleared after,
  // inside the same atomic batch, so triggers outside the handler see no provenance.
  `CREATE TABLE IF NOT EXISTS _plasma_origin_context (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    client_group_id TEXT,
    client_id TEXT,
    mutation_id INTEGER
  )`,
];

function origin(column: string): string {
  return `(SELECT ${column} FROM _plasma_origin_context WHERE id = 1)`;
}

function changeInsert(table: string, rowRef: 'NEW' | 'OLD', op: 'put' | 'del', value: string): string {
  return `INSERT INTO _plasma_changes
      (table_name, row_id, op, value, created_at, client_group_id, client_id, mutation_id)
    VALUES ('${table}', ${rowRef}.id, '${op}', ${value}, ${NOW_MS},
      ${origin('client_group_id')}, ${origin('client_id')}, ${origin('mutation_id')});`;
}

/** Statements creating one user table and its three triggers. */
export function tableStatements(name: string, def: TableDef): string[] {
  const t = ident(name);
  const cols = Object.entries(def.columns).filter(([c]) => c !== 'id');
  const colDefs = cols.map(([c, type]) => `${ident(c)} ${type}`);
  const jsonPairs = [`'id', NEW.id`, ...cols.map(([c]) => `'${c}', NEW.${ident(c)}`)].join(', ');
  const putValue = `json_object(${jsonPairs})`;
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (id TEXT PRIMARY KEY${colDefs.map((d) => `, ${d}`).join('')})`,
    `CREATE TRIGGER IF NOT EXISTS ${ident(`_plasma_${name}_ins`)} AFTER INSERT ON ${t} BEGIN
      ${changeInsert(name, 'NEW', 'put', putValue)} END`,
    `CREATE TRIGGER IF NOT EXISTS ${ident(`_plasma_${name}_upd`)} AFTER UPDATE ON ${t} BEGIN
      ${changeInsert(name, 'NEW', 'put', putValue)} END`,
    `CREATE TRIGGER IF NOT EXISTS ${ident(`_plasma_${name}_del`)} AFTER DELETE ON ${t} BEGIN
      ${changeInsert(name, 'OLD', 'del', 'NULL')} END`,
  ];
}

/** Every statement a deployment over `tables` needs, idempotent (IF NOT EXISTS). */
export function schemaStatements(tables: Record<string, TableDef>): string[] {
  return [...CORE, ...Object.entries(tables).flatMap(([name, def]) => tableStatements(name, def))];
}
