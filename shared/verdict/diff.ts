// Three-way, per-field difference of one row: visible (optimistic) against base (confirmed) against
// the server's latest value. Pure; the panel's row details render exactly this.

import type { FieldDiff, Row, RowVerdict } from './types.ts';
import { deepEqual } from './util.ts';

/**
 * `null` means the side has no such row; `undefined` server means the server side is not known (no
 * admin API), so nothing is called a remote change.
 */
export function diff(visible: Row | null, base: Row | null, server: Row | null | undefined): FieldDiff[] {
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const row of [base, visible, server]) {
    if (!row) continue;
    for (const k of Object.keys(row))
      if (!seen.has(k)) {
        seen.add(k);
        fields.push(k);
      }
  }
  const serverKnown = server !== undefined;
  return fields.map((field) => {
    const hasVisible = !!visible && Object.hasOwn(visible, field);
    const hasBase = !!base && Object.hasOwn(base, field);
    const hasServer = !!server && Object.hasOwn(server, field);
    const v = hasVisible ? visible[field] : undefined;
    const b = hasBase ? base[field] : undefined;
    const s = hasServer ? server[field] : undefined;
    const local = hasVisible !== hasBase || !deepEqual(v, b);
    const remote = serverKnown && (hasServer !== hasBase || !deepEqual(s, b));
    let change: FieldDiff['change'] = 'same';
    if (local && remote) change = hasVisible === hasServer && deepEqual(v, s) ? 'both' : 'conflict';
    else if (local) change = 'local';
    else if (remote) change = 'remote';
    return { field, visible: v, base: b, server: s, hasVisible, hasBase, hasServer, change };
  });
}

/** The three-way diff of a row verdict, with an unknown server side left out. */
export function rowDiff(r: RowVerdict): FieldDiff[] {
  return diff(r.visible, r.base, r.serverKnown ? r.server : undefined);
}

/** The "differences only" view of one row. */
export function differingFields(fields: readonly FieldDiff[]): FieldDiff[] {
  return fields.filter((f) => f.change !== 'same');
}

/** The "differences only" filter over row verdicts: everything not in sync. */
export function rowsWithDifferences(rows: readonly RowVerdict[]): RowVerdict[] {
  return rows.filter((r) => r.state !== 'in-sync');
}
