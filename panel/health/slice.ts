// The sync health part of the panel store: the per-client health bar and the stuck-queue and
// starving findings, derived by shared/health from what the store already holds (captured events,
// the page reader's databases and bridge snapshot, the admin slice). `now` ticks from main.tsx, so
// ages move without new traffic; the clock-free facts are computed only when their inputs change.

import { computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  DEFAULT_HEALTH_OPTIONS,
  createClientsCollector,
  baseKeysOf,
  healthOf,
  starving,
  stuckQueue,
  type HealthFinding,
  type ServerFacts,
} from '../../shared/health/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { PageReaderSlice } from '../pageReader/index.ts';
import type { AdminSlice } from '../admin/slice.ts';
import type { BridgeCommand } from '../pageReader/commands.ts';

export interface CommandState {
  id: string;
  command: BridgeCommand;
  state: 'sent' | 'ok' | 'failed';
  error: string | null;
  at: number;
}

export interface HealthInputs {
  events: ReadonlySignal<readonly SyncEvent[]>;
  pageReader: PageReaderSlice;
  admin: AdminSlice;
  captureSince: ReadonlySignal<number>;
}

export function createHealthSlice(inp: HealthInputs) {
  const now = signal(Date.now());
  const stuckAfterMs = signal(DEFAULT_HEALTH_OPTIONS.stuckAfterMs);
  /** What the page's bridge says of its sync loop: null when it does not offer pause/resume. */
  const paused = signal<boolean | null>(null);
  /** The last command sent from the controls, and what the page answered. */
  const lastCommand = signal<CommandState | null>(null);

  const baseKeyCache = new WeakMap<object, ReadonlySet<string>>();
  const baseKeys = (db: Parameters<typeof baseKeysOf>[0]) => {
    let keys = baseKeyCache.get(db);
    if (!keys) baseKeyCache.set(db, (keys = baseKeysOf(db)));
    return keys;
  };
  // Folds each captured request once: a new pull costs what it added, not a walk of the session.
  const collectClients = createClientsCollector();
  const facts = computed(() =>
    collectClients({
      baseKeys,
      events: inp.events.value,
      databases: Object.values(inp.pageReader.data.value),
      snapshot: inp.pageReader.bridge.lastSnapshot.value,
    }),
  );
  const server = computed<ServerFacts>(() => ({
    maxRowVersion: inp.admin.maxRowVersion.value,
    changes: inp.admin.changes.value,
    knownFromRowVersion: inp.admin.knownFromRowVersion.value,
    readableRows: inp.admin.server.value.rows ?? [],
  }));
  const clients = computed(() => healthOf(facts.value, server.value, now.value));
  // The clock ticks every second; the findings list (and the request filter a selected finding
  // drives) should change only when a finding does, so an equal answer keeps the previous array.
  let previous: HealthFinding[] = [];
  let previousText = '[]';
  // Starving needs no clock: it is judged when the facts or the server change, not on every tick.
  const starvingFindings = computed(() =>
    facts.value.flatMap((f) => starving(f, server.value, DEFAULT_HEALTH_OPTIONS) ?? []),
  );
  const findings = computed<HealthFinding[]>(() => {
    const o = {
      ...DEFAULT_HEALTH_OPTIONS,
      stuckAfterMs: stuckAfterMs.value,
      captureSince: inp.captureSince.value,
      paused: paused.value === true,
    };
    const next = [...clients.value.flatMap((c) => stuckQueue(c, now.value, o) ?? []), ...starvingFindings.value];
    const text = JSON.stringify(next);
    if (text !== previousText) [previous, previousText] = [next, text];
    return previous;
  });
  return { now, stuckAfterMs, paused, lastCommand, clients, findings };
}

export type HealthSlice = ReturnType<typeof createHealthSlice>;
