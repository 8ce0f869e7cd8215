// The auth log's D1 table: a ring of the newest decisions. D1, not isolate memory, because the admin
// request that reads the log usually lands on another isolate than the sync request that wrote it,
// and isolates are recycled at any time. Writers: the auth tap only. Reader: GET /auth-log.

import type { AuthDecision, CredentialKind, DecisionClaims, SyncKind } from '../shared/admin/authLog.ts';
import type { DecisionRecord } from './authDecision.ts';
import type { D1Like, D1StmtLike } from './d1.ts';

export const AUTH_LOG_TABLE = '_plasma_devtools_auth_log';
/** Default ring size: the newest this many decisions are kept. */
export const MAX_AUTH_DECISIONS = 5_000;

export const AUTH_LOG_DDL = `CREATE TABLE IF NOT EXISTS ${AUTH_LOG_TABLE} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  reason TEXT,
  client_group_id TEXT,
  client_id TEXT,
  credential TEXT NOT NULL,
  claims TEXT,
  token_hash TEXT
)`;

/** Runs statements as one D1 batch (one round trip, one transaction) when the binding has batch. */
export async function runAll(db: D1Like, stmts: D1StmtLike[]): Promise<void> {
  if (db.batch) await db.batch(stmts);
  else for (const s of stmts) await s.run();
}

/** The statements that append one decision and trim the ring to `max` entries. */
export function appendStatements(db: D1Like, d: DecisionRecord, max: number): D1StmtLike[] {
  return [
    db
      .prepare(
        `INSERT INTO ${AUTH_LOG_TABLE} (at, kind, path, status, ok, reason, client_group_id, client_id,
      credential, claims, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        d.at,
        d.kind,
        d.path,
        d.status,
        d.ok ? 1 : 0,
        d.reason,
        d.clientGroupID,
        d.clientID,
        d.credential,
        d.claims === null ? null : JSON.stringify(d.claims),
        d.tokenHash,
      ),
    // A range delete on the primary key: nothing to scan when the ring is not full.
    db.prepare(`DELETE FROM ${AUTH_LOG_TABLE} WHERE id <= (SELECT MAX(id) FROM ${AUTH_LOG_TABLE}) - ?`).bind(max),
  ];
}

export interface AuthLogRow {
  id: number;
  at: number;
  kind: string;
  path: string;
  status: number;
  ok: number;
  reason: string | null;
  client_group_id: string | null;
  client_id: string | null;
  credential: string;
  claims: string | null;
  token_hash: string | null;
}

const KINDS: readonly string[] = ['push', 'pull'];
const CREDENTIALS: readonly string[] = ['bearer', 'cookie', 'none', 'other'];

function parseClaims(text: string | null): DecisionClaims | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as DecisionClaims) : null;
  } catch {
    return null;
  }
}

/** A stored row as the contract's record; rows written by hand outside the tap are normalised. */
export function decisionOf(r: AuthLogRow): AuthDecision {
  return {
    id: r.id,
    at: r.at,
    kind: (KINDS.includes(r.kind) ? r.kind : 'pull') as SyncKind,
    path: r.path,
    status: r.status,
    ok: r.ok === 1,
    reason: r.reason,
    clientGroupID: r.client_group_id,
    clientID: r.client_id,
    credential: (CREDENTIALS.includes(r.credential) ? r.credential : 'other') as CredentialKind,
    claims: parseClaims(r.claims),
    tokenHash: r.token_hash,
  };
}

/**
 * Creates the table up front (in a migration or at start-up). Optional: the tap creates it on its
 * first request. Only apps that install the tap should call it, since its presence is what
 * GET /auth-log reports as `tapInstalled`.
 */
export async function ensureAuthLogTable(db: D1Like): Promise<void> {
  await db.prepare(AUTH_LOG_DDL).run();
}
