// The incremental half of the database reader (pageReadStores.ts sends it beside itself, as
// source text, so it is just as self-contained): the rows the panel named and those the outbox
// names, read by key in both stores of every table, a bounded batch per transaction that adapts
// to about sliceMs (READING.md, "When the panel reads what").

import type { DbReadCtx, KeyedGet, KeyedReader, KeyedResult, PreCount } from './pageTypes.ts';

export function pageReadKeyed(d: DbReadCtx): KeyedReader {
  const { c, name, tables, base, tx, later, take, addRows, isOver, abortEnd } = d;
  const { maxTxRows, sliceMs, now, keys, lowerBound } = c;
  const { str } = c.json;
  const fieldsOf = (x: unknown): Record<string, unknown> | null =>
    typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : null;
  const idRe = /(Id|ID|_id)s?$/;

  // The key of an inline-keyed row (the key path evaluated on it, as IndexedDB does).
  function keyOf(keyPath: unknown, row: unknown): unknown {
    if (typeof keyPath === 'string') {
      if (keyPath === '') return row;
      const parts = keyPath.split('.');
      let v: unknown = row;
      for (let i = 0; i < parts.length; i++) {
        const o = fieldsOf(v);
        v = o === null ? undefined : o[String(parts[i])];
      }
      return v;
    }
    if (Array.isArray(keyPath)) {
      const path: unknown[] = keyPath;
      const k: unknown[] = [];
      for (let i = 0; i < path.length; i++) k[k.length] = keyOf(String(path[i]), row);
      return k;
    }
    return undefined;
  }

  // Ids an outbox entry's args name: `id`, `ids`, and any `…Id`/`…ID` string, bounded.
  function idsOf(args: unknown, into: string[]) {
    const a = fieldsOf(args);
    if (a === null) return;
    let n = 0;
    for (const k in a) {
      if (++n > 50) return;
      let v: unknown;
      try {
        v = a[k];
      } catch {
        continue;
      }
      if (k !== 'id' && k !== 'ids' && !idRe.test(k)) continue;
      if (typeof v === 'string') {
        if (v.length <= 512) into[into.length] = v;
      } else if (Array.isArray(v)) {
        const list: unknown[] = v;
        for (let i = 0; i < list.length && i < 100; i++) {
          const x = list[i];
          if (typeof x === 'string' && x.length <= 512) into[into.length] = x;
        }
      }
    }
  }

  let gets: KeyedGet[] = [];
  // The rows the panel named, and those the outbox names now, in every table's two stores.
  function plan(outbox: unknown[]) {
    const ids: string[] = [];
    const any = keys ? keys.any : [];
    // Pairs, not an object: a table named __proto__ must stay a table.
    const named = Object.create(null) as Record<string, unknown[] | undefined>;
    const pairs: unknown[] = keys ? keys.tables : [];
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (Array.isArray(pair) && typeof pair[0] === 'string' && Array.isArray(pair[1])) {
        const list: unknown[] = pair[1];
        named[pair[0]] = list;
      }
    }
    for (let i = 0; i < any.length; i++) ids[ids.length] = String(any[i]);
    for (let i = 0; i < outbox.length; i++) {
      const o = fieldsOf(outbox[i]);
      if (o !== null) idsOf(o.args, ids);
    }
    gets = [];
    for (let ti = 0; ti < tables.length; ti++) {
      const t = String(tables[ti]);
      const own = named[t] || [];
      const seen = Object.create(null) as Record<string, boolean | undefined>;
      const list: string[] = [];
      for (let i = 0; i < own.length + ids.length; i++) {
        const k = String(i < own.length ? own[i] : ids[i - own.length]);
        if (seen[k]) continue;
        seen[k] = true;
        list[list.length] = k;
      }
      if (list.length > 0) {
        gets[gets.length] = { store: base + t, keys: list };
        gets[gets.length] = { store: t, keys: list };
      }
    }
  }

  // Keyed gets per transaction: they start small (a get costs far more than a row of a range
  // read, and a pull names about 100 keys in each of two stores, too few transactions for a big
  // first guess to be corrected) and adapt to sliceMs like the chunks do.
  let getsPerTx = Math.min(maxTxRows, 25);
  const adaptGets = (ms: number, n: number) => {
    if (ms > sliceMs) getsPerTx = Math.max(10, Math.floor((n * sliceMs) / ms));
    else if (ms < sliceMs / 2 && n >= getsPerTx) getsPerTx = Math.min(maxTxRows, getsPerTx * 2);
  };
  // Asks transaction t, over the one store of the first pending gets, for up to getsPerTx of
  // them (taking them off the list).
  function issue(t: IDBTransaction, store: string): { results: KeyedResult[]; asked: number } {
    const results: KeyedResult[] = [];
    let n = 0;
    while (gets.length > 0 && n < getsPerTx) {
      const job = gets[0];
      if (!job || job.store !== store) break;
      const batch = job.keys.slice(0, getsPerTx - n);
      if (batch.length < job.keys.length) job.keys = job.keys.slice(batch.length);
      else gets.shift();
      const res: KeyedResult = { store: job.store, found: [], missing: [] };
      results[results.length] = res;
      const os = t.objectStore(job.store);
      for (let i = 0; i < batch.length; i++) {
        const k = String(batch[i]);
        const r = os.get(k);
        r.onsuccess = () => {
          const row: unknown = r.result;
          if (row === undefined) res.missing[res.missing.length] = k;
          else res.found[res.found.length] = row;
        };
      }
      n += batch.length;
    }
    return { results, asked: n };
  }
  function emit(results: KeyedResult[]): boolean {
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (!r) continue;
      addRows(r.found.length);
      if (!take(str({ k: 'keyed', db: name, store: r.store, found: r.found, missing: r.missing }))) return false;
    }
    return true;
  }
  // The rest of the keyed gets, in transactions of at most getsPerTx gets each.
  function readRest(counted: () => void, then: () => void) {
    if (gets.length === 0) {
      then();
      return;
    }
    later(() => {
      const store = gets[0] ? gets[0].store : '';
      counted();
      const started = now();
      // One store per transaction: the app's writes to the other stores never wait behind it.
      const t = tx([store]);
      const { results, asked } = issue(t, store);
      abortEnd(t);
      t.oncomplete = () => {
        if (isOver()) return;
        adaptGets(now() - started, asked);
        if (emit(results)) readRest(counted, then);
      };
    });
  }

  // The big stores' counts before a head (a full pass's two, an incremental read's now and then):
  // one store per transaction, and a big store counted over several, a slice of keys at a time (a
  // key cursor after the last key seen, moved on as many keys as fit in about sliceMs), so neither a count of
  // a 100k-row `_plasma_base_<t>` (70-95 ms in one count()) nor anything else delays a write for
  // longer than a chunk. Without IDBKeyRange the store is counted in one count(), as before.
  let keysPerTx = 2000;
  function count(stores: string[], i: number, pre: PreCount, then: () => void) {
    const n = stores[i];
    if (n === undefined) {
      then();
      return;
    }
    let sum = 0;
    let last: IDBValidKey | undefined;
    // A full pass asks for the key at every `stride`-th row of the stores it reads in ranges
    // (pageReadChunks.ts): the walk stops at each on its way, in the same transactions.
    const bounds = pre.bounds ? pre.bounds[n] : undefined;
    const stride = bounds && pre.stride ? pre.stride : 0;
    const step = () => {
      const t = tx([n]);
      const os = t.objectStore(n);
      pre.keyPaths[n] = typeof os.keyPath === 'string' ? os.keyPath : null;
      const started = now();
      const asked = keysPerTx;
      let more = false;
      if (lowerBound === null) {
        const r = os.count();
        r.onsuccess = () => {
          sum = r.result;
        };
      } else {
        // A key cursor moved `asked` keys on: the store walks them without handing each to JS.
        // Past the end, the keys left after the last one seen are counted (fewer than `asked`).
        const from = last === undefined ? null : lowerBound(last, true);
        const r = os.openKeyCursor(from);
        // The cursor's key is the (at)-th of this step's, the (sum + at)-th of the store's.
        let at = 0;
        let moved = false;
        r.onsuccess = () => {
          const cur = r.result;
          if (cur && at < asked - 1) {
            if (bounds && stride && at > 0 && (sum + at) % stride === 0) bounds[bounds.length] = cur.key;
            const to = stride ? Math.min(asked - 1, at + stride - ((sum + at) % stride)) : asked - 1;
            moved = true;
            cur.advance(to - at);
            at = to;
            return;
          }
          if (cur) {
            if (bounds && stride && (sum + at) % stride === 0) bounds[bounds.length] = cur.key;
            sum += asked;
            last = cur.key;
            more = true;
            return;
          }
          if (!moved) return; // nothing after the last key
          const rest = os.count(from === null ? undefined : from);
          rest.onsuccess = () => {
            sum += rest.result;
          };
        };
      }
      abortEnd(t);
      t.oncomplete = () => {
        if (isOver()) return;
        const ms = now() - started;
        if (ms > sliceMs) keysPerTx = Math.max(250, Math.floor((asked * sliceMs) / ms));
        else if (ms * 2 < sliceMs && more) keysPerTx = Math.min(32000, asked * 2);
        later(() => {
          if (more) {
            step();
            return;
          }
          pre.counts[n] = sum;
          count(stores, i + 1, pre, then);
        });
      };
    };
    step();
  }
  return {
    keyOf,
    plan,
    rest: readRest,
    count: (stores: string[], pre: PreCount, then: () => void) => {
      count(stores, 0, pre, then);
    },
  };
}
