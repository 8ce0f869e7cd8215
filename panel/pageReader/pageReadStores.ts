// The database half of the page reader (pageRead.ts sends it beside itself, as source text, so it
// is just as self-contained). It reads one opened plasma database in short readonly transactions:
// a head (counts, meta, the outbox's first rows), then each store in chunks of at most
// `maxTxRows` rows adapted to about `sliceMs`, a macrotask between transactions, then the head
// again when more than one transaction was used; or, incremental, the named rows by key. `c` is
// the read's shared context (output, caps, tally); READING.md says why each rule.

/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs in someone else's page */
type Any = any;

export function pageReadStores(c: Any, db: Any, name: string, next: () => void): void {
  const OUTBOX = '_plasma_outbox';
  const META = '_plasma_meta';
  const BASE = '_plasma_base_';
  const {
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
  } = c;
  const { quote, str } = json;

  // The key of an inline-keyed row (the key path evaluated on it, as IndexedDB does).
  function keyOf(keyPath: Any, row: Any): Any {
    if (typeof keyPath === 'string') {
      if (keyPath === '') return row;
      const parts = keyPath.split('.');
      let v = row;
      for (let i = 0; i < parts.length; i++) v = v == null ? undefined : v[parts[i] as string];
      return v;
    }
    if (keyPath && typeof keyPath.length === 'number') {
      const k: Any[] = [];
      for (let i = 0; i < keyPath.length; i++) k[k.length] = keyOf(String(keyPath[i]), row);
      return k;
    }
    return undefined;
  }
  // Ids an outbox entry's args name: `id`, `ids`, and any `…Id`/`…ID` string, bounded.
  function idsOf(args: Any, into: string[]) {
    if (!args || typeof args !== 'object') return;
    let n = 0;
    for (const k in args) {
      if (++n > 50) return;
      let v: Any;
      try {
        v = args[k];
      } catch {
        continue;
      }
      const named = k === 'id' || k === 'ids' || /(Id|ID|_id)s?$/.test(k);
      if (!named) continue;
      if (typeof v === 'string' && v.length <= 512) into[into.length] = v;
      else if (v && typeof v.length === 'number' && typeof v !== 'string')
        for (let i = 0; i < v.length && i < 100; i++)
          if (typeof v[i] === 'string' && v[i].length <= 512) into[into.length] = v[i];
    }
  }

  const names: string[] = [];
  for (let i = 0; i < db.objectStoreNames.length; i++) names[names.length] = String(db.objectStoreNames.item(i));
  if (names.indexOf(OUTBOX) < 0) {
    db.close();
    status(name, 'notPlasma');
    return next();
  }
  const full: string[] = [];
  const counted: string[] = [];
  const tables: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const n = names[i] as string;
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
  const short: Any[] = [];
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
  db.onversionchange = (ev: Any) => {
    // newVersion null: the app deletes the database; otherwise it upgrades it.
    if (ev && ev.newVersion === null) end('missing', 'the app deleted this database while it was read');
    else
      end('upgrading', 'the app started an upgrade of this database while it was read: read again after it finishes');
  };
  status(name, 'reading');
  const fail = (e: Any) => end('error', String(e));
  // Every transaction here is short: it is created, asked for a bounded amount, and left to
  // commit; the next one starts after a macrotask.
  function tx(stores: string[]): Any {
    return db.transaction(stores, 'readonly');
  }
  function later(f: () => void) {
    setT(() => {
      if (over) return;
      if (tally.cancelled) return end(null, '');
      if (now() > deadline) return end('error', 'the read ran past its deadline (' + deadlineMs + ' ms) and stopped');
      try {
        f();
      } catch (e) {
        fail(e);
      }
    }, gapMs);
  }
  function take(s: string): boolean {
    charsDb += s.length;
    if (s.length > maxEventChars) {
      end(
        'error',
        'a chunk of this database encodes to ' +
          s.length +
          ' characters, over the ' +
          maxEventChars +
          ' bound: a row is too large to read',
      );
      return false;
    }
    if (
      charsDb > maxCharsDb ||
      rowsDb > maxRowsDb ||
      tally.chars + s.length > maxCharsRead ||
      tally.rows > maxRowsRead
    ) {
      end('error', 'this database is over the read cap (' + rowsDb + ' rows, ' + charsDb + ' characters): not read');
      return false;
    }
    push(s);
    return true;
  }
  function chunk(store: string, from: number, total: number, rows: Any[]): boolean {
    rowsDb += rows.length;
    tally.rows += rows.length;
    let s = json.fast({ k: 'chunk', db: name, store, from, total, rows });
    if (s === null) {
      let body = '';
      for (let i = 0; i < rows.length; i++) body += (i ? ',' : '') + str(rows[i]);
      s =
        '{"k":"chunk","db":' +
        quote(name) +
        ',"store":' +
        quote(store) +
        ',"from":' +
        from +
        ',"total":' +
        total +
        ',"rows":[' +
        body +
        ']}';
    }
    return take(s);
  }

  // The signature: counts, meta and the outbox's first rows, read in one transaction (at most
  // chunkRows rows of each).
  function head(
    cb: (sig: string, counts: Any, keyPaths: Any, meta: Any[], outbox: Any[]) => void,
    inTx?: (t: Any, outbox: Any[]) => void,
    recheck?: boolean,
  ) {
    const t = tx(all);
    const counts: Any = { __proto__: null };
    const keyPaths: Any = { __proto__: null };
    let meta: Any[] = [];
    let outbox: Any[] = [];
    for (let i = 0; i < all.length; i++) {
      const n = all[i] as string;
      const os = t.objectStore(n);
      keyPaths[n] = typeof os.keyPath === 'string' ? os.keyPath : null;
      // An incremental read may skip counting the big stores (the panel checks them now and then).
      // The closing check of an incremental read compares meta and the outbox only: counting a
      // 100k-row store again would hold the app's writes a second time.
      if (keys !== null && (c.countStores === false || recheck) && n !== OUTBOX && n !== META) continue;
      const r = os.count();
      r.onsuccess = () => void (counts[n] = r.result);
    }
    if (hasMeta) {
      const m = t.objectStore(META).getAll(null, maxTxRows);
      m.onsuccess = () => void (meta = m.result || []);
    }
    const o = t.objectStore(OUTBOX).getAll(null, maxTxRows);
    o.onsuccess = () => {
      outbox = o.result || [];
      if (inTx) inTx(t, outbox);
    };
    t.onabort = () => end('error', 'a read transaction aborted: ' + String(t.error));
    t.oncomplete = () => {
      if (over) return;
      let sig = '';
      for (let i = 0; i < all.length; i++)
        if (keys === null || all[i] === OUTBOX || all[i] === META) sig += (counts[all[i] as string] || 0) + ',';
      cb(sig + str(meta) + str(outbox), counts, keyPaths, meta, outbox);
    };
  }

  head(
    (sig, counts, keyPaths, meta, outbox) => {
      const stores: Any[] = [];
      const incremental = keys !== null;
      for (let j = 0; j < all.length; j++) {
        const n = all[j] as string;
        const read = j < full.length && (!incremental || n === OUTBOX || n === META);
        stores[stores.length] = {
          name: n,
          count: counts[n] || 0,
          read,
          keyPath: keyPaths[n],
          counted: counts[n] !== undefined,
        };
      }
      emit({ k: 'db', db: name, version: Number(db.version) || 0, stores, incremental });
      // The head's meta and outbox rows are their stores' first chunks.
      const left: Any[] = [];
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
      let txs = 1;
      const tail = () => {
        if (txs <= 1) return done(true);
        head((sig2) => done(sig2 === sig), undefined, keys !== null);
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
        emit({ k: 'dbDone', db: name, consistent, short });
        next();
      };
      if (!incremental) {
        for (let j = 0; j < full.length; j++) {
          const n = full[j] as string;
          if (n !== OUTBOX && n !== META) left[left.length] = { store: n, from: 0, after: undefined };
        }
        return readChunks(left, counts, keyPaths, () => txs++, tail, null);
      }
      // Incremental: the head transaction already asked for the first batch of named rows.
      if (!emitKeyed(firstBatch)) return;
      readKeyed(restGets, () => txs++, tail);
    },
    keys === null
      ? undefined
      : (t, outbox) => {
          restGets = planGets(outbox);
          // A head that counts the big stores has spent its budget: the gets go in the next ones.
          if (c.countStores === false) firstBatch = issue(t, restGets);
        },
  );

  let firstBatch: Any[] = [];
  let restGets: Any[] = [];
  // The rows the panel named, and those the outbox names now, in every table's two stores.
  function planGets(outbox: Any[]): Any[] {
    const ids: string[] = [];
    const any = (keys && keys.any) || [];
    // Pairs, not an object: a table named __proto__ must stay a table.
    const named: Any = { __proto__: null };
    const pairs: Any[] = (keys && keys.tables) || [];
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (pair && typeof pair[0] === 'string') named[pair[0]] = pair[1];
    }
    for (let i = 0; i < any.length; i++) ids[ids.length] = String(any[i]);
    for (let i = 0; i < outbox.length; i++) idsOf(outbox[i] && outbox[i].args, ids);
    const gets: Any[] = [];
    for (let ti = 0; ti < tables.length; ti++) {
      const t = tables[ti] as string;
      const own = (named[t] as string[] | undefined) || [];
      const seen: Any = { __proto__: null };
      const list: string[] = [];
      for (let i = 0; i < own.length + ids.length; i++) {
        const k = String(i < own.length ? own[i] : ids[i - own.length]);
        if (seen[k]) continue;
        seen[k] = true;
        list[list.length] = k;
      }
      if (list.length > 0) {
        gets[gets.length] = { store: BASE + t, keys: list };
        gets[gets.length] = { store: t, keys: list };
      }
    }
    return gets;
  }
  // Asks transaction t for up to rowsPerTx of the pending gets (taking them off the list).
  function issue(t: Any, gets: Any[]): Any[] {
    const results: Any[] = [];
    let n = 0;
    while (gets.length > 0 && n < getsPerTx) {
      const job = gets[0];
      const batch: string[] = job.keys.slice(0, getsPerTx - n);
      if (batch.length < job.keys.length) job.keys = job.keys.slice(batch.length);
      else gets.shift();
      const res = { store: job.store, found: [] as Any[], missing: [] as string[] };
      results[results.length] = res;
      const os = t.objectStore(job.store);
      for (let i = 0; i < batch.length; i++) {
        const k = batch[i] as string;
        const r = os.get(k);
        r.onsuccess = () => {
          if (r.result === undefined) res.missing[res.missing.length] = k;
          else res.found[res.found.length] = r.result;
        };
      }
      n += batch.length;
    }
    return results;
  }
  function emitKeyed(results: Any[]): boolean {
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      rowsDb += r.found.length;
      tally.rows += r.found.length;
      if (!take(str({ k: 'keyed', db: name, store: r.store, found: r.found, missing: r.missing }))) return false;
    }
    return true;
  }

  // Each store from where the head left it, in transactions of at most rowsPerTx rows (adapted
  // so one takes about sliceMs), each serialised once its transaction is over.
  let rowsPerTx = maxTxRows;
  const adapt = (ms: number) => {
    if (ms > sliceMs) rowsPerTx = Math.max(50, Math.floor((rowsPerTx * sliceMs) / ms));
    else if (ms < sliceMs / 2) rowsPerTx = Math.min(maxTxRows, rowsPerTx * 2);
  };
  // `carry` encodes the previous chunk: it runs right after this transaction is asked for its
  // rows, so the page encodes chunk k while IndexedDB reads chunk k+1; the transactions stay
  // short and a macrotask still separates each from the next.
  function readChunks(
    left: Any[],
    counts: Any,
    keyPaths: Any,
    counted: () => void,
    then: () => void,
    carry: (() => boolean) | null,
  ) {
    later(() => {
      let job = left.shift();
      while (job && job.from >= (counts[job.store] || 0) && job.from > 0) job = left.shift();
      if (!job) {
        if (carry && !carry()) return;
        return then();
      }
      const n = job.store as string;
      const total = counts[n] || 0;
      counted();
      const started = now();
      const t = tx([n]);
      const os = t.objectStore(n);
      const keyPath = os.keyPath;
      const ranged = job.after !== undefined && lowerBound !== null;
      const range = ranged ? lowerBound(job.after, true) : null;
      const limit = lowerBound ? rowsPerTx : undefined;
      const keysReq = lowerBound && (keyPath === null || keyPath === undefined) ? os.getAllKeys(range, limit) : null;
      const r = os.getAll(range, limit);
      let rows: Any[] = [];
      let took = 0;
      r.onsuccess = () => {
        rows = r.result || [];
        took = now() - started;
      };
      t.onabort = () => end('error', 'a read transaction aborted: ' + String(t.error));
      if (carry && !carry()) return;
      t.oncomplete = () => {
        if (over) return;
        adapt(took);
        try {
          const got = job.from + rows.length;
          // A store that grew during the read is cut at the count the panel was told (the tail
          // check then finds the counts moved).
          const part = got > total ? rows.slice(0, Math.max(0, total - job.from)) : rows;
          if (lowerBound && rows.length === limit && got < total) {
            const last = keysReq ? keysReq.result[keysReq.result.length - 1] : keyOf(keyPath, rows[rows.length - 1]);
            left.unshift({ store: n, from: got, after: last });
          } else if (job.from + part.length < total) {
            // The store shrank during the read: its chunks end short of the count.
            short[short.length] = { store: n, count: job.from + part.length };
          }
          const from = job.from;
          readChunks(left, counts, keyPaths, counted, then, () => {
            for (let i = 0; i < part.length; i += maxTxRows) {
              if (!chunk(n, from + i, total, part.length <= maxTxRows ? part : part.slice(i, i + maxTxRows)))
                return false;
            }
            return true;
          });
        } catch (e) {
          fail(e);
        }
      };
    });
  }

  // Keyed gets per transaction: they start small (a get costs far more than a row of a range
  // read) and adapt to sliceMs like the chunks do.
  let getsPerTx = Math.min(maxTxRows, 100);
  const adaptGets = (ms: number, n: number) => {
    if (ms > sliceMs) getsPerTx = Math.max(10, Math.floor((n * sliceMs) / ms));
    else if (ms < sliceMs / 2 && n >= getsPerTx) getsPerTx = Math.min(maxTxRows, getsPerTx * 2);
  };
  // The rest of the keyed gets, in transactions of at most getsPerTx gets each.
  function readKeyed(gets: Any[], counted: () => void, then: () => void) {
    if (gets.length === 0) return then();
    later(() => {
      counted();
      const started = now();
      const t = tx(full);
      const before = gets.reduce((a: number, g: Any) => a + g.keys.length, 0);
      const results = issue(t, gets);
      const asked = before - gets.reduce((a: number, g: Any) => a + g.keys.length, 0);
      t.onabort = () => end('error', 'a read transaction aborted: ' + String(t.error));
      t.oncomplete = () => {
        if (over) return;
        adaptGets(now() - started, asked);
        if (emitKeyed(results)) readKeyed(gets, counted, then);
      };
    });
  }
}
