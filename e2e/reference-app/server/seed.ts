// Creates the demo's D1 tables and seed rows, idempotently. Runs once per worker isolate (and
// again harmlessly after a restart). Seed rows are written outside the sync handler, so their
// change rows carry no provenance.

import { adminTables, demoUsers, tables } from '../app/schema.ts';
import type { D1Database } from './d1.ts';
import { schemaStatements } from './schemaSql.ts';

const DEMO_TABLES = [
  `CREATE TABLE IF NOT EXISTS _demo_client_groups (client_group_id TEXT PRIMARY KEY, user_id TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS _demo_memberships (user_id TEXT NOT NULL, team TEXT NOT NULL, PRIMARY KEY (user_id, team))`,
  // The app's own onError sink (what a real app would log); the admin error tap wraps it.
  `CREATE TABLE IF NOT EXISTS _demo_errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL,
    client_group_id TEXT, client_id TEXT, mutation_id INTEGER, mutation_name TEXT, message TEXT
  )`,
];

export const SEED_TODOS = [
  { id: 'todo-bob-1', owner: 'bob', title: "Bob's groceries" },
  { id: 'todo-alice-1', owner: 'alice', title: "Alice's report" },
];

export const SEED_BOARD = [
  { id: 'blue-1', team: 'blue', text: 'Blue kickoff notes', author: 'alice' },
  { id: 'blue-2', team: 'blue', text: 'Blue retro', author: 'carol' },
  { id: 'red-1', team: 'red', text: 'Red launch plan', author: 'bob' },
  { id: 'red-2', team: 'red', text: 'Red budget', author: 'bob' },
  { id: 'red-3', team: 'red', text: 'Red hiring', author: 'carol' },
];

/** Schema + demo tables + seeds of the main deployment (env.DB). */
export async function ensureMainDatabase(db: D1Database, now = Date.now()): Promise<void> {
  await db.batch([...schemaStatements(tables), ...DEMO_TABLES].map((sql) => db.prepare(sql)));
  await db.batch([
    ...Object.entries(demoUsers).flatMap(([user, u]) =>
      u.teams.map((team) =>
        db.prepare('INSERT OR IGNORE INTO _demo_memberships (user_id, team) VALUES (?, ?)').bind(user, team),
      ),
    ),
    ...SEED_TODOS.map((t) =>
      db
        .prepare('INSERT OR IGNORE INTO todos (id, owner, title, done, updatedAt) VALUES (?, ?, ?, 0, ?)')
        .bind(t.id, t.owner, t.title, now),
    ),
    ...SEED_BOARD.map((b) =>
      db
        .prepare('INSERT OR IGNORE INTO board_items (id, team, text, author, createdAt) VALUES (?, ?, ?, ?, ?)')
        .bind(b.id, b.team, b.text, b.author, now),
    ),
  ]);
}

/** Schema of the admin-only deployment (env.ADMIN_DB): its own change log and client groups. */
export async function ensureAdminDatabase(db: D1Database): Promise<void> {
  await db.batch([...schemaStatements(adminTables), ...DEMO_TABLES].map((sql) => db.prepare(sql)));
  await db.batch(
    Object.entries(demoUsers).flatMap(([user, u]) =>
      u.teams.map((team) =>
        db.prepare('INSERT OR IGNORE INTO _demo_memberships (user_id, team) VALUES (?, ?)').bind(user, team),
      ),
    ),
  );
}
