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
import { createRowMirror, isRowsReply, isWantRows, type WantRowsMessage } from './rowMirror.ts';

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
  /**
   * While a view shows row verdicts: until the returned function is called, every row change is
   * sent (the worker otherwise sends only filtered rows, rowMirror.ts). Counted: the last release stops them.
   */
  wantRows(): () => void;
  /** Every row verdict, current (an export): asks the worker for them when it is not sending them all. */
  rowsNow(): Promise<RowVerdict[]>;
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

  /** Readers that want every row, and those waiting for the worker's whole list. */
  let wanting = 0;
  /** The worker's whole list has arrived since rows were last asked for (in-process: always whole). */
  let rowsWhole = true;
  let rowsWaiting: (() => void)[] = [];
  const rowsArrived = () => {
    rowsWhole = true;
    const done = rowsWaiting;
    rowsWaiting = [];
    for (const fn of done) fn();
  };
  const receive = (reply: unknown) => {
    if (isRowsReply(reply)) {
      rows.replace(reply.rows);
      const prev = verdicts.peek();
      verdicts.value = withRows(prev.mutations, prev.findings);
      rowsArrived();
      return;
    }
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
      for (const msg of replay) if (!isWantRows(msg)) post(msg);
      rowsArrived(); // in-process, every row is here
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    post = (msg) => {
      if (early) early.push(...(isBatch(msg) ? msg.messages : [msg]));
      w.postMessage(msg);
    };
  } else inProcess();

  function wantRows(): () => void {
    let held = true;
    if (wanting++ === 0 && worker) {
      rowsWhole = false;
      post({ type: 'wantRows', on: true } satisfies WantRowsMessage);
    }
    return () => {
      if (!held) return;
      held = false;
      if (--wanting === 0 && worker) post({ type: 'wantRows', on: false } satisfies WantRowsMessage);
    };
  }

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
    wantRows,
    rowsNow() {
      if (!worker || (wanting > 0 && rowsWhole)) return Promise.resolve(rows.read());
      return new Promise((resolve) => {
        const release = wantRows();
        rowsWaiting.push(() => {
          release();
          resolve(rows.read());
        });
      });
    },
    dispose() {
      worker?.terminate();
      waiting.clear();
    },
  };
}
