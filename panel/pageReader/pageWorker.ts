// A full pass read off the page's main thread: the page script starts a dedicated worker (from a
// blob: URL, so on the page's origin and with its databases) that runs the same reader
// (pageRead.ts with pageReadStores.ts and pageReadKeyed.ts) in its own thread. The rows are then
// turned into objects and encoded there, and the worker's transactions never wait for the page's
// thread; the page's thread only keeps the encoded events until the panel's poll takes them.
// Both functions travel as source text (pageScript.ts), so they are self-contained like the rest.
// A page that cannot start the worker (no Worker, a content security policy without blob:, a
// worker without indexedDB.databases(), one that does not answer within 3 s) is read on its main
// thread, as before (READING.md).

import type { pageJson } from './pageJson.ts';
import type { pageRead } from './pageRead.ts';
import type { pageReadChunks } from './pageReadChunks.ts';
import type { pageReadKeyed } from './pageReadKeyed.ts';
import type { pageReadStores } from './pageReadStores.ts';
import type { PageCmd, PageJson, PageWindow, ParkedRead } from './pageTypes.ts';

/** What the worker's global scope offers the reader (a PageWindow without the message listener). */
export interface WorkerScope extends PageWindow {
  onmessage: ((ev: { data: unknown }) => void) | null;
}

/** Runs in the worker: one read per worker, its events posted one string each, then "done". */
export function pageWorkerMain(
  scope: WorkerScope,
  makeJson: typeof pageJson,
  read: typeof pageRead,
  readStores: typeof pageReadStores,
  readKeyed: typeof pageReadKeyed,
  readChunks: typeof pageReadChunks,
): void {
  let job: ParkedRead | null = null;
  const post = (m: string) => {
    (scope.postMessage as (m: unknown) => void)(m);
  };
  const HEAD = '{"v":1,"events":[';
  scope.onmessage = (ev: { data: unknown }) => {
    const d = typeof ev.data === 'object' && ev.data !== null ? (ev.data as { op?: unknown; cmd?: PageCmd }) : null;
    if (!d) return;
    if (d.op === 'cancel') {
      if (job) job.cancel();
      return;
    }
    if (d.op !== 'read' || !d.cmd || job) return;
    const idb = scope.indexedDB;
    if (!idb || typeof idb.databases !== 'function') {
      post('unsupported');
      return;
    }
    post('started');
    const cmd = d.cmd;
    cmd.overlapEncode = true;
    // Its transactions wait on no page thread: a batch is several on key ranges apart (pageReadChunks.ts).
    if (!cmd.parallel) cmd.parallel = 3;
    read(
      cmd,
      scope,
      makeJson(scope),
      (v: ParkedRead) => {
        job = v;
      },
      () => undefined,
      readStores,
      readKeyed,
      readChunks,
    );
    const pump = () => {
      const j = job;
      if (!j) return;
      for (;;) {
        // A budget of one character takes one event per call.
        const a = j.poll(1);
        const end = a.lastIndexOf('],"done":');
        const body = a.slice(HEAD.length, end);
        if (body) post(body);
        // The page's side ends the worker when it hears "done" (a worker closing itself may
        // lose what it posted last in some browsers).
        if (a.slice(end) === '],"done":true}') {
          post('done');
          return;
        }
        if (!body) break;
      }
      scope.setTimeout(pump, 4);
    };
    pump();
  };
}

/**
 * Runs in the page: starts the worker and parks a job the panel polls as it polls a read on the
 * main thread. `fallback` reads on the main thread instead (it parks its own job under the same
 * key); it runs when the worker cannot start, or fails before it said anything.
 */
export function pageWorkerRead(
  cmd: PageCmd,
  g: PageWindow,
  src: string,
  park: (v: ParkedRead) => void,
  drop: () => void,
  fallback: () => string,
  json: PageJson,
): string {
  const W = g.Worker;
  const B = g.Blob;
  const U = g.URL as { createObjectURL?: unknown; revokeObjectURL?: unknown } | undefined;
  if (typeof W !== 'function' || typeof B !== 'function' || !U || typeof U.createObjectURL !== 'function')
    return fallback();
  let url = '';
  let w: {
    postMessage: (m: unknown) => void;
    terminate: () => void;
    onmessage: unknown;
    onerror: unknown;
  };
  const revoke = () => {
    try {
      if (url && U.revokeObjectURL) (U.revokeObjectURL as (u: string) => void).call(U, url);
    } catch {
      // Revoked already.
    }
    url = '';
  };
  try {
    const blob = new (B as new (parts: string[], o: { type: string }) => unknown)([src], { type: 'text/javascript' });
    url = String((U.createObjectURL as (b: unknown) => unknown).call(U, blob));
    w = new (W as new (u: string) => typeof w)(url);
  } catch {
    revoke();
    return fallback();
  }
  const events: string[] = [];
  let heard = false;
  let done = false;
  let error = '';
  let over = false;
  const stop = () => {
    over = true;
    try {
      w.terminate();
    } catch {
      // Gone already.
    }
    revoke();
  };
  const toMain = () => {
    stop();
    fallback();
  };
  w.onmessage = (ev: { data: unknown }) => {
    if (over) return;
    const d = ev.data;
    if (typeof d !== 'string') return;
    if (!heard) revoke();
    heard = true;
    if (d === 'started') return;
    if (d === 'unsupported') toMain();
    else if (d === 'done') {
      done = true;
      stop();
    } else events[events.length] = d;
  };
  w.onerror = (ev: { message?: unknown; preventDefault?: () => void }) => {
    try {
      if (ev.preventDefault) ev.preventDefault();
    } catch {
      // Not cancellable.
    }
    if (over) return;
    if (!heard) {
      toMain();
      return;
    }
    error =
      'the reader in its worker failed: ' + (typeof ev.message === 'string' && ev.message ? ev.message : 'no message');
    done = true;
    stop();
  };
  park({
    poll(budget: number) {
      const body = json.take(events, budget);
      const finished = done && events.length === 0;
      if (finished && error && body === '') {
        drop();
        return '{"v":1,"error":' + json.quote(error) + '}';
      }
      if (finished && !error) drop();
      return '{"v":1,"events":[' + body + '],"done":' + (finished && !error ? 'true' : 'false') + '}';
    },
    cancel() {
      stop();
    },
  });
  w.postMessage({ op: 'read', cmd });
  // A worker that never runs (blocked without an error event, or a page too busy to start it) is
  // given up for the page's thread.
  g.setTimeout(() => {
    if (!heard && !over) toMain();
  }, cmd.workerStartMs || 3000);
  return '{"v":1,"started":true}';
}
