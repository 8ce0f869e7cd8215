// The demo app's schema and mutator registry. One module, run by both the reference server
// (canonically, inside a D1 transaction with auth.write enforced) and the browser client
// (optimistically, against the visible IndexedDB store). plasma-protocol.md §1 and §5.

import { text } from './text.ts';

export type Row = { id: string } & Record<string, unknown>;

/** The auth context the server's auth() builds from a verified token. */
export interface AuthCtx {
  userId: string;
  role: string;
  teams: string[];
}

export interface TableDef {
  /** Column name -> SQLite type. `id TEXT PRIMARY KEY` is implied. */
  columns: Record<string, 'TEXT' | 'INTEGER' | 'REAL'>;
  auth?: {
    read?: (ctx: AuthCtx, row: Row) => boolean;
    write?: (ctx: AuthCtx, row: Row) => boolean;
  };
}

/** What a mutator sees. The server's implementation checks auth.write; the client's does not. */
export interface MutatorTx {
  get(table: string, id: string): Promise<Row | undefined>;
  put(table: string, row: Row): Promise<void>;
  del(table: string, id: string): Promise<void>;
}

export type Mutator = (tx: MutatorTx, args: Record<string, unknown>) => Promise<void>;

export const SCHEMA_VERSION = '3';

export const tables: Record<string, TableDef> = {
  // A shared todo list: everyone reads every todo, only the owner writes.
  todos: {
    columns: { owner: 'TEXT', title: 'TEXT', done: 'INTEGER', updatedAt: 'INTEGER' },
    auth: {
      read: () => true,
      write: (ctx, row) => row.owner === ctx.userId,
    },
  },
  // A team board: members of the row's team read and write it.
  board_items: {
    columns: { team: 'TEXT', text: 'TEXT', author: 'TEXT', createdAt: 'INTEGER' },
    auth: {
      read: (ctx, row) => ctx.teams.includes(String(row.team)),
      write: (ctx, row) => ctx.teams.includes(String(row.team)),
    },
  },
};

/** Tables of the admin-only sync instance (`/api/admin-sync`): only tokens with role "admin". */
export const adminTables: Record<string, TableDef> = {
  audit_notes: { columns: { text: 'TEXT', author: 'TEXT', createdAt: 'INTEGER' } },
};

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new Error(`${name} must be a non-empty string`);
  return v;
}

export const mutators: Record<string, Mutator> = {
  async createTodo(tx, args) {
    await tx.put('todos', {
      id: str(args.id, 'id'),
      owner: str(args.owner, 'owner'),
      title: text(args.title),
      done: 0,
      updatedAt: Number(args.at ?? 0),
    });
  },
  async updateTodo(tx, args) {
    const id = str(args.id, 'id');
    const cur = await tx.get('todos', id);
    if (!cur) return;
    const next: Row = { ...cur };
    if (typeof args.title === 'string') next.title = args.title;
    if (typeof args.done === 'boolean') next.done = args.done ? 1 : 0;
    next.updatedAt = Number(args.at ?? cur.updatedAt ?? 0);
    await tx.put('todos', next);
  },
  async deleteTodo(tx, args) {
    await tx.del('todos', str(args.id, 'id'));
  },
  async addBoardItem(tx, args) {
    await tx.put('board_items', {
      id: str(args.id, 'id'),
      team: str(args.team, 'team'),
      text: text(args.text),
      author: str(args.author, 'author'),
      createdAt: Number(args.at ?? 0),
    });
  },
  async addAuditNote(tx, args) {
    await tx.put('audit_notes', {
      id: str(args.id, 'id'),
      text: text(args.text),
      author: str(args.author, 'author'),
      createdAt: Number(args.at ?? 0),
    });
  },
  /** Writes nothing, on purpose: a mutation with no change rows that is still applied. */
  async touch() {},
};

/** Demo users and their teams; the server reads memberships from D1, seeded from this. */
export const demoUsers: Record<string, { teams: string[]; role: string }> = {
  alice: { teams: ['blue'], role: 'member' },
  bob: { teams: ['red'], role: 'member' },
  carol: { teams: ['blue', 'red'], role: 'admin' },
};
