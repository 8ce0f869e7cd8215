// The panel's end of the findings engine (findingsHost.ts): a Web Worker where one can be created
// (the panel page), the same host in-process otherwise (node tests, a browser that refuses the
// worker), answering synchronously. The panel calls `sync` with its current events, other responses
// and options whenever they change; only what changed is posted, and at most one update is in
// flight: what changes meanwhile goes with the next one, so a flood costs one pass per answer.

import { signal, type ReadonlySignal } from '@preact/signals';
import type { Finding, SeenResponse } from '../../shared/auth/index.ts';
import { forFindings } from '../../shared/auth/forFindings.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import {
  createFindingsHost,
  isFindingsReply,
  mergeFindingsReply,
  type FindingsReply,
  type FindingsUpdate,
  type HostFindingOptions,
} from './findingsHost.ts';
import { createKeyedSender } from './keyedList.ts';

/**
 * After a pass at least this long, the next update is posted no sooner than twice that pass's cost
 * after the one it answered was posted: the worker is busy at most about half the time.
 */
const LONG_PASS_MS = 16;

export interface AnalysisSources {
  events: readonly SyncEvent[];
  /** Non-sync responses with the row id each came from. */
  seen: readonly { id: string; seen: SeenResponse }[];
  options: HostFindingOptions;
}

export interface AnalysisClient {
  findings: ReadonlySignal<readonly Finding[]>;
  /** True while the findings do not yet reflect the last `sync`. */
  pending: ReadonlySignal<boolean>;
  mode: 'worker' | 'in-process';
  /** The last pass's cost, in the engine's clock. */
  lastPassMs: ReadonlySignal<number>;
  /** False when `s` holds the same events, responses and options as the last call: nothing to do. */
  sync(s: AnalysisSources): boolean;
  dispose(): void;
}

/** The worker the panel page runs the findings in; null where Worker is missing or refused. */
export function startAnalysisWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./analysisWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

export function createAnalysisClient(opts: { worker?: Worker | null; now?: () => number } = {}): AnalysisClient {
  const now = opts.now ?? (() => performance.now());
  const findings = signal<readonly Finding[]>([]);
  const pending = signal(false);
  const lastPassMs = signal(0);
  const events = createKeyedSender<SyncEvent>();
  const seen = createKeyedSender<{ id: string; seen: SeenResponse }>();
  let options: HostFindingOptions | null = null;
  let latest: AnalysisSources | null = null;
  let started = false;
  /** The sources of the last update posted. */
  let lastSent: AnalysisSources | null = null;
  let inFlight = false;
  /** When the update in flight was posted. */
  let sentAt = 0;
  let post: (msg: FindingsUpdate) => void;

  const receive = (r: FindingsReply) => {
    findings.value = mergeFindingsReply(findings.peek(), r);
    lastPassMs.value = r.ms;
  };

  const send = (s: AnalysisSources) => {
    const e = events.next(s.events, (ev) => ev.id);
    const o = seen.next(s.seen, (x) => x.id);
    const msg: FindingsUpdate = { type: 'update' };
    // Without their patches: no finding reads one, and they are most of what a pull weighs.
    if (e) msg.events = e.upsert ? { ...e, upsert: e.upsert.map(([k, x]) => [k, forFindings(x)]) } : e;
    if (o) msg.seen = { ...o, upsert: o.upsert?.map(([k, x]) => [k, x.seen]) };
    if (s.options !== options) msg.options = options = s.options;
    // The first update always goes: it answers with the (maybe empty) findings.
    if (!e && !o && !msg.options && started) return false;
    started = true;
    lastSent = s;
    sentAt = now();
    post(msg);
    return true;
  };

  let worker = opts.worker ?? null;
  /** Whether the worker has answered once; if it never loads, everything is resent in-process. */
  let loaded = false;
  const inProcess = () => {
    const host = createFindingsHost(receive);
    post = (msg) => {
      host.handle(msg);
    };
  };
  if (worker) {
    const w = worker;
    // Still in flight until `next` has run: a sync meanwhile only records its sources.
    w.addEventListener('message', (e: MessageEvent) => {
      loaded = true;
      const data: unknown = e.data;
      if (!isFindingsReply(data)) return;
      receive(data);
      // What changed while this pass ran goes in one update; after a long pass, no sooner than twice
      // its cost after the update it answered was posted, so under a flood the worker keeps at most
      // about half a core (the machine may have two) and the panel clones fewer, larger deltas. The
      // time the answer took to come back counts: a burst that has ended waits only for the rest.
      const next = () => {
        if (latest && send(latest)) return;
        inFlight = false;
        pending.value = false;
      };
      const wait = sentAt + 2 * data.ms - now();
      if (data.ms < LONG_PASS_MS || latest === lastSent || wait <= 0) next();
      else setTimeout(next, wait);
    });
    w.addEventListener('error', () => {
      if (loaded) return;
      // The worker never loaded (a refused script, a policy): compute here instead, from the start.
      w.terminate();
      worker = null;
      inFlight = false;
      events.clear();
      seen.clear();
      options = null;
      started = false;
      inProcess();
      if (latest) send(latest);
      pending.value = false;
    });
    post = (msg) => {
      w.postMessage(msg);
    };
  } else inProcess();

  return {
    findings,
    pending,
    get mode() {
      return worker ? 'worker' : 'in-process';
    },
    lastPassMs,
    sync(s) {
      // The same sources again (the panel syncs ahead of its effects, which then sync too): nothing to do.
      if (latest && s.events === latest.events && s.seen === latest.seen && s.options === latest.options) return false;
      latest = s;
      if (!worker) {
        send(s);
        return true;
      }
      if (inFlight) {
        pending.value = true;
        return true;
      }
      if (send(s)) {
        inFlight = true;
        pending.value = true;
      }
      return true;
    },
    dispose() {
      worker?.terminate();
    },
  };
}
