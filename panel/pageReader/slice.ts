// The page reader's part of the panel store: what the last reads of the page's IndexedDB found,
// and what the plasma-devtools bridge said. Created with the store, written only by
// applyPageReaderMessage (apply.ts), read by ClientStoresView.

import { computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  dict,
  type BridgeEvent,
  type BridgeHello,
  type BridgeSnapshot,
  type DbChange,
  type DbData,
  type DbStatus,
} from '../../shared/pageReader/index.ts';
import { createHolding } from './holding.ts';

export const MAX_BRIDGE_EVENTS = 200;
/** The changes kept: a consumer that falls further behind starts again from `data`. */
export const MAX_CHANGES = 64;

export type ReadOverall =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'done'; at: number }
  | { kind: 'unsupported'; message: string }
  | { kind: 'error'; message: string };

export function createPageReaderSlice() {
  /** Names the page listed in the current read; non-plasma ones leave once the page says so. */
  const listed = signal<string[]>([]);
  // Prototype-free: a database named __proto__ stays a key.
  const data = signal<Record<string, DbData>>(dict());
  const status = signal<Record<string, DbStatus>>(dict());
  /** What each completed read changed, last MAX_CHANGES, `seq` +1 each (types.ts DbChange). */
  const changes = signal<readonly DbChange[]>([]);
  let seq = 0;
  const holding = createHolding();
  const overall = signal<ReadOverall>({ kind: 'idle' });
  const readId = signal(0);
  const lastReadAt = signal<number | null>(null);
  const rejected = signal(0);
  /** The plasma databases found: listed, and not reported as something else. */
  const databases = computed(() =>
    listed.value.filter((n) => status.value[n] !== undefined || data.value[n] !== undefined),
  );
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
    changes: changes as ReadonlySignal<readonly DbChange[]>,
    /** Records one change (apply.ts only). */
    record(c: Omit<DbChange, 'seq'>) {
      const prev = changes.peek();
      const next = prev.length >= MAX_CHANGES ? prev.slice(prev.length - MAX_CHANGES + 1) : prev.slice();
      next.push({ ...c, seq: ++seq });
      changes.value = next;
    },
    holding,
    /** The reducer's own time on incremental changes, without what reacts to them (benches). */
    applyStats: { changes: 0, ms: 0 },
    overall,
    readId,
    lastReadAt,
    rejected,
    bridge,
    dispose() {
      holding.dispose();
      data.value = dict();
      listed.value = [];
      bridge.events.value = [];
    },
  };
}

export type PageReaderSlice = ReturnType<typeof createPageReaderSlice>;
