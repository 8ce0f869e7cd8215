// The verdicts: the page's IndexedDB (page reader), the captured sync traffic and the server's
// change log (admin API) side by side, judged by shared/verdict's incremental engine. An effect
// turns each change of those signals into a delta (verdictDelta.ts) and posts it to the engine, which
// runs in a Web Worker (verdictClient.ts); the verdicts signal holds what it answered, merged. The
// main thread never judges, and never posts a whole store after the first read.

import { computed, effect, type ReadonlySignal } from '@preact/signals';
import type { Finding, LedgerEntry } from '../../shared/auth/index.ts';
import type { BridgeEvent, BridgeHello, BridgeSnapshot, DbChange, DbData } from '../../shared/pageReader/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type {
  BridgeMutateEvent,
  ServerState,
  VerdictFinding,
  VerdictFindingOptions,
  Verdicts,
} from '../../shared/verdict/index.ts';
import type { HealthFinding } from '../../shared/health/types.ts';
import { isRecord } from '../../shared/guards.ts';
import { createDeltaTracker } from './verdictDelta.ts';
import { createVerdictClient, startVerdictWorker, type VerdictClient } from './verdictClient.ts';
import {
  createEventIndex,
  createUserIndex,
  databaseFrom,
  groupFrom,
  tabClientIDsFrom,
  userFrom,
} from './eventIndex.ts';

export type AnyFinding = Finding | VerdictFinding | HealthFinding;

/** The plasma database the captured traffic talks about; the first one read otherwise. */
export function pickDatabase(data: Record<string, DbData>, events: readonly SyncEvent[]): DbData | null {
  const dbs = Object.values(data);
  for (let i = events.length - 1; i >= 0; i--) {
    const req = events[i]?.request;
    const group = req?.state === 'ok' ? req.value.clientGroupID : null;
    const match = group ? dbs.find((d) => d.meta.clientGroupID === group) : undefined;
    if (match) return match;
  }
  return dbs[0] ?? null;
}

/** The client group the latest captured request names (judging without a database). */
export function capturedGroup(events: readonly SyncEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const req = events[i]?.request;
    if (req?.state === 'ok' && req.value.clientGroupID) return req.value.clientGroupID;
  }
  return null;
}

export function bridgeMutations(
  events: readonly { kind: string; at: number | null; detail: string }[],
): BridgeMutateEvent[] {
  const out: BridgeMutateEvent[] = [];
  for (const e of events) {
    if (e.kind !== 'mutate') continue;
    try {
      const d: unknown = JSON.parse(e.detail);
      if (!isRecord(d)) continue;
      const { name, mutationID, clientID } = d;
      if (typeof name === 'string' && typeof mutationID === 'number' && typeof clientID === 'string') {
        out.push({ kind: 'mutate', at: e.at ?? 0, name, mutationID, clientID });
      }
    } catch {
      // A detail that is not JSON carries nothing the verdicts can use.
    }
  }
  return out;
}

/**
 * This tab's clientIDs: every captured request is this tab's (DevTools sees only its own tab), and
 * the page's bridge names its own. Other clientIDs of the group are other tabs, known from the server.
 */
export function tabClientIDsOf(
  events: readonly SyncEvent[],
  hello: BridgeHello | null,
  snapshot: BridgeSnapshot | null,
): string[] {
  const ids = new Set<string>();
  for (const ev of events)
    if (ev.request.state === 'ok' && ev.request.value.clientID) ids.add(ev.request.value.clientID);
  if (hello?.clientID) ids.add(hello.clientID);
  if (snapshot?.clientID) ids.add(snapshot.clientID);
  return [...ids].sort();
}

/** Who this tab acts as: the sub of the latest token its sync requests carried. */
export function userOf(ledger: readonly LedgerEntry[], group: string | null): string | undefined {
  for (let i = ledger.length - 1; i >= 0; i--) {
    const e = ledger[i];
    if (e?.token.sub && (group === null || e.clientGroupID === null || e.clientGroupID === group)) return e.token.sub;
  }
  return undefined;
}

export interface VerdictInputs {
  pageReader: {
    data: ReadonlySignal<Record<string, DbData>>;
    /** The reader's record of what each completed read changed (shared/pageReader DbChange). */
    changes?: ReadonlySignal<readonly DbChange[]>;
    bridge: {
      events: ReadonlySignal<BridgeEvent[]>;
      hello: ReadonlySignal<BridgeHello | null>;
      lastSnapshot: ReadonlySignal<BridgeSnapshot | null>;
    };
  };
  admin: { server: ReadonlySignal<ServerState> };
  events: ReadonlySignal<SyncEvent[]>;
  ledger?: ReadonlySignal<LedgerEntry[]>;
  /** The engine's worker; default: one started here (none in node, where it runs in-process). */
  worker?: Worker | null;
}

export type VerdictsSignal = ReadonlySignal<Verdicts> & {
  client: VerdictClient;
  tabClientIDs: ReadonlySignal<string[]>;
  user: ReadonlySignal<string | undefined>;
  dispose(): void;
};

export function createVerdicts(inp: VerdictInputs): VerdictsSignal {
  const client = createVerdictClient({ worker: inp.worker === undefined ? startVerdictWorker() : inp.worker });
  const tracker = createDeltaTracker();
  // Each captured request and ledger entry folded once (eventIndex.ts), not walked after every one.
  const eventsIndex = createEventIndex();
  const index = computed(() => ({ of: eventsIndex(inp.events.value) }));
  const usersIndex = createUserIndex();
  const db = computed(() => databaseFrom(inp.pageReader.data.value, index.value.of));
  const group = computed(() => db.value?.meta.clientGroupID ?? groupFrom(index.value.of));
  const bridge = computed(() => bridgeMutations(inp.pageReader.bridge.events.value));
  const tabClientIDs = computed(() =>
    tabClientIDsFrom(index.value.of, inp.pageReader.bridge.hello.value, inp.pageReader.bridge.lastSnapshot.value),
  );
  const user = computed(() =>
    inp.ledger
      ? userFrom(usersIndex(inp.ledger.value), typeof group.value === 'string' ? group.value : null)
      : undefined,
  );

  let sentOptions = '';
  const stopOptions = effect(() => {
    const options: VerdictFindingOptions = {};
    if (user.value) options.user = user.value;
    if (tabClientIDs.value.length > 0) options.tabClientIDs = tabClientIDs.value;
    const key = JSON.stringify(options);
    if (key === sentOptions) return;
    sentOptions = key;
    client.setOptions(options);
  });
  const stopDeltas = effect(() => {
    const g = group.value;
    const deltas = tracker.next({
      db: db.value,
      dbChanges: inp.pageReader.changes?.value,
      group: typeof g === 'string' ? g : null,
      events: inp.events.value,
      bridge: bridge.value,
      server: inp.admin.server.value,
    });
    client.updateAll(deltas);
  });
  const view = computed(() => client.verdicts.value);
  return Object.assign(view, {
    client,
    tabClientIDs,
    user,
    dispose() {
      stopDeltas();
      stopOptions();
      client.dispose();
    },
  });
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function mergeFindings(
  auth: readonly Finding[],
  verdict: readonly VerdictFinding[],
  health: readonly HealthFinding[] = [],
): AnyFinding[] {
  return [...auth, ...verdict, ...health].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/**
 * `next` when it differs from `prev`, else `prev` itself: a findings list recomputed with the same
 * findings (each analysis pass, health tick or verdict update makes new objects) keeps its identity,
 * so the list's readers do not re-render. Findings are plain data; a finding that is not the same
 * object is compared by its JSON.
 */
export function sameFindingsOr<T>(prev: readonly T[], next: T[]): T[] {
  if (prev.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) {
    const a = prev[i];
    const b = next[i];
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) return next;
  }
  return prev as T[];
}
