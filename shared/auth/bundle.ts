// The exportable incident bundle: redacted events, the token ledger (claims and hashes, never a
// token) and the findings. Built when the user exports; checked by isIncidentBundle on import.

import type { SyncEvent } from '../sync/types.ts';
import { computeFindings } from './findings.ts';
import { buildLedger, orderEvents } from './ledger.ts';
import { redactEvent, secretsOf } from './redact.ts';
import { createScrub, deepScrub } from './scrub.ts';
import type { Finding, LedgerEntry } from './types.ts';

export const INCIDENT_BUNDLE_FORMAT = 'plasma-devtools-incident';
export const INCIDENT_BUNDLE_VERSION = 1;

export interface IncidentBundle {
  format: typeof INCIDENT_BUNDLE_FORMAT;
  version: typeof INCIDENT_BUNDLE_VERSION;
  /** unix ms */
  createdAt: number;
  events: SyncEvent[];
  ledger: LedgerEntry[];
  findings: Finding[];
}

export interface BundleOptions {
  ledger?: readonly LedgerEntry[];
  findings?: readonly Finding[];
  createdAt?: number;
  /**
   * Credentials the panel holds that must never leave it even by accident (the admin API token,
   * a pasted HS256 secret): removed from every string in the bundle.
   */
  secrets?: readonly string[];
}

export function redactBundle(events: readonly SyncEvent[], opts: BundleOptions = {}): IncidentBundle {
  const ordered = orderEvents(events);
  const ledger = opts.ledger ? [...opts.ledger] : buildLedger(ordered);
  const findings = opts.findings ? [...opts.findings] : computeFindings(ordered);
  const extra = opts.secrets ?? [];
  const byId = new Map(ledger.map((e) => [e.requestId, e]));
  // One scrubber over every event's secrets: a token from one request may sit in another's body.
  const all = [...extra, ...ordered.flatMap(secretsOf)];
  const scrub = createScrub(all);
  return {
    format: INCIDENT_BUNDLE_FORMAT,
    version: INCIDENT_BUNDLE_VERSION,
    createdAt: opts.createdAt ?? Date.now(),
    events: ordered.map((e) => redactEvent(e, byId.get(String(e.id)), all)),
    ledger: deepScrub(ledger, scrub),
    findings: deepScrub(findings, scrub),
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isHeaderList(v: unknown): boolean {
  return Array.isArray(v) && v.every((h) => isObj(h) && isStr(h.name) && isStr(h.value));
}

function isBundleEvent(v: unknown): boolean {
  return isObj(v) && isStr(v.id) && (v.kind === 'push' || v.kind === 'pull') && isStr(v.url) && isNum(v.status)
    && isNum(v.startedAt) && isHeaderList(v.requestHeaders) && isHeaderList(v.responseHeaders)
    && isObj(v.credential) && v.credential.token === undefined && isObj(v.request) && isObj(v.response) && isObj(v.errorBody);
}

function isBundleLedgerEntry(v: unknown): boolean {
  return isObj(v) && isStr(v.requestId) && isStr(v.endpoint) && isObj(v.token) && (v.token.hash === null || isStr(v.token.hash));
}

function isBundleFinding(v: unknown): boolean {
  return isObj(v) && isStr(v.id) && isStr(v.code) && (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info')
    && isStr(v.title) && isStr(v.cause) && isStr(v.fix) && Array.isArray(v.requestIds) && v.requestIds.every(isStr)
    && (v.link === undefined || isStr(v.link));
}

/** Import guard: the shape, the version, and no event still carrying a raw token. */
export function isIncidentBundle(value: unknown): value is IncidentBundle {
  return isObj(value) && value.format === INCIDENT_BUNDLE_FORMAT && value.version === INCIDENT_BUNDLE_VERSION
    && isNum(value.createdAt)
    && Array.isArray(value.events) && value.events.every(isBundleEvent)
    && Array.isArray(value.ledger) && value.ledger.every(isBundleLedgerEntry)
    && Array.isArray(value.findings) && value.findings.every(isBundleFinding);
}
