// Rebase after a pull (plasma-protocol.md §1): apply the patch to the base stores, drop confirmed
// outbox entries, then rebuild each visible store as base + the surviving outbox replayed.

import type { IDBPDatabase } from 'idb';
import { childOverlay, createOverlay, type Writes } from './overlay.ts';
import type { PullBody } from './pullBody.ts';
import { baseStore, META, OUTBOX } from './storage.ts';
import type { Mutator, OutboxEntry, PlasmaClientError } from './types.ts';

/** Applies one pull page and drops confirmed entries, in one transaction. Returns how many dropped. */
export async function applyPull(db: IDBPDatabase, tables: string[], body: PullBody): Promise<number> {
  const known = new Set(tables);
  const tx = db.transaction([...tables.map(baseStore), META, OUTBOX], 'readwrite');
  const pending: Promise<unknown>[] = [];
  for (const op of body.patch) {
    if (!known.has(op.table)) continue; // a table this client does not sync
    const store = tx.objectStore(baseStore(op.table));
    pending.push(op.op === 'put' ? store.put(op.value) : store.delete(op.id));
  }
  pending.push(tx.objectStore(META).put({ key: 'cookie', value: body.cookie }));
  pending.push(tx.objectStore(META).put({ key: 'lastMutationIDs', value: body.lastMutationIDs }));
  // Every clientID the server reports is confirmed up to its id, so other tabs' entries go too.
  let dropped = 0;
  let cursor = await tx.objectStore(OUTBOX).openCursor();
  while (cursor) {
    const entry = cursor.value as OutboxEntry;
    const confirmed = body.lastMutationIDs[entry.clientID];
    if (confirmed !== undefined && entry.mutationID <= confirmed) {
      pending.push(cursor.delete());
      dropped++;
    }
    cursor = await cursor.continue();
  }
  await Promise.all([...pending, tx.done]);
  return dropped;
}

export interface RebuildResult {
  replayed: number;
  skipped: PlasmaClientError[];
}

/** Visible store := base store, then the surviving outbox replayed through the mutators. */
export async function rebuildOptimistic(
  db: IDBPDatabase,
  tables: string[],
  mutators: Record<string, Mutator>,
): Promise<RebuildResult> {
  const known = new Set(tables);
  const outbox = ((await db.getAll(OUTBOX)) as OutboxEntry[]).sort(
    (a, b) => a.timestamp - b.timestamp || a.clientID.localeCompare(b.clientID) || a.mutationID - b.mutationID,
  );
  const root = createOverlay(known, async (table, id) => (await db.get(baseStore(table), id)) as never);
  const skipped: PlasmaClientError[] = [];
  let replayed = 0;
  for (const entry of outbox) {
    const layer = childOverlay(known, root);
    try {
      const mutator = mutators[entry.name];
      if (!mutator) throw new Error(`unknown mutator ${entry.name}`);
      await mutator(layer.tx, (entry.args ?? {}) as Record<string, unknown>);
      layer.mergeInto(root);
      replayed++;
    } catch (e) {
      skipped.push({
        kind: 'rebase-replay',
        clientID: entry.clientID,
        mutationID: entry.mutationID,
        name: entry.name,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }
  await writeVisible(db, tables, root.writes);
  return { replayed, skipped };
}

async function writeVisible(db: IDBPDatabase, tables: string[], writes: Writes): Promise<void> {
  const tx = db.transaction([...tables, ...tables.map(baseStore)], 'readwrite');
  const pending: Promise<unknown>[] = [];
  for (const table of tables) {
    const rows = await tx.objectStore(baseStore(table)).getAll();
    const visible = tx.objectStore(table);
    pending.push(visible.clear());
    for (const row of rows) pending.push(visible.put(row));
    for (const [id, row] of writes.get(table) ?? []) pending.push(row === null ? visible.delete(id) : visible.put(row));
  }
  await Promise.all([...pending, tx.done]);
}

/** Commits an optimistic mutation: its overlay writes plus the outbox entry, atomically. */
export async function commitMutation(
  db: IDBPDatabase,
  tables: string[],
  writes: Writes,
  entry: OutboxEntry,
): Promise<void> {
  const tx = db.transaction([...tables, OUTBOX], 'readwrite');
  const pending: Promise<unknown>[] = [];
  for (const [table, rows] of writes) {
    const store = tx.objectStore(table);
    for (const [id, row] of rows) pending.push(row === null ? store.delete(id) : store.put(row));
  }
  pending.push(tx.objectStore(OUTBOX).put(entry));
  await Promise.all([...pending, tx.done]);
}
