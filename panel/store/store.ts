// The panel's state: signals and computeds, created once per panel page and passed by context.
// Only applyMessage() writes to it. Buffers are bounded: the oldest rows go first.

import { computed, signal } from '@preact/signals';
import { matchesText, type CapturedRow } from './rows.ts';

export const DEFAULT_MAX_ROWS = 20_000;

export function createStore(opts: { maxRows?: number } = {}) {
  const rows = signal<CapturedRow[]>([]);
  const dropped = signal(0);
  const selectedId = signal<string | null>(null);
  const filterText = signal('');
  const preserveLog = signal(true);
  const showAll = signal(false);
  const theme = signal<'default' | 'dark'>('default');
  const backgroundConnected = signal(false);
  /** Fingerprints of rows seen, so getHAR() and onRequestFinished never list one request twice. */
  const seen = new Set<string>();
  let seq = 0;

  const plasmaRows = computed(() => rows.value.filter((r) => r.event !== null));
  const visibleRows = computed(() => {
    const base = showAll.value ? rows.value : plasmaRows.value;
    const text = filterText.value.trim();
    return text ? base.filter((r) => matchesText(r, text)) : base;
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
    seen,
    nextSeq: () => ++seq,
    plasmaRows,
    visibleRows,
    hiddenCount,
    selected,
    dispose() {
      seen.clear();
      rows.value = [];
    },
  };
}

export type Store = ReturnType<typeof createStore>;
