// Starts the page reader when the panel page loads and runs it until dispose(). It decides which
// read comes next (READING.md, "When the panel reads what"): a full pass on first open, on Refresh
// and after navigations; after captured pushes and pulls (refresh(hint), debounced) an incremental
// read of the rows they name; a full pass when a cheap check disagrees, rate-limited and paced.

import type { CaptureMessage } from '../../shared/protocol.ts';
import { createBridgePoller } from './bridgePoller.ts';
import type { InspectedWindowLike } from './evalPage.ts';
import { emptyHint, hintSize, idsOfArgs, mergeHint, MAX_HINT_KEYS, type RefreshHint } from './hints.ts';
import { cookieText, createReader, type ReaderOptions, type ReadPlan } from './reader.ts';
import type { PageReaderSlice } from './slice.ts';
import type { DbData } from '../../shared/pageReader/types.ts';

/**
 * A count walks its store inside a transaction, and the app's writes to that store wait: about
 * 0.7-0.9 us a row here (70-95 ms at 100,000 rows). Stores the panel holds more rows of than this
 * are not counted by incremental reads, so that transaction stays near the 8 ms budget; their
 * changes are followed by the hints and the cookie check (READING.md, "Cheap checks").
 */
export const COUNT_MAX_ROWS = 10_000;

/** The stores of each held database whose count would walk more than `max` rows. */
export function tooBigToCount(held: Record<string, DbData>, max: number): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const [name, d] of Object.entries(held)) {
    const stores: string[] = [];
    for (const [t, rows] of Object.entries(d.base)) if (rows.length > max) stores.push(`_plasma_base_${t}`);
    for (const [t, rows] of Object.entries(d.visible)) if (rows.length > max) stores.push(t);
    if (stores.length > 0) out.push([name, stores]);
  }
  return out;
}

export interface PageReaderDeps extends Omit<ReaderOptions, 'inspectedWindow' | 'held'> {
  inspectedWindow: InspectedWindowLike;
  /** chrome.devtools.network.onNavigated-like; navigation re-reads and reinstalls the bridge. */
  onNavigated?: { addListener(cb: (url: string) => void): void; removeListener(cb: (url: string) => void): void };
  debounceMs?: number;
  /** The longest a stream of refresh() calls can postpone a read. */
  maxWaitMs?: number;
  /** Reads a fresh document only after it had time to open its client. */
  navigationDelayMs?: number;
  /** Automatic full passes (a cheap check failed) at most this often. */
  autoFullGapMs?: number;
  /** Incremental reads count the big stores at most this often (the cheap count check). */
  countEveryMs?: number;
  /** ...and the visible stores (the ones the app writes) at most this often. */
  countVisibleEveryMs?: number;
  /** Stores holding more rows than this are not counted by incremental reads (COUNT_MAX_ROWS). */
  countMaxRows?: number;
  /** Pause between the page transactions of an automatic full pass (low priority). */
  autoFullPaceMs?: number;
  bridgePollMs?: number;
  /** false: do not listen to the bridge (benches). */
  bridge?: boolean;
}

export function startPageReader(slice: PageReaderSlice, dispatch: (m: CaptureMessage) => void, deps: PageReaderDeps) {
  const reader = createReader(dispatch, {
    ...deps,
    held: () => slice.data.peek(),
    rider: () => bridge?.rider() ?? null,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let disposed = false;
  const gone = () => disposed;
  /** Keys asked for since the last incremental read began. */
  let pending: RefreshHint | null = null;
  let full: 'user' | 'auto' | null = 'user';
  let lastAutoFull = -Infinity;
  let retries = 0;
  let fullReason = '';
  let lastCounted = -Infinity;
  let lastCountedVisible = -Infinity;
  const waiters: (() => void)[] = [];
  const now = deps.now ?? Date.now;

  function nextPlan(): ReadPlan | 'later' | null {
    const held = slice.data.peek();
    const dbs = Object.keys(held);
    if (pending && hintSize(pending) > MAX_HINT_KEYS) {
      pending = null;
      full ??= 'auto';
      fullReason = `over ${MAX_HINT_KEYS} keys to read`;
    }
    if (full === 'user') {
      full = null;
      return { kind: 'full' };
    }
    if (pending && dbs.length > 0) {
      const hint = pending;
      pending = null;
      // Rows the held outbox names: a dropped entry reverts its optimistic row.
      for (const d of Object.values(held)) for (const m of d.outbox) idsOfArgs(m.args, hint.any);
      const heldCookies = new Map(Object.entries(held).map(([n, d]) => [n, cookieText(d.meta.cookie)]));
      // Counting a 100k-row store costs the page a few ms inside the transaction: the counts
      // check runs at most every countEveryMs.
      const countStores = now() - lastCounted >= (deps.countEveryMs ?? 5000);
      if (countStores) lastCounted = now();
      // The visible stores are the ones the app writes: a count there holds its writes back for
      // as long as it takes (tens of ms at 100k rows), so they are counted less often.
      const countVisible = countStores && now() - lastCountedVisible >= (deps.countVisibleEveryMs ?? 30_000);
      if (countVisible) lastCountedVisible = now();
      const noCount = countStores ? tooBigToCount(held, deps.countMaxRows ?? COUNT_MAX_ROWS) : [];
      return { kind: 'keys', hint, dbs, heldCookies, countStores, countVisible, noCount };
    }
    if (pending) {
      pending = null;
      full ??= 'auto';
    }
    if (full === 'auto') {
      if (now() - lastAutoFull < (deps.autoFullGapMs ?? 10_000)) return 'later';
      full = null;
      lastAutoFull = now();
      return { kind: 'full', gapMs: deps.autoFullPaceMs ?? 4 };
    }
    return null;
  }

  async function pump(): Promise<void> {
    if (running || gone()) return;
    const plan = nextPlan();
    if (plan === 'later') {
      schedule((deps.autoFullGapMs ?? 10_000) - (now() - lastAutoFull));
      return;
    }
    if (plan === null) return;
    running = true;
    // Refresh presses made during this read wait for the next one.
    const mine = plan.kind === 'full' && plan.gapMs === undefined ? waiters.splice(0) : [];
    try {
      const out = await reader.readOnce(plan);
      if (out.needFull) full ??= 'auto';
      // The pulls were not applied when their rows were read: read the same keys again (three
      // times at most, then a full pass).
      if (out.retryKeys && plan.kind === 'keys' && ++retries <= 3)
        pending = mergeHint(pending ?? emptyHint(), plan.hint);
      else if (out.retryKeys && plan.kind === 'keys') {
        full ??= 'auto';
        fullReason = `incremental reads kept needing another look (${out.retryReason ?? 'unknown'})`;
      }
      // Writes moved the page during the read: another look at what the outbox names (the
      // app's own writes) in one transaction; a pull that landed mid-read names its own rows
      // when its capture arrives. Re-reading every key again would only grow the next read.
      else if (out.retry) pending ??= emptyHint();
      if (!out.retryKeys) retries = 0;
    } finally {
      running = false;
      for (const r of mine) r();
    }
    if (!gone() && (pending || full)) schedule(pending ? (deps.debounceMs ?? 400) : 0);
  }

  // Debounced, with a ceiling: an app pulling every 250 ms must not postpone the read forever.
  let firstAsk: number | null = null;
  function schedule(ms: number) {
    clearTimeout(timer);
    const t = now();
    firstAsk ??= t;
    const wait = Math.max(0, Math.min(ms, firstAsk + (deps.maxWaitMs ?? 2000) - t));
    timer = setTimeout(() => {
      firstAsk = null;
      void pump();
    }, wait);
  }
  /** After captured sync traffic (with what it names) or a bridge sync event (without). */
  const refresh = (hint?: RefreshHint) => {
    if (gone()) return;
    pending = mergeHint(pending ?? emptyHint(), hint ?? emptyHint());
    if (!running) schedule(deps.debounceMs ?? 400);
  };
  const onNavigated = () => {
    reader.navigated();
    full = 'user';
    pending = null;
    if (!gone()) schedule(deps.navigationDelayMs ?? 1000);
  };
  deps.onNavigated?.addListener(onNavigated);
  const bridge =
    deps.bridge === false
      ? null
      : createBridgePoller(dispatch, {
          inspectedWindow: deps.inspectedWindow,
          pollMs: deps.bridgePollMs,
          onSyncEvent: () => refresh(),
        });
  void pump();

  return {
    refresh,
    /** Reads done and the panel's time spent on their answers, full and incremental (benches). */
    stats: () => {
      const s = reader.stats();
      return fullReason && !s.lastFullReason ? { ...s, lastFullReason: fullReason } : s;
    },
    /** A full pass at once (the Refresh button; benches await it). */
    readNow(): Promise<void> {
      full = 'user';
      clearTimeout(timer);
      const done = new Promise<void>((r) => waiters.push(r));
      void pump();
      return done;
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      deps.onNavigated?.removeListener(onNavigated);
      bridge?.dispose();
      reader.dispose();
      for (const r of waiters) r();
    },
  };
}

export type PageReaderHandle = ReturnType<typeof startPageReader>;
