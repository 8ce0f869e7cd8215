// The captured-request queue between the capture and the rows signal. Requests and bodies are
// queued as they arrive and applied together, once per flush (once per frame in the panel), inside
// a time budget: the rows array is copied once per flush rather than once per request, a request
// whose body arrived before its flush is parsed once (with the body), and what does not fit the
// budget waits for the next flush, so a flood of requests never holds the panel's main thread.

import type { HarEntryLike } from '../../shared/sync/types.ts';
import { makeRow, withBody, type CapturedRow } from './rows.ts';

export interface IngestTarget {
  readonly maxRows: number;
  /** Current rows; `commit` replaces them. */
  rows(): CapturedRow[];
  /** `gone`: the entries that left the buffer (or never entered it), so their fingerprints can go. */
  commit(rows: CapturedRow[], droppedMore: number, gone: readonly HarEntryLike[]): void;
}

interface PendingRow {
  id: string;
  seq: number;
  entry: HarEntryLike;
  recovered: boolean;
  /** undefined: no body yet. */
  body: string | null | undefined;
}

/**
 * Runs `flush` later; null applies everything at once (tests). `backlog`: the previous flush ran out
 * of budget, so the next may run as soon as input and rendering have had their turn.
 */
export type IngestScheduler = ((flush: () => void, backlog: boolean) => void) | null;

export interface IngestOptions {
  schedule: IngestScheduler;
  /** Main-thread time one flush may take; at least one request is applied per flush. */
  budgetMs?: number;
  now?: () => number;
}

const FRAME_MS = 16;

export function createIngest(target: IngestTarget, opts: IngestOptions) {
  // Applied at once (tests), there is no frame to protect and nothing to wait for.
  const budgetMs = opts.schedule === null ? Infinity : (opts.budgetMs ?? 8);
  const now = opts.now ?? (() => performance.now());
  /** Insertion order is capture order. */
  let pending = new Map<string, PendingRow>();
  let bodies: { id: string; body: string | null }[] = [];
  let scheduled = false;
  let generation = 0;
  /** When a request or a body last arrived (`now`'s clock). */
  let lastArrival = -Infinity;

  const schedule = (backlog = false) => {
    if (opts.schedule === null) {
      flush();
      return;
    }
    if (scheduled) return;
    scheduled = true;
    const mine = generation;
    opts.schedule(() => {
      if (mine !== generation) return; // cleared meanwhile; a later schedule owns the queue
      scheduled = false;
      flush();
    }, backlog);
  };

  /** Parsed but not yet in the rows: a backlog is parsed in slices and shown once per frame. */
  let staged: CapturedRow[] = [];
  /** Ids in the rows now, so a body for a request that is gone (dropped, cleared) costs no scan. */
  let listed = new Set<string>();
  let lastCommit = -Infinity;

  function flush(): void {
    if (pending.size === 0 && bodies.length === 0 && staged.length === 0) return;
    const t0 = now();
    const skipped: HarEntryLike[] = [];
    // More queued than the buffer holds: the oldest would be dropped at once, so never parse them.
    const excess = pending.size + staged.length - target.maxRows;
    for (const p of pending.values()) {
      pending.delete(p.id);
      if (skipped.length < excess) {
        skipped.push(p.entry);
        continue;
      }
      staged.push(makeRow(p.id, p.seq, p.entry, p.recovered, p.body));
      if ((staged.length & 15) === 0 && now() - t0 > budgetMs) break;
    }
    // The rows signal changes at most once per frame while a backlog is worked off, so the list
    // and everything derived from the rows are recomputed per frame, not per slice.
    if (pending.size > 0 && now() - lastCommit < FRAME_MS) {
      if (skipped.length) target.commit(target.rows(), skipped.length, skipped);
      schedule(true);
      return;
    }
    const fresh = staged;
    staged = [];
    const current = target.rows();
    let next: CapturedRow[] | null = null;
    if (fresh.length) {
      const last = current[current.length - 1]?.startedAt ?? -Infinity;
      next = current.concat(fresh);
      // Live rows arrive in order and append; rows recovered from getHAR() slot in by start time.
      if (fresh.some((r, i) => r.startedAt < (i === 0 ? last : (fresh[i - 1]?.startedAt ?? -Infinity))))
        next.sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
    }
    for (const r of fresh) listed.add(r.id);
    // Bodies of rows already parsed: found from the end, where recent requests are.
    let b = 0;
    for (; b < bodies.length; b++) {
      if (b > 0 && (b & 15) === 0 && now() - t0 > budgetMs) break;
      const item = bodies[b];
      if (!item || !listed.has(item.id)) continue;
      const { id, body } = item;
      const rows: CapturedRow[] = next ?? current;
      const i = findFromEnd(rows, id);
      const row = rows[i];
      if (!row) continue;
      next ??= rows.slice();
      next[i] = withBody(row, body);
    }
    bodies = b === bodies.length ? [] : bodies.slice(b);
    lastCommit = now();
    if (next) {
      const over = next.length - target.maxRows;
      const dropped = over > 0 ? next.splice(0, over) : [];
      for (const r of dropped) listed.delete(r.id);
      const gone = dropped.map((r) => r.entry);
      target.commit(next, Math.max(0, over) + skipped.length, skipped.concat(gone));
    } else if (skipped.length) target.commit(current, skipped.length, skipped);
    if (pending.size || bodies.length) schedule(true);
  }

  return {
    addRows(items: readonly { id: string; entry: HarEntryLike; recovered: boolean; seq: number }[]) {
      lastArrival = now();
      for (const item of items) pending.set(item.id, { ...item, body: pending.get(item.id)?.body });
      schedule();
    },
    addBody(id: string, body: string | null) {
      lastArrival = now();
      const p = pending.get(id);
      // Not parsed yet: parse it once, with its body.
      if (p) p.body = body;
      else bodies.push({ id, body });
      schedule();
    },
    /** Requests captured but not listed yet. */
    get pendingCount() {
      return pending.size + staged.length;
    },
    /**
     * True when everything that arrived is in the rows and nothing has arrived for `quietMs`: the
     * rows will not change until something new is captured, so a burst being listed has ended.
     */
    drained(quietMs: number): boolean {
      return pending.size === 0 && staged.length === 0 && bodies.length === 0 && now() - lastArrival >= quietMs;
    },
    clear() {
      generation++;
      staged = [];
      listed = new Set();
      scheduled = false;
      pending = new Map();
      bodies = [];
    },
  };
}

/** Bodies arrive right after their request, so the row is almost always near the end. */
function findFromEnd(rows: readonly { id: string }[], id: string): number {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]?.id === id) return i;
  return -1;
}

/**
 * Once per frame; a hidden panel gets no animation frames, so a timer stands in for them. A backlog
 * is worked off in budgeted tasks one after another: each is its own task, so a click or a
 * keystroke waits for one slice at most, never for the whole backlog.
 */
export function frameScheduler(flush: () => void, backlog: boolean): void {
  if (backlog && typeof MessageChannel === 'function') {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      flush();
    };
    ch.port2.postMessage(null);
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  setTimeout(run, 50);
}
