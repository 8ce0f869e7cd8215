// The panel's end of the verdict engine: a Web Worker where one can be created (the panel page), the
// same host in-process otherwise (node tests, a browser that refuses the worker). Either way the
// caller posts deltas and reads one signal of verdicts, merged from what each update changed.

import { signal, type ReadonlySignal } from '@preact/signals';
import {
  applyVerdictChanges,
  createVerdictHost,
  type HostReply,
  type TimelineEntry,
  type VerdictChanges,
  type VerdictDelta,
  type VerdictFindingOptions,
  type Verdicts,
  type RowVerdict,
} from '../../shared/verdict/index.ts';
import { hasSameFindings } from './verdictWire.ts';
import { isBatch, type BatchMessage } from './verdictBatch.ts';

export interface Explanation {
  evidence: string[];
  timeline: TimelineEntry[];
}

export interface VerdictClient {
  verdicts: ReadonlySignal<Verdicts>;
  /** Deltas posted and not yet answered. */
  pending: ReadonlySignal<number>;
  /** Where the engine runs: in a worker, or in this thread. */
  mode: 'worker' | 'in-process';
  /** How long the engine took for the last update (ms, in the worker's clock). */
  lastUpdateMs: ReadonlySignal<number>;
  error: ReadonlySignal<string | null>;
  update(delta: VerdictDelta): void;
  /** Deltas applied in order and answered once (one message to the worker). */
  updateAll(deltas: readonly VerdictDelta[]): void;
  setOptions(options: VerdictFindingOptions): void;
  /** A mutation's evidence and timeline, built when asked for. */
  explain(key: string): Promise<Explanation>;
  dispose(): void;
}

const EMPTY: Verdicts = { mutations: [], rows: [], findings: [] };

function isReply(x: unknown): x is HostReply {
  return (
    typeof x === 'object' &&
    x !== null &&
    ['changes', 'explained', 'error'].includes(String((x as { type?: unknown }).type))
  );
}

function unchanged(ch: VerdictChanges): boolean {
  return (
    !ch.full &&
    ch.mutations.length === 0 &&
    ch.rows.length === 0 &&
    ch.removedMutations.length === 0 &&
    ch.removedRows.length === 0
  );
}

/**
 * The row verdicts, merged only when someone reads them. An answer names the rows it changed (a
 * 100-row pull: 100 of maybe 100,000); merging them into the sorted list copies the whole list, and
 * while the Data view is closed nobody reads it. Changes wait in a map by key (the last one wins)
 * and are merged at the next read. Every Verdicts object the client hands out reads the latest rows.
 */
export function createRowMirror() {
  let base: RowVerdict[] = [];
  /** Key → its new verdict, or null when removed; null when nothing waits. */
  let pending: Map<string, RowVerdict | null> | null = null;
  return {
    replace(rows: RowVerdict[]) {
      base = rows;
      pending = null;
    },
    change(rows: readonly RowVerdict[], removed: readonly string[]) {
      if (rows.length === 0 && removed.length === 0) return;
      pending ??= new Map();
      for (const key of removed) pending.set(key, null);
      for (const r of rows) pending.set(r.key, r);
    },
    read(): RowVerdict[] {
      if (pending) {
        const up: RowVerdict[] = [];
        const gone: string[] = [];
        for (const [key, v] of pending) {
          if (v) up.push(v);
          else gone.push(key);
        }
        pending = null;
        base = applyVerdictChanges(
          { mutations: [], rows: base, findings: [] },
          { full: false, mutations: [], removedMutations: [], rows: up, removedRows: gone, findings: [] },
        ).rows;
      }
      return base;
    },
  };
}

/** The worker the panel page runs the engine in; null where Worker is missing or refused. */
export function startVerdictWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('../verdict/verdictWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

export function createVerdictClient(opts: { worker?: Worker | null } = {}): VerdictClient {
  const verdicts = signal<Verdicts>(EMPTY);
  const pending = signal(0);
  const lastUpdateMs = signal(0);
  const error = signal<string | null>(null);
  const waiting = new Map<number, (e: Explanation) => void>();
  const rows = createRowMirror();
  const withRows = (mutations: Verdicts['mutations'], findings: Verdicts['findings']): Verdicts => ({
    mutations,
    get rows() {
      return rows.read();
    },
    findings,
  });
  let nextId = 0;

  const receive = (reply: unknown) => {
    if (!isReply(reply)) return;
    if (reply.type === 'changes') {
      const prev = verdicts.peek();
      // The worker leaves out findings equal to the last ones it sent (`sameFindings`).
      const same = reply.changes.findings === prev.findings || hasSameFindings(reply);
      const ch = same ? { ...reply.changes, findings: prev.findings } : reply.changes;
      // An update that changed no verdict and no finding leaves the signal alone: nothing re-renders.
      if (!same || !unchanged(ch)) {
        if (ch.full) rows.replace(ch.rows);
        else rows.change(ch.rows, ch.removedRows);
        const mutations = ch.full
          ? ch.mutations
          : applyVerdictChanges(
              { mutations: prev.mutations, rows: [], findings: [] },
              { ...ch, rows: [], removedRows: [] },
            ).mutations;
        verdicts.value = withRows(mutations, ch.findings);
      }
      lastUpdateMs.value = reply.ms;
      error.value = null;
    } else if (reply.type === 'explained') {
      waiting.get(reply.id)?.({ evidence: reply.evidence, timeline: reply.timeline });
      waiting.delete(reply.id);
    } else error.value = reply.message;
  };

  let worker = opts.worker ?? null;
  /** Messages posted before the worker first answered: replayed in-process if it never loads. */
  let early: unknown[] | null = [];
  let post: (msg: unknown) => void;
  const inProcess = () => {
    // In-process: verdicts keep their evidence getters, answered synchronously.
    const host = createVerdictHost(receive, { summaries: false });
    post = (msg) => host.handle(msg);
  };
  if (worker) {
    const w = worker;
    const onMessage = (e: MessageEvent) => {
      early = null;
      if ((e.data as { type?: unknown } | null)?.type === 'changes') pending.value = Math.max(0, pending.peek() - 1);
      receive(e.data);
    };
    const onError = (e: ErrorEvent) => {
      if (early === null) {
        error.value = `verdict worker: ${e.message}`;
        return;
      }
      // The worker never loaded (a refused script, a policy): judge here instead, from the start.
      const replay = early;
      early = null;
      w.terminate();
      worker = null;
      pending.value = 0;
      inProcess();
      for (const msg of replay) post(msg);
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    post = (msg) => {
      if (early) early.push(...(isBatch(msg) ? msg.messages : [msg]));
      w.postMessage(msg);
    };
  } else inProcess();

  return {
    verdicts,
    pending,
    get mode() {
      return worker ? 'worker' : 'in-process';
    },
    lastUpdateMs,
    error,
    update(delta) {
      if (worker) pending.value = pending.peek() + 1;
      post({ type: 'update', delta });
    },
    updateAll(deltas) {
      if (deltas.length === 0) return;
      const messages = deltas.map((delta) => ({ type: 'update', delta }));
      if (!worker || deltas.length === 1) {
        for (const msg of messages) {
          if (worker) pending.value = pending.peek() + 1;
          post(msg);
        }
        return;
      }
      pending.value = pending.peek() + 1;
      post({ type: 'batch', messages } satisfies BatchMessage);
    },
    setOptions(options) {
      post({
        type: 'options',
        options: { ...options, ...(options.tabClientIDs ? { tabClientIDs: [...options.tabClientIDs] } : {}) },
      });
    },
    explain(key) {
      const held = verdicts.value.mutations.find((m) => m.key === key);
      if (held && !held.detailsPending) return Promise.resolve({ evidence: held.evidence, timeline: held.timeline });
      const id = ++nextId;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        post({ type: 'explain', id, key });
      });
    },
    dispose() {
      worker?.terminate();
      waiting.clear();
    },
  };
}
