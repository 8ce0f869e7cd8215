// Derived auth analysis over the captured rows: the token ledger, the findings, and which
// requests each finding names. Computeds only; they re-run when rows or settings change, never
// on a filter keystroke. An imported incident bundle brings its own ledger and findings, since
// its tokens are redacted and could not be analysed again.

import { computed, type ReadonlySignal } from '@preact/signals';
import { buildLedger, computeFindings, orderEvents, type Expectations, type Finding, type IncidentBundle, type LedgerEntry, type SeenResponse, type VerifyResult } from '../../shared/auth/index.ts';
import { headerValues } from '../../shared/sync/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { CapturedRow } from './rows.ts';
import { createServerAuth, type AuthLogState } from '../admin/authLogAnalysis.ts';

export interface AnalysisInputs {
  rows: ReadonlySignal<CapturedRow[]>;
  /** The server's auth-decision log and declared expectations (admin API), when connected. */
  authLog?: AuthLogState;
  expect: ReadonlySignal<Expectations>;
  verifications: ReadonlySignal<ReadonlyMap<string, VerifyResult>>;
  nearExpiryMarginSec: ReadonlySignal<number>;
  imported: ReadonlySignal<IncidentBundle | null>;
}

export function createAnalysis(inp: AnalysisInputs) {
  const events = computed<SyncEvent[]>(() => inp.rows.value.flatMap((r) => (r.event ? [r.event] : [])));
  /** Non-sync responses (sign-in calls and the cookies they set) that the cookie causes read. */
  const seen = computed<SeenResponse[]>(() =>
    inp.rows.value.flatMap((r) =>
      r.event
        ? []
        : [{ url: r.url, startedAt: r.startedAt, status: r.status, setCookies: headerValues(r.entry.response.headers, 'set-cookie') }],
    ),
  );
  const ledger = computed<LedgerEntry[]>(() => inp.imported.value?.ledger ?? buildLedger(orderEvents(events.value)));
  const ledgerById = computed(() => new Map(ledger.value.map((e) => [e.requestId, e])));
  const server = createServerAuth(inp, events, ledger);
  const findings = computed<Finding[]>(() =>
    inp.imported.value?.findings ??
    computeFindings(events.value, {
      expect: inp.expect.value,
      verifications: inp.verifications.value,
      ...server.findingOptions.value,
      seen: seen.value,
      nearExpiryMarginSec: inp.nearExpiryMarginSec.value,
    }),
  );
  const findingsByRequest = computed(() => {
    const map = new Map<string, Finding[]>();
    for (const f of findings.value) for (const id of f.requestIds) map.set(id, [...(map.get(id) ?? []), f]);
    return map;
  });
  return { events, seen, ledger, ledgerById, findings, findingsByRequest, decisions: server.decisions };
}

export type Analysis = ReturnType<typeof createAnalysis>;
