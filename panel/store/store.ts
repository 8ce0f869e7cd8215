// The panel's state: signals and computeds, created once per panel page and passed by context.
// Only applyMessage() writes to it. Buffers are bounded: the oldest rows go first.

import { batch, computed, signal } from '@preact/signals';
import type { Expectations, IncidentBundle, Verifier, VerifyResult } from '../../shared/auth/index.ts';
import { parseFilter } from '../../shared/filter/parseFilter.ts';
import { createAnalysis } from './analysis.ts';
import { createLaggedRows } from './lag.ts';
import { createAdminSlice } from '../admin/index.ts';
import { createPageReaderSlice } from '../pageReader/index.ts';
import type { View } from '../../shared/protocol.ts';
import { createVerdicts, mergeFindings, sameFindingsOr, type AnyFinding } from './verdicts.ts';
import { fingerprint, type CapturedRow } from './rows.ts';
import { createIngest, frameScheduler, type IngestScheduler } from './ingest.ts';
import { createRowFilter } from './rowFilter.ts';
import { createCoverage, type Coverage } from './coverage.ts';
import { createHealthSlice } from '../health/slice.ts';

export const DEFAULT_MAX_ROWS = 20_000;

export interface StoreOptions {
  maxRows?: number;
  /**
   * How long the analysis (ledger, findings, verdicts) may lag the captured rows. 0: at once (tests).
   * The panel uses a few hundred ms, so a burst of requests costs one analysis, not one per request.
   */
  analysisLagMs?: number;
  /**
   * When captured requests and bodies reach the rows: null at once (tests, the default where there
   * are no animation frames), otherwise batched by this scheduler (the panel: once per frame).
   */
  scheduleIngest?: IngestScheduler;
  /** Main-thread time one ingest flush may take (default 8 ms); the rest waits for the next. */
  ingestBudgetMs?: number;
}

export function createStore(opts: StoreOptions = {}) {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const rows = signal<CapturedRow[]>([]);
  const dropped = signal(0);
  const selectedId = signal<string | null>(null);
  const filterText = signal('');
  // Typing in the filter box postpones the next analysis pass (up to a bound), so a keystroke
  // never lands behind one.
  // Passes are spaced by their own cost, so a flood cannot keep the analysis running back to back.
  let analysisCost = () => 0;
  let syncFindings = () => {};
  let ingestDrained = (_quietMs: number) => false;
  const lagged = createLaggedRows(rows, opts.analysisLagMs ?? 0, {
    busy: filterText,
    lastCostMs: () => analysisCost(),
    onCopy: () => {
      syncFindings();
    },
    drained: (quietMs) => ingestDrained(quietMs),
  });
  const preserveLog = signal(true);
  const showAll = signal(false);
  const theme = signal<'default' | 'dark'>('default');
  // Auth settings live in memory only: a pasted secret or key never reaches storage.
  const expect = signal<Expectations>({});
  const verifier = signal<Verifier | null>(null);
  const verifications = signal<ReadonlyMap<string, VerifyResult>>(new Map());
  const verifyError = signal<string | null>(null);
  const nearExpiryMarginSec = signal(30);
  const selectedFindingId = signal<string | null>(null);
  const imported = signal<IncidentBundle | null>(null);
  const importError = signal<string | null>(null);
  /** Fingerprints of rows seen, so getHAR() and onRequestFinished never list one request twice. */
  const seen = new Set<string>();
  let seq = 0;
  const ingest = createIngest(
    {
      maxRows,
      rows: () => rows.peek(),
      commit(next, droppedMore, gone) {
        batch(() => {
          rows.value = next;
          if (droppedMore) dropped.value += droppedMore;
        });
        for (const entry of gone) seen.delete(fingerprint(entry));
      },
    },
    {
      schedule:
        opts.scheduleIngest !== undefined
          ? opts.scheduleIngest
          : typeof requestAnimationFrame === 'function'
            ? frameScheduler
            : null,
      budgetMs: opts.ingestBudgetMs,
    },
  );

  ingestDrained = (quietMs) => ingest.drained(quietMs);
  const admin = createAdminSlice();
  const pageReader = createPageReaderSlice();
  const view = signal<View>('requests');
  /** When this capture began: the panel opened, or the list was last cleared. */
  const captureSince = signal(Date.now());
  const analysis = createAnalysis({
    rows: lagged.rows,
    expect,
    verifications,
    nearExpiryMarginSec,
    imported,
    authLog: admin.authLog,
  });
  analysisCost = analysis.lastCostMs;
  syncFindings = analysis.syncNow;
  const plasmaRows = computed(() => rows.value.filter((r) => r.event !== null));
  const filter = computed(() => parseFilter(filterText.value));
  const verdicts = createVerdicts({ pageReader, admin, events: analysis.events, ledger: analysis.ledger });
  const health = createHealthSlice({ events: analysis.events, pageReader, admin, captureSince });
  // Read through its own computed: a verdict update that kept the findings list re-merges nothing.
  const verdictFindings = computed(() => verdicts.value.findings);
  let lastFindings: AnyFinding[] = [];
  /** One list: the auth, verdict and sync health findings, worst first; the same list while they are the same. */
  const findings = computed(
    () =>
      (lastFindings = sameFindingsOr(
        lastFindings,
        mergeFindings(analysis.findings.value, verdictFindings.value, health.findings.value),
      )),
  );
  const selectedFinding = computed(() => findings.value.find((f) => f.id === selectedFindingId.value) ?? null);
  const rowFilter = createRowFilter();
  const visibleRows = computed(() => {
    let base = showAll.value ? rows.value : plasmaRows.value;
    const only = selectedFinding.value ? new Set(selectedFinding.value.requestIds) : null;
    if (only) base = base.filter((r) => only.has(r.id));
    const f = filter.value;
    if (f.tokens.length === 0) return base;
    // Findings are read only by a has:finding token, so other filters never wait on the analysis.
    const byRequest = f.tokens.some((t) => t.key === 'has') ? analysis.findingsByRequest.value : null;
    return rowFilter.apply(base, f, byRequest);
  });
  /** What this capture could not see; an imported incident is judged as it was exported. */
  const coverageOf = createCoverage();
  const coverage = computed<Coverage>(() =>
    imported.value
      ? { since: captureSince.value, before: [] }
      : coverageOf(analysis.events.value, Object.values(pageReader.data.value), captureSince.value),
  );
  const hiddenCount = computed(() => rows.value.length - plasmaRows.value.length);
  const selected = computed(() => {
    const id = selectedId.value;
    const list = rows.value;
    if (id === null) return null; // the common case: no scan per captured request
    for (let i = list.length - 1; i >= 0; i--) {
      const row = list[i];
      if (row?.id === id) return row;
    }
    return null;
  });

  /** The list the filter box tests; a finding's requests are a new short list each time, not worth preparing ahead. */
  const filterBase = () => (selectedFinding.peek() ? null : showAll.peek() ? rows.peek() : plasmaRows.peek());

  return {
    maxRows,
    rows,
    ingest,
    dropped,
    selectedId,
    filterText,
    preserveLog,
    showAll,
    theme,
    expect,
    verifier,
    verifications,
    verifyError,
    nearExpiryMarginSec,
    selectedFindingId,
    selectedFinding,
    imported,
    importError,
    filter,
    analysis,
    admin,
    pageReader,
    view,
    verdicts,
    health,
    findings,
    captureSince,
    coverage,
    seen,
    nextSeq: () => ++seq,
    /** The sequence number the latest captured request was given. */
    lastSeq: () => seq,
    plasmaRows,
    visibleRows,
    hiddenCount,
    selected,
    /** Whether the rows the filter box tests are prepared for the next keystroke. */
    filterReady: () => rowFilter.ready(filterBase()),
    /** Prepares the rows the filter box tests, ahead of a keystroke, while `more()`; true when done. */
    warmFilter: (more: () => boolean) => rowFilter.prepare(filterBase(), more),
    /** Everything captured is listed: the rows will not change until something new arrives. */
    listed: () => ingest.drained(0),
    /** The listed rows are analysed and judged: nothing the traffic set off still runs. */
    analysed: () =>
      lagged.rows.peek() === rows.peek() && !analysis.pending.peek() && verdicts.client.pending.peek() === 0,
    dispose() {
      verdicts.dispose();
      ingest.clear();
      lagged.dispose();
      admin.dispose();
      pageReader.dispose();
      seen.clear();
      rows.value = [];
    },
  };
}

export type Store = ReturnType<typeof createStore>;
