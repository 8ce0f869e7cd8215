// createPlasmaClient: the reference plasma browser client. Lives as long as the page (or a test);
// talks to IndexedDB (storage.ts layout) and to the sync server's {basePath}/push and /pull.

import type { IDBPDatabase } from 'idb';
import { DEFAULT_RETRY } from './http.ts';
import { createOverlay } from './overlay.ts';
import { commitMutation } from './rebase.ts';
import { loadClientID, defaultIdStorage, openPlasmaDB, OUTBOX, META, rotateClientID, storeNames } from './storage.ts';
import { createSyncOps } from './syncOps.ts';
import type {
  ClientEvent,
  ClientSnapshot,
  OutboxEntry,
  PlasmaClientError,
  PlasmaClientOptions,
  Row,
  SyncResult,
} from './types.ts';

export interface PlasmaClient {
  readonly clientID: string;
  readonly dbName: string;
  readonly clientGroupID: string;
  readonly schemaVersion: string;
  readonly tables: string[];
  /** Resolves once the database is open. */
  readonly ready: Promise<void>;
  /** Writes the outbox entry and the optimistic result, notifies subscribers; resolves to the mutationID. */
  mutate(name: string, args: Record<string, unknown>): Promise<number>;
  pushOnce(): Promise<SyncResult>;
  pullOnce(): Promise<SyncResult>;
  start(): void;
  stop(): void;
  /** Resolves once every push and pull already started or queued has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
  query(table: string): Promise<Row[]>;
  subscribe(table: string, cb: (rows: Row[]) => void): () => void;
  resetLocalState(): Promise<void>;
  snapshot(): Promise<ClientSnapshot>;
  observe(cb: (e: ClientEvent) => void): () => void;
}

const MAX_ERRORS = 50;

export function createPlasmaClient(opts: PlasmaClientOptions): PlasmaClient {
  const tables = Object.keys(opts.tables);
  const known = new Set(tables);
  const storage = opts.storage ?? defaultIdStorage();
  let clientID = loadClientID(storage, opts.dbName);
  const factory = opts.indexedDB ?? globalThis.indexedDB;
  const dbp: Promise<IDBPDatabase> = openPlasmaDB(factory, opts.dbName, tables).then(async (db) => {
    await writeIdentityMeta(db);
    return db;
  });
  const ready = dbp.then(() => undefined);
  const errors: PlasmaClientError[] = [];
  const observers = new Set<(e: ClientEvent) => void>();
  const subscribers = new Map<string, Set<(rows: Row[]) => void>>();
  let lock: Promise<unknown> = Promise.resolve();
  let closed = false;

  function writeIdentityMeta(db: IDBPDatabase): Promise<unknown> {
    return Promise.all([
      db.put(META, { key: 'clientGroupID', value: opts.clientGroupID }),
      db.put(META, { key: 'schemaVersion', value: opts.schemaVersion }),
    ]);
  }

  /** Serialises local writes (mutate vs rebase), so a rebuild never interleaves with a mutation. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  }

  function emit(e: ClientEvent): void {
    for (const cb of observers) cb(e);
  }

  function report(e: PlasmaClientError): void {
    errors.push(e);
    if (errors.length > MAX_ERRORS) errors.shift();
    emit({ kind: 'error', error: e });
    opts.onError?.(e);
  }

  async function query(table: string): Promise<Row[]> {
    if (!known.has(table)) throw new Error(`unknown table ${table}`);
    return (await (await dbp).getAll(table)) as Row[];
  }

  let notifications = 0;
  async function notify(which: Iterable<string>): Promise<void> {
    notifications++;
    for (const table of which) {
      const subs = subscribers.get(table);
      if (!subs || subs.size === 0) continue;
      const rows = await query(table);
      for (const cb of subs) cb(rows);
    }
  }

  async function nextMutationID(db: IDBPDatabase): Promise<number> {
    const range = IDBKeyRange.bound([clientID, -Infinity], [clientID, Infinity]);
    const last = await db.transaction(OUTBOX).store.openCursor(range, 'prev');
    const fromOutbox = last ? (last.value as OutboxEntry).mutationID : 0;
    const lmids = ((await db.get(META, 'lastMutationIDs')) as { value?: Record<string, number> } | undefined)?.value;
    return Math.max(fromOutbox, lmids?.[clientID] ?? 0) + 1;
  }

  const sync = createSyncOps({
    opts,
    tables,
    dbp,
    exclusive,
    emit,
    report,
    notify,
    clientID: () => clientID,
    closed: () => closed,
  });

  return {
    get clientID() {
      return clientID;
    },
    dbName: opts.dbName,
    clientGroupID: opts.clientGroupID,
    schemaVersion: opts.schemaVersion,
    tables,
    ready,
    async mutate(name, args) {
      const mutator = opts.mutators[name];
      if (!mutator) throw new Error(`unknown mutator ${name}`);
      const mutationID = await exclusive(async () => {
        const db = await dbp;
        const overlay = createOverlay(known, async (t, id) => (await db.get(t, id)) as Row | undefined);
        await mutator(overlay.tx, args);
        const id = await nextMutationID(db);
        const entry: OutboxEntry = {
          clientID,
          mutationID: id,
          name,
          args: structuredClone(args),
          timestamp: Date.now(),
        };
        await commitMutation(db, tables, overlay.writes, entry);
        await notify(overlay.writes.keys());
        return id;
      });
      emit({ kind: 'mutate', name, mutationID, clientID });
      sync.afterMutate();
      return mutationID;
    },
    pushOnce: sync.pushOnce,
    pullOnce: sync.pullOnce,
    start: sync.start,
    stop: sync.stop,
    idle: sync.idle,
    async close() {
      sync.stop();
      closed = true;
      await sync.idle();
      await lock;
      (await dbp).close();
    },
    query,
    subscribe(table, cb) {
      if (!known.has(table)) throw new Error(`unknown table ${table}`);
      let subs = subscribers.get(table);
      if (!subs) subscribers.set(table, (subs = new Set()));
      subs.add(cb);
      // The first delivery is skipped if a notify overtook it: that one already carried newer rows.
      const seen = notifications;
      void query(table).then(
        (rows) => subs.has(cb) && seen === notifications && cb(rows),
        () => undefined,
      );
      return () => void subs.delete(cb);
    },
    async resetLocalState() {
      await sync.idle();
      await exclusive(async () => {
        const db = await dbp;
        const names = storeNames(tables);
        const tx = db.transaction(names, 'readwrite');
        await Promise.all([...names.map((n) => tx.objectStore(n).clear()), tx.done]);
        clientID = rotateClientID(storage, opts.dbName);
        await writeIdentityMeta(db);
      });
      errors.length = 0;
      await notify(tables);
    },
    async snapshot() {
      const db = await dbp;
      const meta = async (key: string): Promise<unknown> =>
        ((await db.get(META, key)) as { value?: unknown } | undefined)?.value;
      const cookie = await meta('cookie');
      const lmids = await meta('lastMutationIDs');
      return {
        clientID,
        clientGroupID: opts.clientGroupID,
        cookie: typeof cookie === 'string' ? cookie : null,
        schemaVersion: opts.schemaVersion,
        outbox: (await db.getAll(OUTBOX)) as OutboxEntry[],
        lastMutationIDs: lmids && typeof lmids === 'object' ? (lmids as Record<string, number>) : {},
        errors: [...errors],
      };
    },
    observe(cb) {
      observers.add(cb);
      return () => void observers.delete(cb);
    },
  };
}

export { DEFAULT_RETRY };
