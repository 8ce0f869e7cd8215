// Opens the client's IndexedDB with the store layout of plasma-protocol.md §4, and keeps the per-tab
// clientID in sessionStorage. Runs in the page (or under fake-indexeddb in tests).

import { wrap, type IDBPDatabase } from 'idb';
import type { IdStorage } from './types.ts';

export const OUTBOX = '_plasma_outbox';
export const META = '_plasma_meta';
export const BLOBS = '_plasma_blobs_local';
export const baseStore = (table: string): string => `_plasma_base_${table}`;

/** Every store name the layout needs for these user tables. */
export function storeNames(tables: string[]): string[] {
  return [...tables.flatMap((t) => [t, baseStore(t)]), OUTBOX, META, BLOBS];
}

function createMissing(db: IDBDatabase, names: string[]): void {
  for (const name of names) {
    if (db.objectStoreNames.contains(name)) continue;
    if (name === OUTBOX) db.createObjectStore(name, { keyPath: ['clientID', 'mutationID'] });
    else if (name === META) db.createObjectStore(name, { keyPath: 'key' });
    else if (name === BLOBS) db.createObjectStore(name);
    else db.createObjectStore(name, { keyPath: 'id' });
  }
}

function openRaw(
  factory: IDBFactory,
  name: string,
  version: number | undefined,
  names: string[],
): Promise<IDBDatabase> {
  const req = version === undefined ? factory.open(name) : factory.open(name, version);
  req.onupgradeneeded = () => createMissing(req.result, names);
  return wrap(req).then((db) => db as unknown as IDBDatabase);
}

/**
 * Opens `dbName` and makes sure every store exists. A database created by an older table list is
 * upgraded by one version, so the schema's tables can grow without the app bumping anything.
 */
export async function openPlasmaDB(factory: IDBFactory, dbName: string, tables: string[]): Promise<IDBPDatabase> {
  const names = storeNames(tables);
  let raw = await openRaw(factory, dbName, undefined, names);
  if (names.some((n) => !raw.objectStoreNames.contains(n))) {
    const next = raw.version + 1;
    raw.close();
    raw = await openRaw(factory, dbName, next, names);
  }
  return wrap(raw);
}

function memoryStorage(): IdStorage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

/** sessionStorage when the page has one (one clientID per tab), else a process-local map. */
export function defaultIdStorage(): IdStorage {
  const s = (globalThis as { sessionStorage?: IdStorage }).sessionStorage;
  return s ?? memoryStorage();
}

export const clientIDKey = (dbName: string): string => `plasma.clientID.${dbName}`;

export function loadClientID(storage: IdStorage, dbName: string): string {
  const existing = storage.getItem(clientIDKey(dbName));
  if (existing) return existing;
  return rotateClientID(storage, dbName);
}

export function rotateClientID(storage: IdStorage, dbName: string): string {
  const id = crypto.randomUUID();
  storage.setItem(clientIDKey(dbName), id);
  return id;
}
