// The page reader's part of the panel store: what the last reads of the page's IndexedDB found,
// and what the plasma-devtools bridge said. Created with the store, written only by
// applyPageReaderMessage (apply.ts), read by ClientStoresView.

import { computed, signal } from '@preact/signals';
import type { BridgeEvent, BridgeHello, BridgeSnapshot, DbData, DbStatus } from '../../shared/pageReader/index.ts';

export const MAX_BRIDGE_EVENTS = 200;

export type ReadOverall =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'done'; at: number }
  | { kind: 'unsupported'; message: string }
  | { kind: 'error'; message: string };

export function createPageReaderSlice() {
  /** Names the page listed in the current read; non-plasma ones leave once the page says so. */
  const listed = signal<string[]>([]);
  const data = signal<Record<string, DbData>>({});
  const status = signal<Record<string, DbStatus>>({});
  const overall = signal<ReadOverall>({ kind: 'idle' });
  const readId = signal(0);
  const lastReadAt = signal<number | null>(null);
  const rejected = signal(0);
  /** The plasma databases found: listed, and not reported as something else. */
  const databases = computed(() => listed.value.filter((n) => status.value[n] !== undefined || data.value[n] !== undefined));
  const bridge = {
    connected: signal(false),
    hello: signal<BridgeHello | null>(null),
    lastSnapshot: signal<BridgeSnapshot | null>(null),
    events: signal<BridgeEvent[]>([]),
    /** Messages the page's buffer dropped (over bound or full) or our guards refused. */
    dropped: signal(0),
    rejected: signal(0),
    versionMismatch: signal<number | null>(null),
  };
  return {
    listed,
    databases,
    data,
    status,
    overall,
    readId,
    lastReadAt,
    rejected,
    bridge,
    dispose() {
      data.value = {};
      listed.value = [];
      bridge.events.value = [];
    },
  };
}

export type PageReaderSlice = ReturnType<typeof createPageReaderSlice>;
