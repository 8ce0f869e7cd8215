// The function the panel injects into the inspected page with chrome.devtools.inspectedWindow.eval
// (READING.md says why eval). It runs in the page's main world and parks its state on the page's
// window under a random key between calls. Its source is sent as text, so it is self-contained:
// no imports but types, no outer names, no async/await or spread a compiler could rewrite into
// helpers. The page is hostile: what it needs is captured at the start, and every failure becomes
// a reported state, never a throw. The panel guards all it returns (decode.ts, bridge.ts).
//
// A read sent with a `kit` key installs the reader once per document: the script parks itself
// under that key, and later reads send only a small call to it (pageTouch); a new document has
// no kit, answers "gone", and gets the whole script again.

import { pageJson } from './pageJson.ts';
import { pageRead } from './pageRead.ts';
import { pageReadChunks } from './pageReadChunks.ts';
import { pageReadKeyed } from './pageReadKeyed.ts';
import { pageReadStores } from './pageReadStores.ts';
import { pageWorkerMain, pageWorkerRead } from './pageWorker.ts';
import type { PageCmd, PageWindow } from './pageTypes.ts';

export type { PageCmd } from './pageTypes.ts';

export function pageScript(
  cmd: PageCmd,
  g: PageWindow,
  makeJson: typeof pageJson,
  read: typeof pageRead,
  readStores: typeof pageReadStores,
  readKeyed: typeof pageReadKeyed,
  readChunks: typeof pageReadChunks,
  readInWorker: typeof pageWorkerRead | null,
  workerSrc: string,
): string {
  const json = makeJson(g);
  const { quote, str } = json;
  const defineProperty = Object.defineProperty;
  function parkAt(key: string, value: unknown) {
    try {
      defineProperty(g, key, { value, configurable: true, enumerable: false, writable: true });
    } catch {
      g[key] = value;
    }
  }
  function parked(): Record<string, unknown> | null {
    try {
      const v = g[cmd.key];
      return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  function readWith(c: PageCmd): string {
    const park = (v: unknown) => {
      parkAt(c.key, v);
    };
    const drop = () => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the job's key is random by design
        delete g[c.key];
      } catch {
        // A page that froze its window keeps the job; it is small once drained.
      }
    };
    const onMain = () => read(c, g, json, park, drop, readStores, readKeyed, readChunks);
    // A full pass runs in a worker when the page can start one (pageWorker.ts); an incremental
    // read is a few small transactions and stays here.
    if (c.keys || c.worker === false || !readInWorker || !workerSrc) return onMain();
    return readInWorker(c, g, workerSrc, park, drop, onMain, json);
  }

  try {
    if (cmd.op === 'bridgeInstall') return installBridge();
    if (cmd.op === 'read') {
      if (cmd.kit) parkAt(cmd.kit, { read: readWith });
      return readWith(cmd);
    }
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
    const listener = (ev: { source: unknown; data: unknown }) => {
      try {
        if (ev.source !== g) return;
        const d = ev.data;
        if (typeof d !== 'object' || d === null) return;
        const m = d as Record<string, unknown>;
        if (m.source !== 'plasma-devtools' || m.type === 'command') return;
        const s = str(d);
        if (s.length > maxOne) {
          dropped++;
          return;
        }
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
    parkAt(cmd.key, {
      drain() {
        let out = '{"v":1,"dropped":' + String(dropped) + ',"messages":[';
        for (let i = 0; i < buf.length; i++) out += (i ? ',' : '') + String(buf[i]);
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
 * The polls, the cancel, the bridge drain and a read through the installed kit only touch what is
 * parked under a key: they are sent as this small function, so the page parses a few hundred
 * characters per call, not the whole reader.
 */
export function pageTouch(cmd: PageCmd, g: Record<string, unknown>): string {
  try {
    const at = cmd.op === 'read' ? cmd.kit || '' : cmd.key;
    const v = at ? g[at] : undefined;
    const job = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
    if (cmd.op === 'cancel') {
      const cancel = job ? job.cancel : undefined;
      if (job && typeof cancel === 'function') (cancel as () => unknown).call(job);
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the job's key is random by design
      delete g[cmd.key];
      return '{"v":1,"cancelled":true}';
    }
    const f = job ? job[cmd.op === 'poll' ? 'poll' : cmd.op === 'read' ? 'read' : 'drain'] : undefined;
    if (!job || typeof f !== 'function') return '{"v":1,"gone":true}';
    return String((f as (x: unknown) => unknown).call(job, cmd.op === 'read' ? cmd : cmd.budget || 2e6));
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
  if (cmd.op === 'poll' || cmd.op === 'cancel' || cmd.op === 'bridgePoll' || (cmd.op === 'read' && cmd.kit))
    return `(${pageTouch.toString()})(${JSON.stringify(cmd)}, window)`;
  return pageInstallExpression(cmd);
}

/**
 * Two small commands in one eval (a poll and the bridge drain riding along): the page answers an
 * array of their two answers, each what its own eval would have answered.
 */
export function pageTouchPair(a: PageCmd, b: PageCmd): string {
  return `((t) => [t(${JSON.stringify(a)}, window), t(${JSON.stringify(b)}, window)])(${pageTouch.toString()})`;
}

/** The source of the worker a full pass runs in (pageWorker.ts): the reader, started on `self`. */
export function workerSource(): string {
  return `(${pageWorkerMain.toString()})(self, ${pageJson.toString()}, ${pageRead.toString()}, ${pageReadStores.toString()}, ${pageReadKeyed.toString()}, ${pageReadChunks.toString()})`;
}

/** The whole script with one command (a read with a kit key also installs it). */
export function pageInstallExpression(cmd: PageCmd): string {
  return `(${pageScript.toString()})(${JSON.stringify(cmd)}, window, ${pageJson.toString()}, ${pageRead.toString()}, ${pageReadStores.toString()}, ${pageReadKeyed.toString()}, ${pageReadChunks.toString()}, ${pageWorkerRead.toString()}, ${JSON.stringify(workerSource())})`;
}
