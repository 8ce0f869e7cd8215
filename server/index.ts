// Public entry of the plasma admin API: a read-only `(Request) => Promise<Response>` an app mounts in
// its Worker next to the sync handler, plus the recorders the app calls from auth() and onError.
// Runs on workerd and Node; uses only web-standard APIs and jose. See README.md.

export { createAdminHandler, type AdminConfig } from './handler.ts';
export { MIN_HS256_SECRET_BYTES, type AdminAuthConfig, type AdminJwtConfig } from './auth.ts';
export type { D1Like, D1StmtLike, D1ResultLike } from './d1.ts';
export {
  DryRunWriteRefused,
  readOnlyD1,
  type DryRunHooks,
  type DryRunIdentity,
  type DryRunMutation,
  type DryRunOutcome,
  type DryRunReadResult,
  type DryRunWrite,
} from './dryRun.ts';
export type { AdminTables, ReadPredicate } from './routes/rows.ts';
export { ADMIN_API_VERSION } from './routes/info.ts';
export { createErrorTap, recordClientContext, ensureAdminTables, ERRORS_TABLE, CONTEXTS_TABLE } from './tap.ts';
export { createAuthTap, recordAuthCalls, tapAuth, type AuthTap, type AuthTapOptions } from './authTap.ts';
export { AUTH_LOG_TABLE, MAX_AUTH_DECISIONS, ensureAuthLogTable } from './authLogTable.ts';
export type { AuthDecision, AuthExpectations, AuthLogPage } from '../shared/admin/authLog.ts';
