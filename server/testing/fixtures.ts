// Test-only helpers: a real D1 database from Miniflare (workerd's SQLite), the plasma tables of
// protocol §3 with the demo's user tables and change-log triggers, admin tokens, and a DB snapshot.

import { Miniflare } from 'miniflare';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { D1Like, D1StmtLike } from '../d1.ts';
import { isRecord } from '../../shared/guards.ts';

/** Miniflare's D1 binding is typed loosely; checked once here, where it arrives. */
export const isD1Like = (x: unknown): x is D1Like => isRecord(x) && typeof x.prepare === 'function';

export interface TestD1 {
  mf: Miniflare;
  db: D1Like;
  dispose(): Promise<void>;
}

export async function startD1(): Promise<TestD1> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response("") } }',
    d1Databases: ['DB'],
  });
  const db: unknown = await mf.getD1Database('DB');
  if (!isD1Like(db)) throw new Error('Miniflare did not hand out a D1 database');
  return { mf, db, dispose: () => mf.dispose() };
}

const NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

function triggers(table: string, columns: string[]): string[] {
  const value = `json_object(${['id', ...columns].map((c) => `'${c}', NEW.${c}`).join(', ')})`;
  const insert = (ref: string, op: string, v: string) =>
    `INSERT INTO _plasma_changes (table_name, row_id, op, value, created_at, client_group_id, client_id, mutation_id)
     VALUES ('${table}', ${ref}.id, '${op}', ${v}, ${NOW_MS}, NULL, NULL, NULL);`;
  return [
    `CREATE TRIGGER ${table}_ins AFTER INSERT ON ${table} BEGIN ${insert('NEW', 'put', value)} END`,
    `CREATE TRIGGER ${table}_upd AFTER UPDATE ON ${table} BEGIN ${insert('NEW', 'put', value)} END`,
    `CREATE TRIGGER ${table}_del AFTER DELETE ON ${table} BEGIN ${insert('OLD', 'del', 'NULL')} END`,
  ];
}

/** `_plasma_changes`, `_plasma_client_mutations`, and the demo's `todos` and `board_items` with triggers. */
export async function createPlasmaTables(db: D1Like): Promise<void> {
  const ddl = [
    `CREATE TABLE _plasma_changes (row_version INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL,
      row_id TEXT NOT NULL, op TEXT NOT NULL, value TEXT, created_at INTEGER NOT NULL,
      client_group_id TEXT, client_id TEXT, mutation_id INTEGER)`,
    `CREATE TABLE _plasma_client_mutations (client_group_id TEXT NOT NULL, client_id TEXT NOT NULL,
      last_mutation_id INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (client_group_id, client_id))`,
    `CREATE TABLE todos (id TEXT PRIMARY KEY, owner TEXT, title TEXT, done INTEGER, updatedAt INTEGER)`,
    ...triggers('todos', ['owner', 'title', 'done', 'updatedAt']),
    `CREATE TABLE board_items (id TEXT PRIMARY KEY, team TEXT, text TEXT, author TEXT, createdAt INTEGER)`,
    ...triggers('board_items', ['team', 'text', 'author', 'createdAt']),
  ];
  for (const sql of ddl) await db.prepare(sql).run();
}

/** Every table's schema and rows, as one string: equal strings mean an unchanged database. */
export async function snapshot(db: D1Like): Promise<string> {
  const { results: objects } = await db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name`,
    )
    .all<{ type: string; name: string; sql: string | null }>();
  const parts: string[] = [JSON.stringify(objects)];
  for (const o of objects.filter((x) => x.type === 'table')) {
    const { results } = await db.prepare(`SELECT * FROM "${o.name}" ORDER BY rowid`).all();
    parts.push(`${o.name}:${JSON.stringify(results)}`);
  }
  return parts.join('\n');
}

export const HS_SECRET = 'test-only-hs256-secret-0123456789abcdef';
export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'plasma-admin';

export async function hsToken(
  claims: Record<string, unknown>,
  opts: { secret?: string; exp?: string; issuer?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(opts.issuer ?? ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(new TextEncoder().encode(opts.secret ?? HS_SECRET));
}

export interface KeyPairFixture {
  jwks: { keys: JWK[] };
  sign(claims: Record<string, unknown>, opts?: { issuer?: string; audience?: string }): Promise<string>;
}

export async function es256Keys(kid: string): Promise<KeyPairFixture> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    sign: (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(opts.issuer ?? ISSUER)
        .setAudience(opts.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
  };
}

/** A D1Like that records every SQL text prepared through it (batched statements included). */
export function recordingDb(db: D1Like): { db: D1Like; sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    db: {
      prepare(text: string) {
        sql.push(text);
        return db.prepare(text);
      },
      ...(db.batch ? { batch: async (stmts: D1StmtLike[]) => (await db.batch?.(stmts)) ?? [] } : {}),
    },
  };
}
