// The request list's filter, applied so that its cost follows what changed: each row's
// lower-cased fields are prepared once (rows are immutable; a body arriving makes a new row), and
// the verdict of the current filter is kept per row, so a newly captured request costs one test
// and a keystroke costs one pass of plain comparisons.

import { matchesPrepared, prepareRow, type ParsedFilter, type PreparedRow } from '../../shared/filter/parseFilter.ts';
import type { Finding } from '../../shared/auth/index.ts';
import { filterRowOf, type CapturedRow } from './rows.ts';

export function createRowFilter() {
  const prepared = new WeakMap<CapturedRow, PreparedRow>();
  let cachedFor: { filter: ParsedFilter; byRequest: ReadonlyMap<string, readonly Finding[]> | null } | null = null;
  let results = new WeakMap<CapturedRow, boolean>();

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
      if (cachedFor?.filter !== filter || cachedFor.byRequest !== byRequest) {
        cachedFor = { filter, byRequest };
        results = new WeakMap();
      }
      const out: CapturedRow[] = [];
      for (const row of base) {
        let keep = results.get(row);
        if (keep === undefined) {
          keep = matchesPrepared(preparedOf(row), byRequest?.has(row.id) ?? false, filter);
          results.set(row, keep);
        }
        if (keep) out.push(row);
      }
      return out;
    },
  };
}
