// The auth findings' engine, wherever it runs (the analysis worker, or in-process in node tests): it
// holds the captured sync events and the other responses as keyed lists, applies what the panel
// posts (only what changed: keyedList.ts), runs computeFindings over its copy with a ledger cache
// (each request's ledger entry built once), and answers with the findings that changed and the
// order of all of them. The same function over the same list: the findings are exactly those of
// computeFindings over the panel's events.

import { type Finding, type FindingOptions, type SeenResponse } from '../../shared/auth/index.ts';
import { createIncrementalFindings } from '../../shared/auth/incrementalFindings.ts';
import { isRecord } from '../../shared/guards.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createKeyedList, type KeyedDelta } from './keyedList.ts';
import { createLedgerCache } from './ledgerCache.ts';

/** What the findings depend on besides the events, the other responses and the ledger. */
export type HostFindingOptions = Omit<FindingOptions, 'ledger' | 'seen'>;

export interface FindingsUpdate {
  type: 'update';
  events?: KeyedDelta<SyncEvent>;
  seen?: KeyedDelta<SeenResponse>;
  options?: HostFindingOptions;
}

export interface FindingsReply {
  type: 'findings';
  /** Findings that are new or differ from the last answer. */
  changed: Finding[];
  /** Every finding's id, in the order computeFindings gives them. */
  order: string[];
  /** How long the pass took, in the host's clock. */
  ms: number;
  /** The pass failed: the findings are the last ones computed. */
  error?: string;
}

export function isFindingsUpdate(x: unknown): x is FindingsUpdate {
  return isRecord(x) && x['type'] === 'update';
}

export function isFindingsReply(x: unknown): x is FindingsReply {
  return (
    isRecord(x) &&
    x['type'] === 'findings' &&
    Array.isArray(x['changed']) &&
    Array.isArray(x['order']) &&
    typeof x['ms'] === 'number'
  );
}

export function createFindingsHost(reply: (r: FindingsReply) => void, now: () => number = () => performance.now()) {
  const events = createKeyedList<SyncEvent>();
  const seen = createKeyedList<SeenResponse>();
  const ledger = createLedgerCache();
  const engine = createIncrementalFindings();
  let options: HostFindingOptions = {};
  /** Each finding as last answered, to send only what changed. */
  let last = new Map<string, Finding>();
  /** Updates applied since the last pass (their cost counts in its `ms`). */
  let waiting = false;
  let t0 = 0;
  const apply = (msg: unknown): boolean => {
    if (!isFindingsUpdate(msg)) return false;
    if (!waiting) t0 = now();
    waiting = true;
    if (msg.events) events.apply(msg.events);
    if (msg.seen) seen.apply(msg.seen);
    if (msg.options) options = keepSame(options, msg.options);
    return true;
  };
  /** One pass over everything applied so far, and its answer. */
  const flush = (): void => {
    if (!waiting) return;
    waiting = false;
    let findings: Finding[];
    try {
      findings = engine.compute(events.list, { ...options, seen: seen.list, ledger: ledger.build(events.list) });
    } catch (e) {
      // Keep the last findings; the panel must not wait forever for an answer.
      reply({ type: 'findings', changed: [], order: [...last.keys()], ms: now() - t0, error: String(e) });
      return;
    }
    const next = new Map<string, Finding>();
    const changed: Finding[] = [];
    for (const f of findings) {
      next.set(f.id, f);
      const held = last.get(f.id);
      if (!held || !sameFinding(held, f)) changed.push(f);
    }
    last = next;
    reply({ type: 'findings', changed, order: findings.map((f) => f.id), ms: now() - t0 });
  };
  return {
    /** Applies an update and answers it at once. */
    handle(msg: unknown): void {
      if (apply(msg)) flush();
    },
    /** Applies an update; `flush` answers every update applied since the last answer in one pass. */
    apply,
    flush,
    /** How many passes resumed the per-request fold and how many started it again. */
    stats: engine.stats,
  };
}

/**
 * The new options, holding on to the old object of each setting the per-request fold reads whose
 * value did not change: the panel re-sends the options whenever any part of them changes (the
 * sign-in signals change with every captured response), and every copy that crosses to the worker
 * is a new object, which would make each pass start the fold again.
 */
function keepSame(old: HostFindingOptions, next: HostFindingOptions): HostFindingOptions {
  const out = { ...next };
  if (sameValue(old.expect, next.expect)) out.expect = old.expect;
  if (sameValue(old.server, next.server)) out.server = old.server;
  if (sameValue(old.verifications, next.verifications)) out.verifications = old.verifications;
  return out;
}

/** Structural equality of what crosses postMessage: primitives, arrays, Maps and plain objects. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !sameValue(v, b.get(k))) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  // Plain objects only: a Set, a Date or a Map against an object has no keys to compare.
  if (!isRecord(a) || !isRecord(b) || !isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
}

function isPlain(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Field by field, arrays item by item: what a JSON comparison of the two would say, without the text. */
export function sameFinding(a: Finding, b: Finding): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra: Record<string, unknown> = { ...a };
  const rb: Record<string, unknown> = { ...b };
  return ka.every((k) => {
    const x = ra[k];
    const y = rb[k];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
    return Object.is(x, y) && k in rb;
  });
}

/** The panel's side: the findings list rebuilt from a reply and the findings held before. */
export function mergeFindingsReply(held: readonly Finding[], r: FindingsReply): readonly Finding[] {
  if (r.changed.length === 0 && r.order.length === held.length && r.order.every((id, i) => held[i]?.id === id))
    return held;
  const byId = new Map(held.map((f) => [f.id, f]));
  for (const f of r.changed) byId.set(f.id, f);
  const out: Finding[] = [];
  for (const id of r.order) {
    const f = byId.get(id);
    if (f) out.push(f);
  }
  return out;
}
