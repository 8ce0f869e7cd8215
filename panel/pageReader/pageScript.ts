// The function the panel injects into the inspected page with chrome.devtools.inspectedWindow.eval
// (READING.md says why eval). It runs in the page's main world, once per eval call, and parks its
// state on the page's window under a random key between calls. Its source is sent as text, so it is
// self-contained: no imports, no outer names, no async/await or spread a compiler could rewrite
// into helpers. The page is hostile: what it needs is captured at the start, and every failure
// becomes a reported state, never a throw. The panel guards all it returns (decode.ts, bridge.ts).

/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs in someone else's page */
import { pageJson, type PageJson } from './pageJson.ts';
import { pageRead } from './pageRead.ts';
import { pageReadStores } from './pageReadStores.ts';

type Any = any;

export interface PageCmd {
  op: 'read' | 'poll' | 'cancel' | 'bridgeInstall' | 'bridgePoll';
  key: string;
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
  /** read: only these databases. */
  dbs?: string[];
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

export function pageScript(
  cmd: PageCmd,
  g: Any,
  json: PageJson,
  read: typeof pageRead,
  readStores: typeof pageReadStores,
): string {
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
      const job = parked();
      if (job && typeof job.cancel === 'function') job.cancel();
      drop();
      return '{"v":1,"cancelled":true}';
    }
    if (cmd.op === 'bridgePoll') {
      const b = parked();
      return b && typeof b.drain === 'function' ? String(b.drain()) : '{"v":1,"gone":true}';
    }
    if (cmd.op === 'bridgeInstall') return installBridge();
    if (cmd.op === 'read') return read(cmd, g, json, park, drop, readStores);
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
}

/**
 * The polls, the cancel and the bridge drain only touch the job parked under the key: they are
 * sent as this small function, so the page parses a few hundred characters per poll, not the
 * whole reader.
 */
export function pageTouch(cmd: PageCmd, g: Any): string {
  try {
    const job = g[cmd.key];
    if (cmd.op === 'cancel') {
      if (job && typeof job.cancel === 'function') job.cancel();
      delete g[cmd.key];
      return '{"v":1,"cancelled":true}';
    }
    const f = cmd.op === 'poll' ? 'poll' : 'drain';
    return job && typeof job[f] === 'function' ? String(job[f](cmd.budget || 2e6)) : '{"v":1,"gone":true}';
  } catch (e) {
    return (
      '{"v":1,"error":"' +
      String(e)
        .replace(/[^\w .:-]/g, '?')
        .slice(0, 200) +
      '"}'
    );
  }
}

/** The eval expression for one command: the functions' sources applied to their arguments. */
export function pageExpression(cmd: PageCmd): string {
  if (cmd.op === 'poll' || cmd.op === 'cancel' || cmd.op === 'bridgePoll')
    return `(${pageTouch.toString()})(${JSON.stringify(cmd)}, window)`;
  return `(${pageScript.toString()})(${JSON.stringify(cmd)}, window, (${pageJson.toString()})(window), ${pageRead.toString()}, ${pageReadStores.toString()})`;
}
