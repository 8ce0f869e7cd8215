// Derived auth analysis over the captured rows: the token ledger, the findings, and which
// requests each finding names. Computeds only; they re-run when rows or settings change, never
// on a filter keystroke. An imported incident bundle brings its own ledger and findings, since
// its tokens are redacted and could not be analysed again.

import { computed, effect, type ReadonlySignal } from '@preact/signals';
import {
  type Expectations,
  type Finding,
  type IncidentBundle,
  type LedgerEntry,
  type SeenResponse,
  type VerifyResult,
} from '../../shared/auth/index.ts';
import { headerValues } from '../../shared/sync/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { CapturedRow } from './rows.ts';
import { createLedgerCache } from './ledgerCache.ts';
import { createServerAuth, type AuthLogState } from '../admin/authLogAnalysis.ts';
import { createAnalysisClient, startAnalysisWorker } from './analysisClient.ts';
import type { HostFindingOptions } from './findingsHost.ts';

export interface AnalysisInputs {
  rows: ReadonlySignal<CapturedRow[]>;
  /** The server's auth-decision log and declared expectations (admin API), when connected. */
  authLog?: AuthLogState;
  expect: ReadonlySignal<Expectations>;
  verifications: ReadonlySignal<ReadonlyMap<string, VerifyResult>>;
  nearExpiryMarginSec: ReadonlySignal<number>;
  imported: ReadonlySignal<IncidentBundle | null>;
  /** The findings' worker; default: one started here (none in node, where they are computed in-process). */
  worker?: Worker | null;
}

export function createAnalysis(inp: AnalysisInputs) {
  /** How long the last ledger + findings pass took, for the lag that spaces the passes. */
  let lastCostMs = 0;
  const events = computed<SyncEvent[]>(() => {
    const out: SyncEvent[] = [];
    for (const r of inp.rows.value) if (r.event) out.push(r.event); // no array per row, as flatMap would make
    return out;
  });
  /** Non-sync responses (sign-in calls and the cookies they set) that the cookie causes read; one read per row. */
  const seenOf = new WeakMap<CapturedRow, { id: string; seen: SeenResponse }>();
  const seenWithIds = computed(() => {
    const out: { id: string; seen: SeenResponse }[] = [];
    for (const r of inp.rows.value) {
      if (r.event) continue;
      // The same object per row across passes, so the findings worker is sent each one once.
      let s = seenOf.get(r);
      if (!s) {
        s = {
          id: r.id,
          seen: {
            url: r.url,
            startedAt: r.startedAt,
            status: r.status,
            setCookies: headerValues(r.entry.response.headers, 'set-cookie'),
          },
        };
        seenOf.set(r, s);
      }
      out.push(s);
    }
    return out;
  });
  const seen = computed<SeenResponse[]>(() => seenWithIds.value.map((x) => x.seen));
  const cache = createLedgerCache();
  /** Built from the events alone (never from settings), so it is shared with the findings below. */
  const liveLedger = computed<LedgerEntry[]>(() => cache.build(events.value));
  const ledger = computed<LedgerEntry[]>(() => inp.imported.value?.ledger ?? liveLedger.value);
  const ledgerById = computed(() => new Map(ledger.value.map((e) => [e.requestId, e])));
  const server = createServerAuth(inp, events, ledger);
  // The findings are computed off the main thread (analysisClient.ts): the panel posts only the
  // events and responses that changed, and gets back only the findings that changed.
  const client = createAnalysisClient({ worker: inp.worker === undefined ? startAnalysisWorker() : inp.worker });
  const options = computed<HostFindingOptions>(() => ({
    expect: inp.expect.value,
    verifications: inp.verifications.value,
    ...server.findingOptions.value,
    nearExpiryMarginSec: inp.nearExpiryMarginSec.value,
  }));
  /** Hands the current events, responses and options to the findings client (only what changed is posted). */
  const syncNow = () => {
    if (inp.imported.value) return;
    const t0 = performance.now();
    if (client.sync({ events: events.value, seen: seenWithIds.value, options: options.value }))
      lastCostMs = performance.now() - t0;
  };
  const stopSync = effect(syncNow);
  const findings = computed<readonly Finding[]>(() => inp.imported.value?.findings ?? client.findings.value);
  const findingsByRequest = computed<ReadonlyMap<string, readonly Finding[]>>(() => {
    const map = new Map<string, Finding[]>();
    for (const f of findings.value) {
      for (const id of f.requestIds) {
        const list = map.get(id);
        if (list) list.push(f);
        else map.set(id, [f]);
      }
    }
    return map;
  });
  return {
    events,
    seen,
    ledger,
    ledgerById,
    findings,
    findingsByRequest,
    lastCostMs: () => lastCostMs,
    /**
     * The effect's work, run now: called with a new copy of the rows before the effects that depend on
     * it (the ledger, the verdicts' deltas), so the worker's pass overlaps them.
     */
    syncNow,
    decisions: server.decisions,
    /** True while the findings do not yet reflect the latest rows. */
    pending: client.pending,
    engine: client,
    dispose() {
      stopSync();
      client.dispose();
    },
  };
}

export type Analysis = ReturnType<typeof createAnalysis>;
