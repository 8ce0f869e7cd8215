// The request list's filter, applied so that its cost follows what changed: each row's
// lower-cased fields are prepared once (rows are immutable; a body arriving makes a new row), and
// the verdict of the current filter is kept per position while the list only grows at its end, so
// a newly captured request costs one test and a keystroke one pass per token of plain comparisons
// over arrays (filterPasses.ts; no per-row map lookups). After a burst, `prepare` does the preparing in idle time, in slices,
// so the first keystroke after traffic finds every row prepared.

import { prepareRow, type ParsedFilter, type PreparedRow } from '../../shared/filter/parseFilter.ts';
import { filterRange } from '../../shared/filter/filterPasses.ts';
import type { Finding } from '../../shared/auth/index.ts';
import { filterRowOf, type CapturedRow } from './rows.ts';

const prepareCaptured = (row: CapturedRow) => prepareRow(filterRowOf(row, false));

/** `prepareOne`: how one row is prepared (tests count the calls). */
export function createRowFilter(prepareOne: (row: CapturedRow) => PreparedRow = prepareCaptured) {
  const prepared = new WeakMap<CapturedRow, PreparedRow>();
  let cachedFor: { filter: ParsedFilter; byRequest: ReadonlyMap<string, readonly Finding[]> | null } | null = null;
  /** The last base list, its prepared rows and the current filter's verdicts, index for index. */
  let rows: readonly CapturedRow[] = [];
  let preparedRows: PreparedRow[] = [];
  /** The current filter's verdicts (1 kept, 0 dropped) for the rows before `tested`; the rest are not tested yet. */
  let keep = new Int8Array(0);
  let tested = 0;

  const preparedOf = (row: CapturedRow) => {
    let p = prepared.get(row);
    if (!p) prepared.set(row, (p = prepareOne(row)));
    return p;
  };
  /** How many rows `base` shares, from the start, with the last base list. */
  const sharedPrefix = (base: readonly CapturedRow[]) => {
    const limit = Math.min(base.length, rows.length);
    let same = 0;
    while (same < limit && base[same] === rows[same]) same++;
    return same;
  };
  /** Makes `base` the list, with its prepared rows; verdicts of the shared prefix stay when `keepVerdicts`. */
  const install = (base: readonly CapturedRow[], same: number, nextPrepared: PreparedRow[], keepVerdicts: boolean) => {
    const nextKeep = new Int8Array(base.length);
    tested = keepVerdicts ? Math.min(same, tested) : 0;
    nextKeep.set(keep.subarray(0, tested));
    rows = base;
    preparedRows = nextPrepared;
    keep = nextKeep;
  };
  /** A list being prepared in slices: its prepared rows so far, against the list it was started from. */
  let warming: {
    base: readonly CapturedRow[];
    from: readonly CapturedRow[];
    same: number;
    out: PreparedRow[];
    next: number;
  } | null = null;

  return {
    /** The rows of `base` that `filter` keeps; `byRequest` is needed only by has:finding. */
    apply(
      base: readonly CapturedRow[],
      filter: ParsedFilter,
      byRequest: ReadonlyMap<string, readonly Finding[]> | null,
    ): CapturedRow[] {
      const refilter = cachedFor?.filter !== filter || cachedFor.byRequest !== byRequest;
      if (refilter) cachedFor = { filter, byRequest };
      if (base !== rows) {
        // Rows are appended far more often than anything else: the shared prefix keeps its work.
        const same = sharedPrefix(base);
        const nextPrepared = preparedRows.slice(0, same);
        for (let i = same; i < base.length; i++) {
          const row = base[i];
          if (row) nextPrepared.push(preparedOf(row));
        }
        install(base, same, nextPrepared, !refilter);
        if (warming?.base === base) warming = null;
      } else if (refilter) tested = 0;
      if (tested < base.length) {
        const has = byRequest ? (i: number) => byRequest.has(base[i]?.id ?? '') : () => false;
        filterRange(preparedRows, tested, base.length, filter, has, keep);
        tested = base.length;
      }
      const out: CapturedRow[] = [];
      for (let i = 0; i < base.length; i++) {
        const row = base[i];
        if (row && keep[i] === 1) out.push(row);
      }
      return out;
    },
    /** Whether `base` is the list prepared (null: nothing to prepare). */
    ready: (base: readonly CapturedRow[] | null) => base === null || base === rows,
    /**
     * Prepares the rows of `base` ahead of the next `apply`, while `more()` says there is time left;
     * true once `base` is ready (a later call resumes where this one stopped). Verdicts already
     * made under the current filter are kept for the rows `base` shares with the last list.
     */
    prepare(base: readonly CapturedRow[] | null, more: () => boolean): boolean {
      if (base === null || base === rows) return true;
      if (warming?.base !== base) {
        const same = sharedPrefix(base);
        warming = { base, from: rows, same, out: preparedRows.slice(0, same), next: same };
      }
      const w = warming;
      while (w.next < base.length) {
        const row = base[w.next++];
        if (row) w.out.push(preparedOf(row));
        if ((w.next & 255) === 0 && w.next < base.length && !more()) return false;
      }
      warming = null;
      // An apply since the start may have changed the list or its verdicts: then none are kept.
      install(base, w.same, w.out, rows === w.from);
      return true;
    },
  };
}
