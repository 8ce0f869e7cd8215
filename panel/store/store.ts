// The panel's state: signals and computeds, created once per panel page and passed by context.
// Only applyMessage() writes to it. Buffers are bounded: the oldest rows go first.

import { computed, signal } from '@preact/signals';
import type { Expectations, IncidentBundle, Verifier, VerifyResult } from '../../shared/auth/index.ts';
import { matchesFilter, parseFilter } from '../../shared/filter/parseFilter.ts';
import { createAnalysis } from './analysis.ts';
import { createLaggedRows } from './lag.ts';
import { createAdminSlice } from '../admin/index.ts';
import { createPageReaderSlice } from '../pageReader/index.ts';
import { createVerdicts, mergeFindings, type View } from './verdicts.ts';
import { filterRowOf, type CapturedRow } from './rows.ts';

export const DEFAULT_MAX_ROWS = 20_000;

export interface StoreOptions {
  maxRows?: number;
  /**
   * How long the analysis (ledger, findings, verdicts) may lag the captured rows. 0: at once (tests).
   * The panel uses a few hundred ms, so a burst of requests costs one analysis, not one per request.
   */
  analysisLagMs?: number;
}

export function createStore(opts: StoreOptions = {}) {
  const rows = signal<CapturedRow[]>([]);
  const lagged = createLaggedRows(rows, opts.analysisLagMs ?? 0);
  const dropped = signal(0);
  const selectedId = signal<string | null>(null);
  const filterText = signal('');
  const preserveLog = signal(true);
  const showAll = signal(false);
  const theme = signal<'default' | 'dark'>('default');
  const backgroundConnected = signal(false);
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

  const admin = createAdminSlice();
  const pageReader = createPageReaderSlice();
  const view = signal<View>('requests');
  const analysis = createAnalysis({ rows: lagged.rows, expect, verifications, nearExpiryMarginSec, imported, authLog: admin.authLog });
  const plasmaRows = computed(() => rows.value.filter((r) => r.event !== null));
  const filter = computed(() => parseFilter(filterText.value));
  const verdicts = createVerdicts({ pageReader, admin, events: analysis.events });
  /** One list: the auth findings and the verdict findings, worst first. */
  const findings = computed(() => mergeFindings(analysis.findings.value, verdicts.value.findings));
  const selectedFinding = computed(() => findings.value.find((f) => f.id === selectedFindingId.value) ?? null);
  const visibleRows = computed(() => {
    let base = showAll.value ? rows.value : plasmaRows.value;
    const only = selectedFinding.value ? new Set(selectedFinding.value.requestIds) : null;
    if (only) base = base.filter((r) => only.has(r.id));
    const f = filter.value;
    if (f.tokens.length === 0) return base;
    const byRequest = analysis.findingsByRequest.value;
    return base.filter((r) => matchesFilter(filterRowOf(r, byRequest.has(r.id)), f));
  });
  const hiddenCount = computed(() => rows.value.length - plasmaRows.value.length);
  const selected = computed(() => rows.value.find((r) => r.id === selectedId.value) ?? null);

  return {
    maxRows: opts.maxRows ?? DEFAULT_MAX_ROWS,
    rows,
    dropped,
    selectedId,
    filterText,
    preserveLog,
    showAll,
    theme,
    backgroundConnected,
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
    findings,
    seen,
    nextSeq: () => ++seq,
    plasmaRows,
    visibleRows,
    hiddenCount,
    selected,
    dispose() {
      lagged.dispose();
      admin.dispose();
      pageReader.dispose();
      seen.clear();
      rows.value = [];
    },
  };
}

export type Store = ReturnType<typeof createStore>;
