// Public surface of the auth analysis: token reading and verification, the per-request ledger,
// denial causes, detectors and findings, and redaction for exported incident bundles.

export type * from './types.ts';
export { analyseToken, emptyTokenInfo, type TokenFacts, type TokenTiming } from './analyseToken.ts';
export {
  createTokenVerifier,
  mapJoseError,
  verifyToken,
  type TokenVerifier,
  type VerifyOptions,
} from './verifyToken.ts';
export { verifyEvents } from './verifyEvents.ts';
export { buildLedger, endpointOf, ledgerEntryFor, orderEvents, responseDateOf, type LedgerOptions } from './ledger.ts';
export { authorizationOf, cookieNamesOf, credentialState } from './headers.ts';
export { collectSetCookies, type SeenCookie } from './cookieCause.ts';
export { isSessionCookieName, parseSetCookie, type SetCookie } from './setCookie.ts';
export { explainDenial, type DenialContext } from './explainDenial.ts';
export { computeFindings, type FindingOptions } from './findings.ts';
export { tokenHash } from './hash.ts';
export { redactEvent, secretsOf, OMITTED, type RedactOptions } from './redactEvent.ts';
export { isSafeHeader, headerRule } from './redact.ts';
export { formatDuration } from './format.ts';
export {
  INCIDENT_BUNDLE_FORMAT,
  INCIDENT_BUNDLE_VERSION,
  exportBundle,
  importBundle,
  isIncidentBundle,
  type BundleOptions,
  type HarBundle,
  type IncidentBundle,
} from './bundle.ts';
export { joinDecisions, joinRequestsOf, type AuthDecisionJoin, type JoinOptions, type JoinRequest } from './join.ts';
export { mergeExpectations, withServerDecision, type ServerAuth } from './serverCause.ts';
export { issuesToken, requirementOf, signInUrlOf, type Requirement } from './requirement.ts';
export { tokenResponseSignal, type TokenSignal } from './detectors.ts';
