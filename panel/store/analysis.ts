// Derived auth analysis over the captured rows: the token ledger, the findings, and which
// requests each finding names. Computeds only; they re-run when rows or settings change, never
// on a filter keystroke. An imported incident bundle brings its own ledger and findings, since
// its tokens are redacted and could not be analysed again.

import { computed, type ReadonlySignal } from '@preact/signals';
import { buildLedger, computeFindings, issuesToken, joinDecisions, joinRequestsOf, orderEvents, type AuthDecisionJoin, type Expectations, type Finding, type IncidentBundle, type LedgerEntry, type SeenResponse, type VerifyResult } from '../../shared/auth/index.ts';
import { headerValues } from '../../shared/sync/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { CapturedRow } from './rows.ts';
import type { AuthLogState } from '../admin/authLog.ts';

export interface AnalysisInputs {
  rows: ReadonlySignal<CapturedRow[]>;
  expect: ReadonlySignal<Expectations>;
  verifications: ReadonlySignal<ReadonlyMap<string, VerifyResult>>;
  nearExpiryMarginSec: ReadonlySignal<number>;
  imported: ReadonlySignal<IncidentBundle | null>;
  /** The server's auth-decision log and declared expectations (admin API), when connected. */
  authLog?: AuthLogState;
}

export function createAnalysis(inp: AnalysisInputs) {
  const events = computed<SyncEvent[]>(() => inp.rows.value.flatMap((r) => (r.event ? [r.event] : [])));
  /** Non-sync responses (sign-in calls and the cookies they set) that the cookie causes read. */
  // Rows never change once their body is in, so each body is read for a token once.
  const issued = new WeakMap<CapturedRow, boolean>();
  const issuedToken = (r: CapturedRow) => {
    let v = issued.get(r);
    if (v === undefined) issued.set(r, (v = r.status >= 200 && r.status < 300 && issuesToken(r.body)));
    return v;
  };
  const seen = computed<SeenResponse[]>(() =>
    inp.rows.value.flatMap((r) =>
      r.event
        ? []
        : [{ url: r.url, startedAt: r.startedAt, status: r.status, setCookies: headerValues(r.entry.response.headers, 'set-cookie'), issuedToken: issuedToken(r) }],
    ),
  );
  const ledger = computed<LedgerEntry[]>(() => inp.imported.value?.ledger ?? buildLedger(orderEvents(events.value)));
  const ledgerById = computed(() => new Map(ledger.value.map((e) => [e.requestId, e])));
  /** Each captured request's recorded server decision (shared/auth/join.ts). */
  const decisions = computed<AuthDecisionJoin>(() => {
    const log = inp.authLog?.log.value;
    if (inp.imported.value || !log || log.decisions.length === 0) return new Map();
    return joinDecisions(joinRequestsOf(events.value, ledger.value), log.decisions);
  });
  const findings = computed<Finding[]>(() =>
    inp.imported.value?.findings ??
    computeFindings(events.value, {
      server: { joined: decisions.value, tapInstalled: inp.authLog?.log.value.tapInstalled ?? null, expectations: inp.authLog?.expectations.value ?? null },
      expect: inp.expect.value,
      verifications: inp.verifications.value,
      seen: seen.value,
      nearExpiryMarginSec: inp.nearExpiryMarginSec.value,
    }),
  );
  const findingsByRequest = computed(() => {
    const map = new Map<string, Finding[]>();
    for (const f of findings.value) for (const id of f.requestIds) map.set(id, [...(map.get(id) ?? []), f]);
    return map;
  });
  return { events, seen, ledger, ledgerById, decisions, findings, findingsByRequest };
}

export type Analysis = ReturnType<typeof createAnalysis>;
