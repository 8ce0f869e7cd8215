// The database half of the page reader (pageRead.ts sends it beside itself, as source text, so it
// is just as self-contained). It reads one opened plasma database in short readonly transactions:
// a head (counts, meta, the outbox's first rows), then each store in chunks of at most
// `maxTxRows` rows adapted to about `sliceMs`, a macrotask between batches (pageReadChunks.ts),
// then the head again when more than one transaction was used; or, incremental, the named rows by key
// (pageReadKeyed.ts). `c` is the read's shared context (output, caps, tally); READING.md says why.

import type { pageReadChunks } from './pageReadChunks.ts';
import type { pageReadKeyed } from './pageReadKeyed.ts';
import type { Counts, DbReadCtx, KeyPaths, Left, PreCount, ReadCtx } from './pageTypes.ts';

export function pageReadStores(
  c: ReadCtx,
  db: IDBDatabase,
  name: string,
  next: () => void,
  readKeyed: typeof pageReadKeyed,
  readChunks: typeof pageReadChunks,
): void {
  const OUTBOX = '_plasma_outbox';
  const META = '_plasma_meta';
  const BASE = '_plasma_base_';
  const { json, setT, now, maxTxRows, gapMs, keys, status, tally } = c;
  const { quote, str } = json;

  const names: string[] = [];
  for (let i = 0; i < db.objectStoreNames.length; i++) names[names.length] = String(db.objectStoreNames.item(i));
  if (names.indexOf(OUTBOX) < 0) {
    db.close();
    status(name, 'notPlasma');
    next();
    return;
  }
  const full: string[] = [];
  const counted: string[] = [];
  const tables: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const n = String(names[i]);
    const isTable = names.indexOf(BASE + n) >= 0;
    if (isTable) tables[tables.length] = n;
    if (n === OUTBOX || n === META || n.indexOf(BASE) === 0 || isTable) full[full.length] = n;
    else counted[counted.length] = n;
  }
  const hasMeta = names.indexOf(META) >= 0;
  const all = full.concat(counted);
  let over = false;
  let rowsDb = 0;
  let charsDb = 0;
  const short: { store: string; count: number }[] = [];
  const end = (s: string | null, message: string) => {
    if (over) return;
    over = true;
    try {
      db.close();
    } catch {
      // Closed already.
    }
    if (s) status(name, s, message);
    next();
  };
  db.onversionchange = (ev: IDBVersionChangeEvent) => {
    // newVersion null: the app deletes the database; otherwise it upgrades it.
    if (ev.newVersion === null) end('missing', 'the app deleted this database while it was read');
    else
      end('upgrading', 'the app started an upgrade of this database while it was read: read again after it finishes');
  };
  status(name, 'reading');
  const fail = (e: unknown) => {
    end('error', String(e));
  };
  const abortEnd = (t: IDBTransaction) => {
    t.onabort = () => {
      end('error', 'a read transaction aborted: ' + String(t.error));
    };
  };
  // Every transaction here is short: asked for a bounded amount, left to commit; then a macrotask.
  const tx = (stores: string[]): IDBTransaction => db.transaction(stores, 'readonly');
  function later(f: () => void) {
    setT(() => {
      if (over) return;
      if (tally.cancelled) {
        end(null, '');
        return;
      }
      if (now() > c.deadline) {
        end('error', 'the read ran past its deadline (' + String(c.deadlineMs) + ' ms) and stopped');
        return;
      }
      try {
        f();
      } catch (e) {
        fail(e);
      }
    }, gapMs);
  }
  function take(s: string): boolean {
    charsDb += s.length;
    if (s.length > c.maxEventChars) {
      const size = String(s.length) + ' characters, over the ' + String(c.maxEventChars);
      end('error', 'a chunk of this database encodes to ' + size + ' bound: a row is too large to read');
      return false;
    }
    if (
      charsDb > c.maxCharsDb ||
      rowsDb > c.maxRowsDb ||
      tally.chars + s.length > c.maxCharsRead ||
      tally.rows > c.maxRowsRead
    ) {
      const size = String(rowsDb) + ' rows, ' + String(charsDb) + ' characters';
      end('error', 'this database is over the read cap (' + size + '): not read');
      return false;
    }
    c.push(s);
    return true;
  }
  const addRows = (n: number) => {
    rowsDb += n;
    tally.rows += n;
  };
  function chunk(store: string, from: number, total: number, rows: unknown[]): boolean {
    addRows(rows.length);
    const where = '{"k":"chunk","db":' + quote(name) + ',"store":' + quote(store);
    const head = where + ',"from":' + String(from) + ',"total":' + String(total);
    let s = json.rows(head, rows);
    if (s === null) {
      let body = '';
      for (let i = 0; i < rows.length; i++) body += (i ? ',' : '') + str(rows[i]);
      s = head + ',"rows":[' + body + ']}';
    }
    return take(s);
  }
  const dbc: DbReadCtx = {
    c,
    name,
    tables,
    base: BASE,
    tx,
    later,
    take,
    addRows,
    isOver: () => over,
    abortEnd,
    fail,
  };
  const incremental = keys !== null;
  const keyed = readKeyed(dbc);
  const keyOf = keyed.keyOf;
  const chunks = readChunks(dbc, { chunk, short, keyOf });
  // The stores counted apart, each in a transaction of its own, before each head (a count of a big
  // store then holds back only writes to it); an incremental read leaves out the visible stores
  // unless asked, and the stores the panel holds too many rows of for a count to be short.
  let noCount: string[] = [];
  for (let i = 0; i < c.noCount.length; i++) {
    const pair = c.noCount[i];
    if (pair && pair[0] === name) noCount = pair[1];
  }
  const big: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const n = String(all[i]);
    if (n === OUTBOX || n === META) continue;
    if (incremental && (noCount.indexOf(n) >= 0 || (!c.countVisible && tables.indexOf(n) >= 0))) continue;
    big[big.length] = n;
  }
  const fresh = (): PreCount => ({ counts: Object.create(null) as Counts, keyPaths: Object.create(null) as KeyPaths });

  // The signature: counts, meta and the outbox's first rows, read in one transaction (at most
  // maxTxRows rows of each).
  function head(
    cb: (sig: string, counts: Counts, keyPaths: KeyPaths, meta: unknown[], outbox: unknown[]) => void,
    inTx: ((outbox: unknown[]) => void) | null,
    pre: PreCount | null,
  ) {
    // A head covers outbox and meta only (a readonly transaction holds back writes to every store
    // in its scope); the other stores, when counted, were counted before, each apart (`pre`).
    const scope = hasMeta ? [OUTBOX, META] : [OUTBOX];
    const t = tx(scope);
    const counts: Counts = pre ? pre.counts : (Object.create(null) as Counts);
    const keyPaths: KeyPaths = pre ? pre.keyPaths : (Object.create(null) as KeyPaths);
    let meta: unknown[] = [];
    let outbox: unknown[] = [];
    for (let i = 0; i < scope.length; i++) {
      const n = String(scope[i]);
      const os = t.objectStore(n);
      keyPaths[n] = typeof os.keyPath === 'string' ? os.keyPath : null;
      const r = os.count();
      r.onsuccess = () => {
        counts[n] = r.result;
      };
    }
    if (hasMeta) {
      const m = t.objectStore(META).getAll(null, maxTxRows);
      m.onsuccess = () => {
        meta = m.result;
      };
    }
    const o = t.objectStore(OUTBOX).getAll(null, maxTxRows);
    o.onsuccess = () => {
      outbox = o.result;
      if (inTx) inTx(outbox);
    };
    abortEnd(t);
    t.oncomplete = () => {
      if (over) return;
      let sig = '';
      for (let i = 0; i < all.length; i++) {
        const n = String(all[i]);
        if (keys === null || n === OUTBOX || n === META) sig += String(counts[n] || 0) + ',';
      }
      cb(sig + str(meta) + str(outbox), counts, keyPaths, meta, outbox);
    };
  }

  const start = (pre: PreCount | null) => {
    head(
      (sig, counts, keyPaths, meta, outbox) => {
        opened(sig, counts, keyPaths, meta, outbox, pre !== null);
      },
      incremental
        ? (outbox) => {
            keyed.plan(outbox);
          }
        : null,
      pre,
    );
  };
  // A full pass read in ranges (pageReadChunks.ts) has the count walk note their bounds.
  const stride = incremental ? 0 : chunks.stride;
  const bounds: Record<string, unknown[]> = Object.create(null) as Record<string, unknown[]>;
  if (!incremental || c.countStores) {
    const pre = fresh();
    if (stride) {
      for (let i = 0; i < full.length; i++) {
        const n = String(full[i]);
        if (n !== OUTBOX && n !== META) bounds[n] = [];
      }
      pre.bounds = bounds;
      pre.stride = stride;
    }
    keyed.count(big, pre, () => {
      start(pre);
    });
  } else start(null);

  function opened(
    sig: string,
    counts: Counts,
    keyPaths: KeyPaths,
    meta: unknown[],
    outbox: unknown[],
    countedApart: boolean,
  ) {
    const stores: { name: string; count: number; read: boolean; keyPath: string | null; counted: boolean }[] = [];
    for (let j = 0; j < all.length; j++) {
      const n = String(all[j]);
      const read = j < full.length && (!incremental || n === OUTBOX || n === META);
      const count = counts[n];
      stores[stores.length] = {
        name: n,
        count: count || 0,
        read,
        keyPath: keyPaths[n] || null,
        counted: count !== undefined,
      };
    }
    c.emit({ k: 'db', db: name, version: db.version || 0, stores, incremental });
    // The head's meta and outbox rows are their stores' first chunks.
    const left: Left[] = [];
    if (hasMeta && !chunk(META, 0, counts[META] || 0, meta)) return;
    if (!chunk(OUTBOX, 0, counts[OUTBOX] || 0, outbox)) return;
    if ((counts[OUTBOX] || 0) > outbox.length)
      left[left.length] = {
        store: OUTBOX,
        from: outbox.length,
        after: keyOf(keyPaths[OUTBOX], outbox[outbox.length - 1]),
      };
    if (hasMeta && (counts[META] || 0) > meta.length)
      left[left.length] = { store: META, from: meta.length, after: keyOf(keyPaths[META], meta[meta.length - 1]) };
    let txs = countedApart ? 2 : 1;
    const counter = () => {
      txs++;
    };
    const done = (same: boolean) => {
      if (over) return;
      const consistent = same && short.length === 0;
      over = true;
      try {
        db.close();
      } catch {
        // Closed already.
      }
      c.emit({ k: 'dbDone', db: name, consistent, short });
      next();
    };
    const tail = () => {
      if (txs <= 1) {
        done(true);
        return;
      }
      // A full pass counts again (apart, as before); an incremental one compares outbox and meta.
      const pre2 = incremental ? null : fresh();
      keyed.count(pre2 ? big : [], pre2 || fresh(), () => {
        head(
          (sig2) => {
            done(sig2 === sig);
          },
          null,
          pre2,
        );
      });
    };
    if (!incremental) {
      for (let j = 0; j < full.length; j++) {
        const n = String(full[j]);
        if (n !== OUTBOX && n !== META) {
          const jobs = chunks.jobsOf(n, bounds[n]);
          for (let k = 0; k < jobs.length; k++) left[left.length] = jobs[k] as Left;
        }
      }
      chunks.read(left, counts, counter, tail);
      return;
    }
    // Incremental: the named rows, by key, in transactions of their own.
    keyed.rest(counter, tail);
  }
}
