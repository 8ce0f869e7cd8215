// The read half of the page script (pageScript.ts sends it beside itself, as source text, so it
// is just as self-contained: no imports, no outer names, no async/await or spread). It lists the
// page's databases, opens each without a version, and hands each to pageReadStores.ts, which
// reads it in short readonly transactions (READING.md). It parks the job that the panel polls,
// and holds the read's caps, deadline and tally.

/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs in someone else's page */
import type { PageJson } from './pageJson.ts';
import type { PageCmd } from './pageScript.ts';
import type { pageReadStores } from './pageReadStores.ts';

type Any = any;

export function pageRead(
  cmd: PageCmd,
  g: Any,
  json: PageJson,
  park: (v: Any) => void,
  drop: () => void,
  readStores: typeof pageReadStores,
): string {
  const { str } = json;
  const idb = g.indexedDB;
  const setT = g.setTimeout;
  const clearT = g.clearTimeout;
  const dateNow = Date.now;
  const now = (): number => dateNow.call(Date);
  const KR = g.IDBKeyRange;
  const lowerBound = KR && typeof KR.lowerBound === 'function' ? KR.lowerBound : null;
  const maxTxRows = cmd.chunkRows || 1000;
  const sliceMs = cmd.sliceMs || 8;
  const gapMs = cmd.gapMs || 0;
  const openTimeoutMs = cmd.openTimeoutMs || 3000;
  const t0 = now();
  const deadline = t0 + (cmd.deadlineMs || 120000);
  const maxRowsDb = cmd.maxRowsPerDb || 2000000;
  const maxCharsDb = cmd.maxCharsPerDb || 400000000;
  const maxCharsRead = cmd.maxChars || 800000000;
  const maxRowsRead = cmd.maxRows || 4000000;
  const maxEventChars = cmd.maxEventChars || 16000000;
  const keys = cmd.keys || null;
  const only = cmd.dbs || null;
  // Events and serialised chunks, in the order the panel must see them.
  const out: string[] = [];
  let listed = false;
  let dbsLeft = -1;
  // Shared with the database reader: what this read has sent so far, and whether it was cancelled.
  const tally = { chars: 0, rows: 0, cancelled: false };
  const push = (s: string) => {
    out[out.length] = s;
    tally.chars += s.length;
  };
  const emit = (e: Any) => push(str(e));
  const status = (db: string, s: string, message?: string) =>
    emit({ k: 'status', db, status: s, message: message || '' });
  const finished = () => listed && dbsLeft === 0 && out.length === 0;
  const deadlineMs = cmd.deadlineMs || 120000;
  const ctx = {
    countStores: cmd.countStores !== false,
    json,
    setT,
    now,
    lowerBound,
    maxTxRows,
    sliceMs,
    gapMs,
    deadline,
    deadlineMs,
    maxRowsDb,
    maxCharsDb,
    maxCharsRead,
    maxRowsRead,
    maxEventChars,
    keys,
    push,
    emit,
    status,
    tally,
  };

  function readDb(list: Any[], i: number): void {
    if (i >= list.length || tally.cancelled) {
      dbsLeft = 0;
      return;
    }
    dbsLeft = list.length - i;
    const name = String(list[i].name);
    const next = (): void => void setT(() => readDb(list, i + 1), gapMs);
    if (only && only.indexOf(name) < 0) return readDb(list, i + 1);
    if (now() > deadline) {
      status(name, 'error', 'not read: the read ran past its deadline');
      return readDb(list, i + 1);
    }
    if (tally.chars > maxCharsRead || tally.rows > maxRowsRead) {
      status(
        name,
        'error',
        'not read: this read already sent ' + tally.rows + ' rows, ' + tally.chars + ' characters, over its cap',
      );
      return readDb(list, i + 1);
    }
    let settled = false;
    let created = false;
    const timer = setT(() => {
      if (settled) return;
      settled = true;
      status(
        name,
        'blocked',
        'open did not finish in ' +
          openTimeoutMs +
          ' ms: an upgrade is waiting on another connection (another tab) or still running',
      );
      next();
    }, openTimeoutMs);
    let req: Any;
    try {
      req = idb.open(name);
    } catch (e) {
      settled = true;
      clearT(timer);
      status(name, 'error', String(e));
      return next();
    }
    status(name, 'opening');
    // Opening without a version never upgrades; an upgrade here means the database is gone.
    req.onupgradeneeded = () => {
      created = true;
      try {
        req.transaction.abort();
      } catch {
        // Already aborting.
      }
    };
    req.onerror = (ev: Any) => {
      try {
        ev.preventDefault();
      } catch {
        // Not cancellable in this page.
      }
      if (settled) return;
      settled = true;
      clearT(timer);
      if (created) status(name, 'missing', 'the database no longer exists');
      else
        status(
          name,
          'error',
          String(req.error && req.error.message ? req.error.name + ': ' + req.error.message : req.error),
        );
      next();
    };
    req.onsuccess = () => {
      const db = req.result;
      if (settled) return db.close();
      settled = true;
      clearT(timer);
      readStores(ctx, db, name, next);
    };
  }

  park({
    poll(budget: number) {
      let body = '';
      let n = 0;
      while (n < out.length && n < 1000 && (n === 0 || body.length < budget)) body += (n ? ',' : '') + out[n++];
      out.splice(0, n);
      const done = finished();
      if (done) drop();
      return '{"v":1,"events":[' + body + '],"done":' + (done ? 'true' : 'false') + '}';
    },
    cancel() {
      tally.cancelled = true;
    },
  });

  if (!idb || typeof idb.databases !== 'function') {
    emit({ k: 'dbs', supported: false, message: 'indexedDB.databases() is not available in this page', list: [] });
    listed = true;
    dbsLeft = 0;
    return '{"v":1,"started":true}';
  }
  let p: Any;
  try {
    p = idb.databases();
  } catch (e) {
    p = null;
    emit({ k: 'dbs', supported: false, message: String(e), list: [] });
    listed = true;
    dbsLeft = 0;
  }
  if (p)
    p.then(
      (list: Any) => {
        const arr: Any[] = [];
        if (list && typeof list.length === 'number')
          for (let i = 0; i < list.length && i < 200; i++)
            if (list[i] && typeof list[i].name === 'string')
              arr[arr.length] = { name: list[i].name, version: Number(list[i].version) || 0 };
        emit({ k: 'dbs', supported: true, list: arr });
        listed = true;
        readDb(arr, 0);
      },
      (e: Any) => {
        emit({ k: 'dbs', supported: false, message: String(e), list: [] });
        listed = true;
        dbsLeft = 0;
      },
    );
  return '{"v":1,"started":true}';
}
