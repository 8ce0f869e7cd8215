// The MutatorTx the client hands to mutators: writes land in an in-memory overlay that a later
// IndexedDB transaction commits. Mutators therefore never run inside an IDB transaction, which would
// auto-commit the moment a mutator awaited anything but an IDB request.

import type { MutatorTx, Row } from './types.ts';

/** table -> id -> row image (null = deleted). */
export type Writes = Map<string, Map<string, Row | null>>;

export interface Overlay {
  tx: MutatorTx;
  writes: Writes;
  /** Folds this overlay's writes into its parent's (a replayed mutation that succeeded). */
  mergeInto(parent: Overlay): void;
}

type Reader = (table: string, id: string) => Promise<Row | undefined>;

export function createOverlay(tables: Set<string>, read: Reader): Overlay {
  const writes: Writes = new Map();
  const known = (table: string): void => {
    if (!tables.has(table)) throw new Error(`unknown table ${table}`);
  };
  const layer = (table: string): Map<string, Row | null> => {
    let m = writes.get(table);
    if (!m) writes.set(table, (m = new Map<string, Row | null>()));
    return m;
  };
  const tx: MutatorTx = {
    async get(table, id) {
      known(table);
      const staged = writes.get(table)?.get(id);
      if (staged !== undefined) return staged === null ? undefined : structuredClone(staged);
      const row = await read(table, id);
      return row === undefined ? undefined : structuredClone(row);
    },
    put(table, row) {
      return new Promise<void>((resolve) => {
        known(table);
        if (typeof row.id !== 'string') throw new Error(`${table} row needs a string id`);
        layer(table).set(row.id, structuredClone(row));
        resolve();
      });
    },
    del(table, id) {
      return new Promise<void>((resolve) => {
        known(table);
        layer(table).set(id, null);
        resolve();
      });
    },
  };
  return {
    tx,
    writes,
    mergeInto(parent) {
      for (const [table, rows] of writes) {
        let m = parent.writes.get(table);
        if (!m) parent.writes.set(table, (m = new Map<string, Row | null>()));
        for (const [id, row] of rows) m.set(id, row);
      }
    },
  };
}

/** A child overlay that reads through its parent, so a failed mutation's writes can be dropped. */
export function childOverlay(tables: Set<string>, parent: Overlay): Overlay {
  return createOverlay(tables, (table, id) => parent.tx.get(table, id));
}
