// Types of the code that runs in the inspected page (pageScript.ts, pageRead.ts, pageReadStores.ts,
// pageReadKeyed.ts, pageJson.ts). Types only: the page functions are sent as source text and may
// not import anything at run time. The page is hostile, so what it could lack or replace is typed
// as optional or unknown and checked where it is used.

/** What the page functions use of the page's `window`. */
export interface PageWindow {
  indexedDB?: PageIdbFactory;
  IDBKeyRange?: {
    lowerBound?: (key: unknown, open?: boolean) => IDBKeyRange;
    upperBound?: (key: unknown, open?: boolean) => IDBKeyRange;
    bound?: (lo: unknown, hi: unknown, loOpen?: boolean, hiOpen?: boolean) => IDBKeyRange;
  };
  JSON?: { stringify?: unknown };
  setTimeout: (f: () => void, ms?: number) => unknown;
  clearTimeout: (t: unknown) => void;
  addEventListener: (type: 'message', listener: (ev: { source: unknown; data: unknown }) => void) => void;
  postMessage: (message: unknown, targetOrigin: string) => void;
  [key: string]: unknown;
}

export type PageIdbFactory = Omit<IDBFactory, 'databases'> & { databases?: () => Promise<unknown> };

export interface PageCmd {
  op: 'read' | 'poll' | 'cancel' | 'bridgeInstall' | 'bridgePoll';
  key: string;
  /** read: where the installed page script is parked; without it the script travels with the read. */
  kit?: string;
  /** read: the most rows one transaction asks for; poll: characters per answer. */
  chunkRows?: number;
  budget?: number;
  openTimeoutMs?: number;
  /** read: the time one transaction should take; rows per transaction adapt to it. */
  sliceMs?: number;
  /** read: pause between transactions (0: one macrotask). */
  gapMs?: number;
  /** read: incremental; rows to get by key, per table (pairs), and in every table. */
  keys?: { tables: [string, string[]][]; any: string[] };
  /** read, incremental: false to count only outbox and meta (the big stores' counts are checked now and then). */
  countStores?: boolean;
  /** read, incremental, counting: false to leave the visible stores out (they are counted less often). */
  countVisible?: boolean;
  /** read, incremental: stores never counted, per database (pairs): the panel holds too many of their rows for a count to be short. */
  noCount?: [string, string[]][];
  /** read: only these databases. */
  dbs?: string[];
  /** read, full pass: false to read on the page's main thread even where a worker could start (pageWorker.ts). */
  worker?: boolean;
  /** read, full pass: how long the worker may take to answer before the page's thread reads instead. */
  workerStartMs?: number;
  /** read: encode a chunk while the next transaction reads (set by the worker, pageWorker.ts). */
  overlapEncode?: boolean;
  /** read, full pass: transactions per batch on key ranges apart (set by the worker, pageWorker.ts). */
  parallel?: number;
  /** read: caps (rows and characters per database, characters per read, one event, the deadline). */
  maxRowsPerDb?: number;
  maxCharsPerDb?: number;
  maxChars?: number;
  maxRows?: number;
  maxEventChars?: number;
  deadlineMs?: number;
  /** bridgeInstall: the command to post once installed (plasma-protocol.md §6). */
  commandId?: string;
  maxMessageChars?: number;
  maxBufferChars?: number;
}

export interface PageJson {
  quote: (s: string) => string;
  /** Always a JSON text: the native encoder when it can, else the slow one. */
  str: (v: unknown) => string;
  /** The native encoder's answer, or null when it is missing, replaced or fails on this value. */
  fast: (v: unknown) => string | null;
  /**
   * A chunk of rows as JSON: rows that are plain objects with the same keys travel as arrays of
   * values under one `cols` list (READING.md); others as `{"r": row}`. Null when the native
   * encoder cannot take them.
   */
  rows: (head: string, rows: unknown[]) => string | null;
  /** Up to 1,000 queued events (at least one) off the front of the queue, until `budget` characters, joined by commas. */
  take: (q: string[], budget: number) => string;
}

/** The job a read parks on the page's window; the panel's polls take what it queued. */
export interface ParkedRead {
  poll(budget: number): string;
  cancel(): void;
}

/** What one read shares with the database reader (pageRead.ts → pageReadStores.ts). */
export interface ReadCtx {
  /** Encode a chunk while the next transaction reads (in a worker only: pageWorker.ts). */
  overlapEncode: boolean;
  countStores: boolean;
  countVisible: boolean;
  noCount: [string, string[]][];
  json: PageJson;
  setT: (f: () => void, ms?: number) => unknown;
  now: () => number;
  lowerBound: ((key: unknown, open?: boolean) => IDBKeyRange) | null;
  /** A key range from `lo` (open or not; undefined: unbounded) up to `hi` (excluded; undefined: unbounded). */
  span: ((lo: unknown, loOpen: boolean, hi: unknown) => IDBKeyRange | null) | null;
  /** A full pass's transactions per batch, on ranges apart (1 on the page's main thread). */
  parallel: number;
  maxTxRows: number;
  sliceMs: number;
  gapMs: number;
  deadline: number;
  deadlineMs: number;
  maxRowsDb: number;
  maxCharsDb: number;
  maxCharsRead: number;
  maxRowsRead: number;
  maxEventChars: number;
  keys: { tables: [string, string[]][]; any: string[] } | null;
  push: (s: string) => void;
  emit: (e: unknown) => void;
  status: (db: string, s: string, message?: string) => void;
  tally: { chars: number; rows: number; cancelled: boolean };
}

export type Counts = Record<string, number | undefined>;

/** Where a store's next chunk starts: the row index and the key of the last row read. */
export interface Left {
  store: string;
  from: number;
  after: unknown;
  /** A range of keys (pageReadChunks.ts): from this key on (inclusive), and up to this one (exclusive). */
  at?: unknown;
  upTo?: unknown;
  /** Its rows, once read (they are emitted in key order). */
  got?: unknown[];
  /** The store's last rows. */
  last?: boolean;
}
export type KeyPaths = Record<string, string | null>;

/** Counts taken apart before a head; `bounds` asks the walk for the key at every `stride`-th row of the stores it names. */
export interface PreCount {
  counts: Counts;
  keyPaths: KeyPaths;
  bounds?: Record<string, unknown[]>;
  stride?: number;
}

/** One pending batch of keyed gets in one store. */
export interface KeyedGet {
  store: string;
  keys: string[];
}

/** The answer of a batch of keyed gets: the rows found and the keys that were not. */
export interface KeyedResult {
  store: string;
  found: unknown[];
  missing: string[];
}

/** What the database reader shares with its keyed half (pageReadStores.ts → pageReadKeyed.ts). */
export interface DbReadCtx {
  c: ReadCtx;
  name: string;
  tables: string[];
  base: string;
  tx: (stores: string[]) => IDBTransaction;
  later: (f: () => void) => void;
  take: (s: string) => boolean;
  addRows: (n: number) => void;
  isOver: () => boolean;
  abortEnd: (t: IDBTransaction) => void;
  fail: (e: unknown) => void;
}

/** The incremental half: plans, issues and emits keyed gets. */
export interface KeyedReader {
  /** The key of an inline-keyed row (the key path evaluated on it, as IndexedDB does). */
  keyOf: (keyPath: unknown, row: unknown) => unknown;
  plan: (outbox: unknown[]) => void;
  /** Reads the planned gets in transactions of their own, one store each, then calls then. */
  rest: (counted: () => void, then: () => void) => void;
  /** Counts each store in a short transaction of its own, into pre, then calls then. */
  count: (stores: string[], pre: PreCount, then: () => void) => void;
}
