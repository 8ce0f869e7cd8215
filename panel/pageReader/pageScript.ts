// The function the panel injects into the inspected page with chrome.devtools.inspectedWindow.eval
// (READING.md says why eval). It runs in the page's main world, once per eval call, and parks its
// state on the page's window under a random key between calls. Its source is sent as text, so it is
// self-contained: no imports, no outer names, no async/await or spread a compiler could rewrite
// into helpers. The page is hostile: what it needs is captured at the start, and every failure
// becomes a reported state, never a throw. The panel guards all it returns (decode.ts, bridge.ts).

/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs in someone else's page */
import { pageJson, type PageJson } from './pageJson.ts';

type Any = any;

export interface PageCmd {
  op: 'read' | 'poll' | 'cancel' | 'bridgeInstall' | 'bridgePoll';
  key: string;
  /** read: rows per chunk; poll: characters per answer. */
  chunkRows?: number;
  budget?: number;
  openTimeoutMs?: number;
  /** bridgeInstall: the command to post once installed (plasma-protocol.md §6). */
  commandId?: string;
  maxMessageChars?: number;
  maxBufferChars?: number;
}

export function pageScript(cmd: PageCmd, g: Any, json: PageJson): string {
  const OUTBOX = '_plasma_outbox';
  const META = '_plasma_meta';
  const BASE = '_plasma_base_';
  const { quote, str } = json;
  function park(value: Any) {
    try {
      Object.defineProperty(g, cmd.key, { value, configurable: true, enumerable: false, writable: true });
    } catch {
      g[cmd.key] = value;
    }
  }
  function parked(): Any {
    try {
      return g[cmd.key];
    } catch {
      return undefined;
    }
  }
  function drop() {
    try {
      delete g[cmd.key];
    } catch {
      // A page that froze its window keeps the job; it is small once drained.
    }
  }

  try {
    if (cmd.op === 'poll') {
      const job = parked();
      return job && typeof job.poll === 'function' ? String(job.poll(cmd.budget || 2e6)) : '{"v":1,"gone":true}';
    }
    if (cmd.op === 'cancel') {
      drop();
      return '{"v":1,"cancelled":true}';
    }
    if (cmd.op === 'bridgePoll') {
      const b = parked();
      return b && typeof b.drain === 'function' ? String(b.drain()) : '{"v":1,"gone":true}';
    }
    if (cmd.op === 'bridgeInstall') return installBridge();
    if (cmd.op === 'read') return startRead();
    return '{"v":1,"error":"unknown op"}';
  } catch (e) {
    return '{"v":1,"error":' + quote(String(e)) + '}';
  }

  function installBridge(): string {
    const existing = parked();
    if (existing && typeof existing.drain === 'function') return '{"v":1,"present":true}';
    const maxOne = cmd.maxMessageChars || 4e6;
    const maxAll = cmd.maxBufferChars || 8e6;
    const buf: string[] = [];
    let chars = 0;
    let dropped = 0;
    const listener = (ev: Any) => {
      try {
        if (ev.source !== g) return;
        const d = ev.data;
        if (!d || typeof d !== 'object' || d.source !== 'plasma-devtools' || d.type === 'command') return;
        const s = str(d);
        if (s.length > maxOne) return void dropped++;
        buf[buf.length] = s;
        chars += s.length;
        while (buf.length > 500 || chars > maxAll) {
          chars -= (buf.shift() || '').length;
          dropped++;
        }
      } catch {
        dropped++;
      }
    };
    g.addEventListener('message', listener);
    park({
      drain() {
        let out = '{"v":1,"dropped":' + dropped + ',"messages":[';
        for (let i = 0; i < buf.length; i++) out += (i ? ',' : '') + buf[i];
        buf.length = 0;
        chars = 0;
        dropped = 0;
        return out + ']}';
      },
    });
    if (cmd.commandId) {
      g.postMessage({ source: 'plasma-devtools', v: 1, type: 'command', id: cmd.commandId, command: 'snapshot' }, '/');
    }
    return '{"v":1,"installed":true}';
  }

  function startRead(): string {
    const idb = g.indexedDB;
    const setT = g.setTimeout;
    const clearT = g.clearTimeout;
    const KR = g.IDBKeyRange;
    const lowerBound = KR && typeof KR.lowerBound === 'function' ? KR.lowerBound : null;
    const chunkRows = cmd.chunkRows || 5000;
    // Events and serialised chunks, in the order the panel must see them.
    const out: string[] = [];
    let listed = false;
    let dbsLeft = -1;
    const emit = (e: Any) => void (out[out.length] = str(e));
    const status = (db: string, s: string, message?: string) => emit({ k: 'status', db, status: s, message: message || '' });
    const finished = () => listed && dbsLeft === 0 && out.length === 0;

    function chunk(db: string, store: string, from: number, total: number, rows: Any[]) {
      let s = json.fast({ k: 'chunk', db, store, from, total, rows });
      if (s === null) {
        // One row the fast path cannot encode (BigInt, a cycle) costs this chunk the slow path.
        let body = '';
        for (let i = 0; i < rows.length; i++) body += (i ? ',' : '') + str(rows[i]);
        s = '{"k":"chunk","db":' + quote(db) + ',"store":' + quote(store) + ',"from":' + from + ',"total":' + total + ',"rows":[' + body + ']}';
      }
      out[out.length] = s;
    }
    // The key of an inline-keyed row (the key path evaluated on it, as IndexedDB does), or
    // undefined when the store keeps its keys apart from the values.
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
    function readDb(list: Any[], i: number): void {
      if (i >= list.length) {
        dbsLeft = 0;
        return;
      }
      dbsLeft = list.length - i;
      const name = String(list[i].name);
      const next = (): void => readDb(list, i + 1);
      let settled = false;
      let created = false;
      const timer = setT(() => {
        if (settled) return;
        settled = true;
        status(name, 'blocked', 'open did not finish in ' + (cmd.openTimeoutMs || 3000) + ' ms: an upgrade is waiting on another connection (another tab) or still running');
        next();
      }, cmd.openTimeoutMs || 3000);
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
        else status(name, 'error', String(req.error && req.error.message ? req.error.name + ': ' + req.error.message : req.error));
        next();
      };
      req.onsuccess = () => {
        const db = req.result;
        if (settled) return db.close();
        settled = true;
        clearT(timer);
        readStores(db, name, next);
      };
    }

    function readStores(db: Any, name: string, next: () => void) {
      const names: string[] = [];
      for (let i = 0; i < db.objectStoreNames.length; i++) names[names.length] = String(db.objectStoreNames.item(i));
      if (names.indexOf(OUTBOX) < 0) {
        db.close();
        status(name, 'notPlasma');
        return next();
      }
      const full: string[] = [];
      const counted: string[] = [];
      for (let i = 0; i < names.length; i++) {
        const n = names[i] as string;
        const isTable = names.indexOf(BASE + n) >= 0;
        if (n === OUTBOX || n === META || n.indexOf(BASE) === 0 || isTable) full[full.length] = n;
        else counted[counted.length] = n;
      }
      let over = false;
      const end = (s: string, message: string) => {
        if (over) return;
        over = true;
        try {
          db.close();
        } catch {
          // Closed already.
        }
        status(name, s, message);
        next();
      };
      db.onversionchange = () => {
        try {
          tx.abort();
        } catch {
          // Finished already.
        }
        end('upgrading', 'the app started an upgrade of this database while it was read: read again after it finishes');
      };
      status(name, 'reading');
      // One readonly transaction (a consistent snapshot): count every store, then read the full
      // stores chunk by chunk, each getAll(after the last key, chunkRows) asked for from the
      // previous one's success handler, so a request is always pending and the transaction stays
      // open. Each chunk is serialised right after the next is asked for: the page encodes and
      // the panel polls chunk k while IndexedDB reads chunk k+1.
      const all = full.concat(counted);
      const counts: Record<string, number> = {};
      let tx: Any;
      const fail = (e: Any) => {
        try {
          tx.abort();
        } catch {
          // Finished already.
        }
        end('error', String(e));
      };
      function readChunk(si: number, from: number, after: Any, ranged: boolean) {
        const n = full[si];
        if (n === undefined) return;
        const os = tx.objectStore(n);
        const keyPath = os.keyPath;
        const range = ranged ? lowerBound(after, true) : null;
        const limit = lowerBound ? chunkRows : undefined;
        const keys = lowerBound && (keyPath === null || keyPath === undefined) ? os.getAllKeys(range, limit) : null;
        const r = os.getAll(range, limit);
        r.onsuccess = () => {
          if (over) return;
          try {
            const rows: Any[] = r.result || [];
            const total = counts[n] || 0;
            const got = from + rows.length;
            if (lowerBound && rows.length === chunkRows && got < total) {
              const last = keys ? keys.result[keys.result.length - 1] : keyOf(keyPath, rows[rows.length - 1]);
              readChunk(si, got, last, true);
            } else readChunk(si + 1, 0, null, false);
            for (let i = 0; i < rows.length; i += chunkRows) {
              const part = i === 0 && rows.length <= chunkRows ? rows : rows.slice(i, i + chunkRows);
              chunk(name, n, from + i, total, part);
            }
          } catch (e) {
            fail(e);
          }
        };
      }
      try {
        tx = db.transaction(all, 'readonly');
        let left = all.length;
        for (let i = 0; i < all.length; i++) {
          const n = all[i] as string;
          const r = tx.objectStore(n).count();
          r.onsuccess = () => {
            counts[n] = r.result;
            if (--left > 0 || over) return;
            const stores: Any[] = [];
            for (let j = 0; j < all.length; j++) stores[stores.length] = { name: all[j], count: counts[all[j] as string] || 0, read: j < full.length };
            emit({ k: 'db', db: name, version: Number(db.version) || 0, stores });
          };
        }
        // Asked for now, answered after the counts: requests of a transaction run in order.
        readChunk(0, 0, null, false);
      } catch (e) {
        return fail(e);
      }
      tx.onabort = () => end('error', 'the read transaction aborted: ' + String(tx.error));
      tx.oncomplete = () => {
        if (over) return;
        over = true;
        db.close();
        emit({ k: 'dbDone', db: name });
        next();
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
            for (let i = 0; i < list.length && i < 200; i++) if (list[i] && typeof list[i].name === 'string') arr[arr.length] = { name: list[i].name, version: Number(list[i].version) || 0 };
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
}

/** The eval expression for one command: the functions' sources applied to their arguments. */
export function pageExpression(cmd: PageCmd): string {
  return `(${pageScript.toString()})(${JSON.stringify(cmd)}, window, (${pageJson.toString()})(window))`;
}
