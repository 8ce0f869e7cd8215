// The slice of Cloudflare D1's binding API the admin handler uses. Declared structurally (no
// @cloudflare/workers-types here) so `env.DB` in workerd and Miniflare's `mf.getD1Database()` both fit.

export interface D1ResultLike<T> {
  results: T[];
}

export interface D1StmtLike {
  bind(...values: unknown[]): D1StmtLike;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1ResultLike<T>>;
  run(): Promise<unknown>;
}

export interface D1Like {
  prepare(sql: string): D1StmtLike;
  /** D1 runs a batch as one transaction; optional so a plain SQLite adapter also fits. */
  batch?(statements: D1StmtLike[]): Promise<unknown[]>;
}

/** SQLite's "no such table" error, which D1 wraps in its own message. */
export function isMissingTable(err: unknown): boolean {
  return err instanceof Error && /no such table/i.test(err.message);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quotes a table name for SQL. Callers have already checked the name against the app's config;
 * this second gate keeps a strange config key from ever reaching SQL unquoted.
 */
export function quoteIdent(name: string): string | null {
  return IDENT.test(name) ? `"${name}"` : null;
}
