// Starts the page reader when the panel page loads and runs it until dispose(): reads the page's
// IndexedDB now, after each refresh() (debounced: the integrator calls it after every captured
// push or pull, the bridge poller after the page's own sync events) and after navigations.

import type { CaptureMessage } from '../../shared/protocol.ts';
import { createBridgePoller } from './bridgePoller.ts';
import type { InspectedWindowLike } from './evalPage.ts';
import { createReader, type ReaderOptions } from './reader.ts';
import type { PageReaderSlice } from './slice.ts';

export interface PageReaderDeps extends Omit<ReaderOptions, 'inspectedWindow'> {
  inspectedWindow: InspectedWindowLike;
  /** chrome.devtools.network.onNavigated-like; navigation re-reads and reinstalls the bridge. */
  onNavigated?: { addListener(cb: (url: string) => void): void; removeListener(cb: (url: string) => void): void };
  debounceMs?: number;
  /** The longest a stream of refresh() calls can postpone a read. */
  maxWaitMs?: number;
  /** Reads a fresh document only after it had time to open its client. */
  navigationDelayMs?: number;
  bridgePollMs?: number;
  /** false: do not listen to the bridge (benches). */
  bridge?: boolean;
}

export function startPageReader(_slice: PageReaderSlice, dispatch: (m: CaptureMessage) => void, deps: PageReaderDeps) {
  const reader = createReader(dispatch, deps);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let disposed = false;

  const runNow = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = reader.readOnce().finally(() => {
      running = null;
      if (again && !disposed) {
        again = false;
        void runNow();
      }
    });
    return running;
  };
  // Debounced, with a ceiling: an app pulling every 250 ms must not postpone the read forever.
  let firstAsk: number | null = null;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    const now = Date.now();
    firstAsk ??= now;
    const wait = Math.max(0, Math.min(ms, firstAsk + (deps.maxWaitMs ?? 2000) - now));
    timer = setTimeout(() => {
      firstAsk = null;
      void runNow();
    }, wait);
  };
  const refresh = () => {
    if (!disposed) schedule(deps.debounceMs ?? 400);
  };
  const onNavigated = () => {
    reader.navigated();
    if (!disposed) schedule(deps.navigationDelayMs ?? 1000);
  };
  deps.onNavigated?.addListener(onNavigated);
  const bridge = deps.bridge === false ? null : createBridgePoller(dispatch, { inspectedWindow: deps.inspectedWindow, pollMs: deps.bridgePollMs, onSyncEvent: refresh });
  void runNow();

  return {
    refresh,
    /** Reads at once (the Refresh button; benches await it). */
    readNow: runNow,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      deps.onNavigated?.removeListener(onNavigated);
      bridge?.dispose();
      reader.dispose();
    },
  };
}

export type PageReaderHandle = ReturnType<typeof startPageReader>;
