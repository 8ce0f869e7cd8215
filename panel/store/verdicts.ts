// The verdicts: the page's IndexedDB (page reader), the captured sync traffic and the server's
// change log (admin API) side by side, judged by shared/verdict. A computed: it re-runs when any
// of the three changes, and only while something on screen reads it.

import { computed, type ReadonlySignal } from '@preact/signals';
import type { Finding } from '../../shared/auth/index.ts';
import type { DbData } from '../../shared/pageReader/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { judgeMutationsOf, judgeRowsOf, sanitise, verdictFindings, type BridgeMutateEvent, type VerdictFinding, type Verdicts } from '../../shared/verdict/index.ts';
import type { AdminSlice } from '../admin/index.ts';
import type { PageReaderSlice } from '../pageReader/index.ts';

export type View = 'requests' | 'mutations' | 'data' | 'client' | 'server';
export type AnyFinding = Finding | VerdictFinding;

const NONE: Verdicts = { mutations: [], rows: [], findings: [] };

/** The plasma database the captured traffic talks about; the first one read otherwise. */
export function pickDatabase(data: Record<string, DbData>, events: readonly SyncEvent[]): DbData | null {
  const dbs = Object.values(data);
  for (let i = events.length - 1; i >= 0; i--) {
    const req = events[i]!.request;
    const group = req.state === 'ok' ? req.value.clientGroupID : null;
    const match = group ? dbs.find((d) => d.meta.clientGroupID === group) : undefined;
    if (match) return match;
  }
  return dbs[0] ?? null;
}

function bridgeMutations(events: readonly { kind: string; at: number | null; detail: string }[]): BridgeMutateEvent[] {
  const out: BridgeMutateEvent[] = [];
  for (const e of events) {
    if (e.kind !== 'mutate') continue;
    try {
      const d: unknown = JSON.parse(e.detail);
      if (typeof d !== 'object' || d === null) continue;
      const { name, mutationID, clientID } = d as Record<string, unknown>;
      if (typeof name === 'string' && typeof mutationID === 'number' && typeof clientID === 'string') {
        out.push({ kind: 'mutate', at: e.at ?? 0, name, mutationID, clientID });
      }
    } catch {
      // A detail that is not JSON carries nothing the verdicts can use.
    }
  }
  return out;
}

export function createVerdicts(inp: { pageReader: PageReaderSlice; admin: AdminSlice; events: ReadonlySignal<SyncEvent[]> }) {
  return computed<Verdicts>(() => {
    const db = pickDatabase(inp.pageReader.data.value, inp.events.value);
    if (!db) return NONE;
    const group = db.meta.clientGroupID;
    const events = group ? inp.events.value.filter((e) => e.request.state !== 'ok' || e.request.value.clientGroupID === group || e.request.value.clientGroupID === null) : inp.events.value;
    // Page data is hostile and its shapes are the reader's own: sanitise checks and converts it.
    const input = sanitise({ client: db, events, bridge: bridgeMutations(inp.pageReader.bridge.events.value), server: inp.admin.server.value });
    const mutations = judgeMutationsOf(input);
    const rows = judgeRowsOf(input, mutations);
    return { mutations, rows, findings: verdictFindings(mutations, rows) };
  });
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function mergeFindings(auth: readonly Finding[], verdict: readonly VerdictFinding[]): AnyFinding[] {
  return [...auth, ...verdict].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
