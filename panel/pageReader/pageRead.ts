// The read half of the page script (pageScript.ts sends it beside itself, as source text, so it
// is just as self-contained: no imports but types, no outer names, no async/await or spread). It
// lists the page's databases, opens each without a version, and hands each to pageReadStores.ts,
// which reads it in short readonly transactions (READING.md). It parks the job that the panel
// polls, and holds the read's caps, deadline and tally.

import type { pageReadChunks } from './pageReadChunks.ts';
import type { pageReadKeyed } from './pageReadKeyed.ts';
import type { pageReadStores } from './pageReadStores.ts';
import type { PageCmd, PageJson, PageWindow, ParkedRead, ReadCtx } from './pageTypes.ts';

export function pageRead(
  cmd: PageCmd,
  g: PageWindow,
  json: PageJson,
  park: (v: ParkedRead) => void,
  drop: () => void,
  readStores: typeof pageReadStores,
  readKeyed: typeof pageReadKeyed,
  readChunks: typeof pageReadChunks,
): string {
  const { str } = json;
  const idb = g.indexedDB;
  const setT = g.setTimeout;
  const clearT = g.clearTimeout;
  const dateNow = Date.now;
  const now = (): number => dateNow.call(Date);
  const KR = g.IDBKeyRange;
  const lb = KR ? KR.lowerBound : undefined;
  const lowerBound =
    KR && typeof lb === 'function' ? (k: unknown, open?: boolean): IDBKeyRange => lb.call(KR, k, open) : null;
  const ub = KR ? KR.upperBound : undefined;
  const bd = KR ? KR.bound : undefined;
  const span =
    KR && lowerBound && typeof ub === 'function' && typeof bd === 'function'
      ? (lo: unknown, loOpen: boolean, hi: unknown): IDBKeyRange | null => {
          if (lo === undefined) return hi === undefined ? null : ub.call(KR, hi, true);
          return hi === undefined ? lowerBound(lo, loOpen) : bd.call(KR, lo, hi, loOpen, true);
        }
      : null;
  const openTimeoutMs = cmd.openTimeoutMs || 3000;
  const gapMs = cmd.gapMs || 0;
  const deadlineMs = cmd.deadlineMs || 120000;
  const only = cmd.dbs || null;
  // Events and serialised chunks, in the order the panel must see them.
  const out: string[] = [];
  let listed = false;
  let dbsLeft = -1;
  const ctx: ReadCtx = {
    overlapEncode: cmd.overlapEncode === true,
    countStores: cmd.countStores !== false,
    countVisible: cmd.countVisible !== false,
    noCount: cmd.noCount || [],
    json,
    setT,
    now,
    lowerBound,
    span,
    parallel: cmd.parallel || 1,
    maxTxRows: cmd.chunkRows || 1000,
    sliceMs: cmd.sliceMs || 8,
    gapMs,
    deadline: now() + deadlineMs,
    deadlineMs,
    maxRowsDb: cmd.maxRowsPerDb || 2000000,
    maxCharsDb: cmd.maxCharsPerDb || 400000000,
    maxCharsRead: cmd.maxChars || 800000000,
    maxRowsRead: cmd.maxRows || 4000000,
    maxEventChars: cmd.maxEventChars || 16000000,
    keys: cmd.keys || null,
    push: (s: string) => {
      out[out.length] = s;
      ctx.tally.chars += s.length;
    },
    emit: (e: unknown) => {
      ctx.push(str(e));
    },
    status: (db: string, s: string, message?: string) => {
      ctx.emit({ k: 'status', db, status: s, message: message || '' });
    },
    // Shared with the database reader: what this read has sent so far, and whether it was cancelled.
    tally: { chars: 0, rows: 0, cancelled: false },
  };
  const { status, emit, tally } = ctx;
  const finished = () => listed && dbsLeft === 0 && out.length === 0;

  function readDb(list: { name: string }[], i: number): void {
    const entry = list[i];
    if (!entry || !idb || tally.cancelled) {
      dbsLeft = 0;
      return;
    }
    const factory = idb;
    dbsLeft = list.length - i;
    const name = entry.name;
    const next = (): void => {
      setT(() => {
        readDb(list, i + 1);
      }, gapMs);
    };
    if (only && only.indexOf(name) < 0) {
      readDb(list, i + 1);
      return;
    }
    if (now() > ctx.deadline) {
      status(name, 'error', 'not read: the read ran past its deadline');
      readDb(list, i + 1);
      return;
    }
    if (tally.chars > ctx.maxCharsRead || tally.rows > ctx.maxRowsRead) {
      const sent = String(tally.rows) + ' rows, ' + String(tally.chars) + ' characters';
      status(name, 'error', 'not read: this read already sent ' + sent + ', over its cap');
      readDb(list, i + 1);
      return;
    }
    let settled = false;
    let created = false;
    const timer = setT(() => {
      if (settled) return;
      settled = true;
      const why = ' ms: an upgrade is waiting on another connection (another tab) or still running';
      status(name, 'blocked', 'open did not finish in ' + String(openTimeoutMs) + why);
      next();
    }, openTimeoutMs);
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name);
    } catch (e) {
      settled = true;
      clearT(timer);
      status(name, 'error', String(e));
      next();
      return;
    }
    status(name, 'opening');
    // Opening without a version never upgrades; an upgrade here means the database is gone.
    req.onupgradeneeded = () => {
      created = true;
      try {
        if (req.transaction) req.transaction.abort();
      } catch {
        // Already aborting.
      }
    };
    req.onerror = (ev: Event) => {
      try {
        ev.preventDefault();
      } catch {
        // Not cancellable in this page.
      }
      if (settled) return;
      settled = true;
      clearT(timer);
      const err = req.error;
      if (created) status(name, 'missing', 'the database no longer exists');
      else status(name, 'error', err && err.message ? err.name + ': ' + err.message : String(err));
      next();
    };
    req.onsuccess = () => {
      const db = req.result;
      if (settled) {
        db.close();
        return;
      }
      settled = true;
      clearT(timer);
      readStores(ctx, db, name, next, readKeyed, readChunks);
    };
  }

  park({
    poll(budget: number) {
      const body = json.take(out, budget);
      const done = finished();
      if (done) drop();
      return '{"v":1,"events":[' + body + '],"done":' + (done ? 'true' : 'false') + '}';
    },
    cancel() {
      tally.cancelled = true;
    },
  });

  const noList = (message: string) => {
    emit({ k: 'dbs', supported: false, message, list: [] });
    listed = true;
    dbsLeft = 0;
  };
  const databases = idb ? idb.databases : undefined;
  if (!idb || typeof databases !== 'function') {
    noList('indexedDB.databases() is not available in this page');
    return '{"v":1,"started":true}';
  }
  let p: Promise<unknown> | null = null;
  try {
    p = databases.call(idb);
  } catch (e) {
    noList(String(e));
  }
  if (p)
    p.then(
      (found: unknown) => {
        const arr: { name: string; version: number }[] = [];
        const list = Array.isArray(found) ? (found as unknown[]) : [];
        for (let i = 0; i < list.length && i < 200; i++) {
          const d = list[i];
          const o = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : null;
          if (o && typeof o.name === 'string') arr[arr.length] = { name: o.name, version: Number(o.version) || 0 };
        }
        emit({ k: 'dbs', supported: true, list: arr });
        listed = true;
        readDb(arr, 0);
      },
      (e: unknown) => {
        noList(String(e));
      },
    );
  return '{"v":1,"started":true}';
}
