// Gathers every fact the mutation verdict needs into Maps keyed by clientID and mutationID, in one pass
// over each input list, so judging 100,000 mutations against 100,000 change rows stays linear.

import type { SyncEvent } from '../sync/types.ts';
import type { ChangeRecord, OutboxEntry, ServerError, VerdictInput } from './types.ts';
import { mutationKey } from './util.ts';

export interface PushAttempt {
  requestId: string | null;
  at: number | null;
  /** 0 or null: no answer seen (failed, pending, or not captured). */
  status: number | null;
}

export interface MutationFacts {
  key: string;
  clientID: string;
  mutationID: number;
  name: string | null;
  args: unknown;
  hasArgs: boolean;
  outbox: OutboxEntry | null;
  attempts: PushAttempt[];
  mutateAt: number | null;
  /** Seen being made on the client (bridge event, captured push, known list). */
  madeOnClient: boolean;
  rows: ChangeRecord[];
  error: ServerError | null;
}

export interface Watermark {
  value: number;
  source: string;
  at: number | null;
}

export interface PullSeen {
  requestId: string;
  at: number;
  lastMutationIDs: Record<string, number>;
}

export interface Collected {
  group: string | null;
  facts: MutationFacts[];
  /** The same facts by clientID, then mutationID. */
  byClient: Map<string, Map<number, MutationFacts>>;
  watermarks: Map<string, Watermark>;
  pulls: PullSeen[];
  /** Per clientID: the pulls (in time order) at which its reported lastMutationID first rose to `value`. */
  pullSteps: Map<string, { value: number; pull: PullSeen }[]>;
  /** Per clientID: [mutationID, max row version] of mutations with change rows, by mutationID. */
  eras: Map<string, [number, number][]>;
  /** Mutation name -> how many of its mutations wrote change rows (a hint when errors are missing). */
  writersByName: Map<string, number>;
}

const sameGroup = (ours: string | null, theirs: string | null | undefined): boolean =>
  ours === null || theirs === null || theirs === undefined || ours === theirs;

export function collect(input: VerdictInput): Collected {
  const group = input.client.meta.clientGroupID ?? null;
  // Nested by clientID then mutationID: no key string is built per lookup, only once per mutation.
  const byClient = new Map<string, Map<number, MutationFacts>>();
  const facts: MutationFacts[] = [];
  const fact = (clientID: string, mutationID: number): MutationFacts => {
    let inner = byClient.get(clientID);
    if (!inner) byClient.set(clientID, (inner = new Map()));
    let f = inner.get(mutationID);
    if (!f) {
      f = { key: mutationKey(clientID, mutationID), clientID, mutationID, name: null, args: undefined, hasArgs: false,
        outbox: null, attempts: [], mutateAt: null, madeOnClient: false, rows: [], error: null };
      inner.set(mutationID, f);
      facts.push(f);
    }
    return f;
  };
  const describe = (f: MutationFacts, name: string | null, args: unknown, hasArgs: boolean) => {
    if (f.name === null && name) f.name = name;
    if (!f.hasArgs && hasArgs) {
      f.args = args;
      f.hasArgs = true;
    }
  };

  for (const e of input.client.outbox) {
    const f = fact(e.clientID, e.mutationID);
    f.outbox = e;
    describe(f, e.name, e.args, true);
  }
  for (const k of input.known ?? []) {
    const f = fact(k.clientID, k.mutationID);
    f.madeOnClient = true;
    describe(f, k.name, k.args, true);
    if (k.pushedAt !== null || k.pushStatus !== null) {
      f.attempts.push({ requestId: k.requestId ?? null, at: k.pushedAt, status: k.pushStatus });
    }
  }
  for (const b of input.bridge ?? []) {
    const f = fact(b.clientID, b.mutationID);
    f.madeOnClient = true;
    f.mutateAt ??= b.at;
    describe(f, b.name, undefined, false);
  }
  const pulls = collectEvents(input.events ?? [], group, fact, describe);

  const server = input.server;
  const watermarks = collectWatermarks(input, group, pulls);
  const eras = new Map<string, [number, number][]>();
  const writersByName = new Map<string, number>();
  if (server.adminAvailable) {
    for (const c of server.changes) {
      if (c.clientID === null || c.mutationID === null || !sameGroup(group, c.clientGroupID)) continue;
      const f = fact(c.clientID, c.mutationID);
      if (f.rows.length === 0 && f.name) writersByName.set(f.name, (writersByName.get(f.name) ?? 0) + 1);
      f.rows.push(c);
    }
    for (const e of server.errors ?? []) {
      if (e.clientID === null || e.mutationID === null || !sameGroup(group, e.clientGroupID)) continue;
      const f = fact(e.clientID, e.mutationID);
      if (f.error === null || e.id > f.error.id) f.error = e;
      describe(f, e.mutationName, undefined, false);
    }
    for (const f of facts) {
      if (f.rows.length === 0) continue;
      let max = -Infinity;
      for (const r of f.rows) if (r.rowVersion > max) max = r.rowVersion;
      let list = eras.get(f.clientID);
      if (!list) eras.set(f.clientID, (list = []));
      list.push([f.mutationID, max]);
    }
    for (const list of eras.values()) list.sort((a, b) => a[0] - b[0]);
  }
  return { group, facts, byClient, watermarks, pulls, pullSteps: stepsOf(pulls), eras, writersByName };
}

type FactFn = (clientID: string, mutationID: number) => MutationFacts;
type DescribeFn = (f: MutationFacts, name: string | null, args: unknown, hasArgs: boolean) => void;

function collectEvents(events: readonly SyncEvent[], group: string | null, fact: FactFn, describe: DescribeFn): PullSeen[] {
  const pulls: PullSeen[] = [];
  for (const ev of events) {
    if (ev.kind === 'push') {
      if (ev.request.state !== 'ok') continue;
      const req = ev.request.value;
      if (req.clientID === null || !sameGroup(group, req.clientGroupID)) continue;
      for (const m of req.mutations) {
        const f = fact(req.clientID, m.id);
        f.madeOnClient = true;
        describe(f, m.name, m.args, true);
        f.attempts.push({ requestId: ev.id, at: ev.startedAt, status: ev.status });
      }
    } else if (ev.response.state === 'ok') {
      const reqGroup = ev.request.state === 'ok' ? ev.request.value.clientGroupID : null;
      if (!sameGroup(group, reqGroup)) continue;
      pulls.push({ requestId: ev.id, at: ev.startedAt, lastMutationIDs: ev.response.value.lastMutationIDs });
    }
  }
  pulls.sort((a, b) => a.at - b.at);
  return pulls;
}

/** The highest watermark per clientID any source reports; they only grow, so the max is the freshest. */
function collectWatermarks(input: VerdictInput, group: string | null, pulls: PullSeen[]): Map<string, Watermark> {
  const out = new Map<string, Watermark>();
  const offer = (clientID: string, value: unknown, source: string, at: number | null) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const cur = out.get(clientID);
    if (!cur || value > cur.value) out.set(clientID, { value, source, at });
  };
  for (const [c, v] of Object.entries(input.client.meta.lastMutationIDs ?? {})) offer(c, v, "the client's _plasma_meta", null);
  for (const p of pulls) for (const [c, v] of Object.entries(p.lastMutationIDs)) offer(c, v, `pull ${p.requestId}`, p.at);
  if (input.server.adminAvailable) {
    for (const c of input.server.clients) {
      if (sameGroup(group, c.clientGroupID)) offer(c.clientID, c.lastMutationID, 'server /clients', c.updatedAt);
    }
  }
  return out;
}

function stepsOf(pulls: readonly PullSeen[]): Map<string, { value: number; pull: PullSeen }[]> {
  const out = new Map<string, { value: number; pull: PullSeen }[]>();
  for (const p of pulls) {
    for (const [c, v] of Object.entries(p.lastMutationIDs)) {
      if (typeof v !== 'number') continue;
      let list = out.get(c);
      if (!list) out.set(c, (list = []));
      if (list.length === 0 || v > list[list.length - 1]!.value) list.push({ value: v, pull: p });
    }
  }
  return out;
}

/** The first pull that reported a lastMutationID at or past `mutationID` for `clientID`. */
export function firstPullCovering(c: Collected, clientID: string, mutationID: number): PullSeen | null {
  const list = c.pullSteps.get(clientID);
  if (!list) return null;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.value >= mutationID) hi = mid;
    else lo = mid + 1;
  }
  return list[lo]?.pull ?? null;
}
