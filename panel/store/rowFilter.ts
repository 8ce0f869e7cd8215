// The request list's filter, applied so that its cost follows what changed: each row's
// lower-cased fields are prepared once (rows are immutable; a body arriving makes a new row), and
// the verdict of the current filter is kept per position while the list only grows at its end, so
// a newly captured request costs one test and a keystroke one pass of plain comparisons over arrays
// (no per-row map lookups).

import { matchesPrepared, prepareRow, type ParsedFilter, type PreparedRow } from '../../shared/filter/parseFilter.ts';
import type { Finding } from '../../shared/auth/index.ts';
import { filterRowOf, type CapturedRow } from './rows.ts';

export function createRowFilter() {
  const prepared = new WeakMap<CapturedRow, PreparedRow>();
  let cachedFor: { filter: ParsedFilter; byRequest: ReadonlyMap<string, readonly Finding[]> | null } | null = null;
  /** The last base list, its prepared rows and the current filter's verdicts, index for index. */
  let rows: readonly CapturedRow[] = [];
  let preparedRows: PreparedRow[] = [];
  /** -1: not tested yet under the current filter; 0: dropped; 1: kept. */
  let keep = new Int8Array(0);

  const preparedOf = (row: CapturedRow) => {
    let p = prepared.get(row);
    if (!p) prepared.set(row, (p = prepareRow(filterRowOf(row, false))));
    return p;
  };

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
        const limit = Math.min(base.length, rows.length);
        let same = 0;
        while (same < limit && base[same] === rows[same]) same++;
        const nextPrepared = preparedRows.slice(0, same);
        for (let i = same; i < base.length; i++) {
          const row = base[i];
          if (row) nextPrepared.push(preparedOf(row));
        }
        const nextKeep = new Int8Array(base.length).fill(-1);
        if (!refilter) nextKeep.set(keep.subarray(0, same));
        rows = base;
        preparedRows = nextPrepared;
        keep = nextKeep;
      } else if (refilter) keep.fill(-1);
      const out: CapturedRow[] = [];
      for (let i = 0; i < base.length; i++) {
        const row = base[i];
        const p = preparedRows[i];
        if (!row || !p) continue;
        let k = keep[i];
        if (k === -1) {
          k = matchesPrepared(p, byRequest?.has(row.id) ?? false, filter) ? 1 : 0;
          keep[i] = k;
        }
        if (k === 1) out.push(row);
      }
      return out;
    },
  };
}
