// The chunked half of a full pass (pageReadStores.ts sends it beside itself, as source text, so it
// is just as self-contained): each store from where the head left it, in short readonly
// transactions. A batch is up to `c.parallel` transactions issued together on key ranges that do
// not overlap (the range bounds are keys the count walk passed, pageReadKeyed.ts), holding at
// most `rowsPerTx` rows between them, so a page write waits behind one batch at most, as it
// would behind one transaction of that many rows; on the page's main thread a batch is one
// transaction. Rows are emitted in key order whatever order the transactions end in (READING.md).

import type { Counts, DbReadCtx, Left } from './pageTypes.ts';

export interface ChunkSink {
  /** Emits a chunk of a store's rows from row `from` (false: a cap ended the read). */
  chunk: (store: string, from: number, total: number, rows: unknown[]) => boolean;
  /** The stores whose chunks ended short of their count (they shrank during the read). */
  short: { store: string; count: number }[];
  keyOf: (keyPath: unknown, row: unknown) => unknown;
}

export function pageReadChunks(d: DbReadCtx, sink: ChunkSink) {
  const { c, tx, later, abortEnd, isOver } = d;
  const { now, maxTxRows, sliceMs, lowerBound, span } = c;
  const parallel = span ? Math.max(1, c.parallel) : 1;
  // The rows of a range (pageReadStores.ts has the count walk note a key every `stride` rows). A
  // transaction on a range asks for one row more, to know that it holds no more without asking again.
  const stride = parallel > 1 ? Math.max(1, Math.floor(maxTxRows / parallel) - 1) : maxTxRows;
  const { chunk, short, keyOf } = sink;

  // Rows per batch, adapted so a batch takes about sliceMs. A row's cost is the median of the
  // store's last 3 batches' (the lower of 2): one slow for what kept the thread from its rows (the
  // app's work, a poll) is not followed by smaller chunks, which would not cure it; large rows
  // are slow in every one.
  let rowsPerTx = maxTxRows;
  const perRow: number[] = [];
  let adaptedFor = '';
  const adapt = (store: string, ms: number, rows: number) => {
    if (rows < 1) return;
    if (store !== adaptedFor) perRow.length = 0;
    adaptedFor = store;
    perRow[perRow.length] = Math.max(ms, 0.5) / rows;
    if (perRow.length > 3) perRow.shift();
    const sorted = perRow.slice().sort((a, b) => a - b);
    const cost = Number(sorted[sorted.length === 3 ? 1 : 0]);
    rowsPerTx = Math.max(50, Math.min(maxTxRows, Math.floor(sliceMs / cost)));
  };

  /** A store's jobs: one per range between the keys the count walk passed, or one for it all. */
  function jobsOf(store: string, bounds: unknown[] | undefined): Left[] {
    if (!bounds || bounds.length === 0 || !span) return [{ store, from: 0, after: undefined }];
    const jobs: Left[] = [{ store, from: 0, after: undefined, upTo: bounds[0] }];
    for (let i = 0; i < bounds.length; i++)
      jobs[jobs.length] = { store, from: (i + 1) * stride, after: undefined, at: bounds[i], upTo: bounds[i + 1] };
    return jobs;
  }

  // Rows emitted so far per store: a chunk's `from` (the panel checks they follow each other).
  const emitted: Counts = Object.create(null) as Counts;
  // Emits the jobs read at the front of `left`, in order: consecutive ones of a store as one chunk.
  function flush(left: Left[], counts: Counts): boolean {
    for (let head = left[0]; head && head.got; head = left[0]) {
      const n = head.store;
      const total = counts[n] || 0;
      let rows: unknown[] = [];
      let last = false;
      for (let j: Left | undefined = head; j && j.got && j.store === n && rows.length < maxTxRows; j = left[0]) {
        left.shift();
        rows = rows.length === 0 ? j.got : rows.concat(j.got);
        last = j.last === true;
      }
      const from = emitted[n] || 0;
      // A store that grew during the read is cut at the count the panel was told (the tail check
      // then finds the counts moved).
      const part = from + rows.length > total ? rows.slice(0, Math.max(0, total - from)) : rows;
      emitted[n] = from + part.length;
      for (let i = 0; i < part.length; i += maxTxRows) {
        if (!chunk(n, from + i, total, part.length <= maxTxRows ? part : part.slice(i, i + maxTxRows))) return false;
      }
      // The store shrank during the read: its chunks end short of the count.
      if (last && from + part.length < total) short[short.length] = { store: n, count: from + part.length };
    }
    return true;
  }

  // `carry` emits what the last batch read: before the next batch, or, in a worker
  // (c.overlapEncode), once the next batch asked for its rows (READING.md).
  function readChunks(left: Left[], counts: Counts, counter: () => void, then: () => void, carry: boolean) {
    later(() => {
      if (carry && !c.overlapEncode && !flush(left, counts)) return;
      // Ranges are not cut to fit: fewer of them go together when rows cost more than at first.
      const most = Math.max(1, Math.min(parallel, Math.floor(rowsPerTx / stride)));
      const batch: Left[] = [];
      for (let i = 0; i < left.length && batch.length < most; i++) {
        const j = left[i];
        if (!j || j.got) continue;
        // What the head read already (the outbox's and meta's first rows) needs no transaction.
        if (j.at === undefined && j.upTo === undefined && j.from >= (counts[j.store] || 0) && j.from > 0) {
          j.got = [];
          j.last = true;
          continue;
        }
        batch[batch.length] = j;
      }
      if (batch.length === 0) {
        if (!flush(left, counts)) return;
        then();
        return;
      }
      const limit = lowerBound
        ? batch.length > 1
          ? stride + 1
          : Math.max(1, Math.min(rowsPerTx, stride * 2))
        : undefined;
      let started = now();
      let took = 0;
      let pending = batch.length;
      const results: { rows: unknown[]; keys: IDBValidKey[] | null; keyPath: unknown }[] = [];
      const ended = () => {
        if (isOver() || --pending > 0) return;
        let rowsRead = 0;
        for (let b = 0; b < batch.length; b++) rowsRead += (results[b] as { rows: unknown[] }).rows.length;
        adapt((batch[0] as Left).store, took, rowsRead);
        try {
          for (let b = 0; b < batch.length; b++) {
            const j = batch[b] as Left;
            const { rows, keys, keyPath } = results[b] as {
              rows: unknown[];
              keys: IDBValidKey[] | null;
              keyPath: unknown;
            };
            j.got = rows;
            const got = j.from + rows.length;
            const ranged = j.upTo !== undefined;
            if (limit !== undefined && rows.length === limit && (ranged || got < (counts[j.store] || 0))) {
              // More in this range (or store): read on from the last key before anything after it.
              const lastKey = keys ? keys[keys.length - 1] : keyOf(keyPath, rows[rows.length - 1]);
              left.splice(left.indexOf(j) + 1, 0, { store: j.store, from: got, after: lastKey, upTo: j.upTo });
            } else j.last = !ranged;
          }
          readChunks(left, counts, counter, then, true);
        } catch (e) {
          d.fail(e);
        }
      };
      for (let b = 0; b < batch.length; b++) {
        const j = batch[b] as Left;
        counter();
        const t = tx([j.store]);
        const os = t.objectStore(j.store);
        const keyPath: unknown = os.keyPath;
        let range: IDBKeyRange | null = null;
        if (j.at !== undefined || j.upTo !== undefined)
          range = span ? span(j.at !== undefined ? j.at : j.after, j.at === undefined, j.upTo) : null;
        else if (j.after !== undefined && lowerBound !== null) range = lowerBound(j.after, true);
        const keysReq = lowerBound && (keyPath === null || keyPath === undefined) ? os.getAllKeys(range, limit) : null;
        const r = os.getAll(range, limit);
        const slot = { rows: [] as unknown[], keys: null as IDBValidKey[] | null, keyPath };
        results[b] = slot;
        r.onsuccess = () => {
          slot.rows = r.result;
          if (keysReq) slot.keys = keysReq.result;
          took = now() - started;
        };
        abortEnd(t);
        t.oncomplete = ended;
      }
      if (carry && c.overlapEncode) {
        if (!flush(left, counts)) return;
        // The batch's own time starts once this thread is free for its rows.
        started = now();
      }
    });
  }
  return {
    /** Rows between the keys the count walk should note for ranges; 0 when this read has none. */
    stride: parallel > 1 ? stride : 0,
    jobsOf,
    read: (left: Left[], counts: Counts, counter: () => void, then: () => void) => {
      // A store's first job says where its rows start (after the head's, for outbox and meta).
      for (let i = 0; i < left.length; i++) {
        const j = left[i] as Left;
        if (emitted[j.store] === undefined) emitted[j.store] = j.from;
      }
      readChunks(left, counts, counter, then, false);
    },
  };
}
