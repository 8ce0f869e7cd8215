// Reads the inspected page's IndexedDB from the panel, for as long as the panel page lives: on
// start, on demand, after pushes and pulls (refresh(), debounced) and after navigations. One read
// runs at a time; a refresh during a read queues exactly one more. Each read: one eval starts the
// page script, then one eval per poll brings back queued events and JSON chunks (READING.md).

import type { CaptureMessage } from '../../shared/protocol.ts';
import { createChunkAssembler, decodeReaderAnswer, statusFromWire, type ReaderEvent } from '../../shared/pageReader/index.ts';
import { pageExpression } from './pageScript.ts';
import { evalIn, randomKey, type InspectedWindowLike } from './evalPage.ts';

export interface ReaderOptions {
  inspectedWindow: InspectedWindowLike;
  chunkRows?: number;
  /** Characters per poll answer. */
  budgetChars?: number;
  openTimeoutMs?: number;
  /** A read with no news for this long is abandoned. */
  stallMs?: number;
  idlePollMs?: number;
  now?: () => number;
}

export function createReader(dispatch: (m: CaptureMessage) => void, o: ReaderOptions) {
  const now = o.now ?? Date.now;
  let readSeq = 0;
  let navSeq = 0;
  let disposed = false;

  async function readOnce(): Promise<void> {
    const readId = ++readSeq;
    const nav = navSeq;
    const key = randomKey('__plasmaDevtoolsRead_');
    const run = (cmd: Parameters<typeof pageExpression>[0]) => evalIn(o.inspectedWindow, pageExpression(cmd));
    const finish = (error: string | null) => dispatch({ type: 'pageReadFinished', readId, at: now(), error });
    const stale = () => disposed || readId !== readSeq;
    dispatch({ type: 'pageReadStarted', readId, at: now() });

    const started = await run({ op: 'read', key, chunkRows: o.chunkRows ?? 1000, openTimeoutMs: o.openTimeoutMs ?? 3000 });
    if (!started.ok) return finish(`cannot run in this page: ${started.error}`);
    const first = decodeReaderAnswer(started.value);
    if (!first.ok) return finish(first.reason);

    const asm = createChunkAssembler(now);
    let lastNews = now();
    try {
      for (;;) {
        if (stale()) return void run({ op: 'cancel', key });
        const polled = await run({ op: 'poll', key, budget: o.budgetChars ?? 4_000_000 });
        if (!polled.ok) return finish(`the page stopped answering: ${polled.error}`);
        const a = decodeReaderAnswer(polled.value);
        if (!a.ok) {
          void run({ op: 'cancel', key });
          return finish(a.reason);
        }
        // The document the read ran in is gone; the navigation queued a new read.
        if (a.kind !== 'poll') return finish(nav !== navSeq ? null : 'the page lost the read (it navigated or replaced the reader)');
        if (a.events.length > 0) lastNews = now();
        handle(readId, asm, a.events);
        if (a.done) return finish(null);
        if (a.events.length === 0) {
          if (now() - lastNews > (o.stallMs ?? 30_000)) {
            void run({ op: 'cancel', key });
            return finish('the page reader stalled: no answer from the page for 30 s');
          }
          await new Promise((r) => setTimeout(r, o.idlePollMs ?? 15));
        }
      }
    } finally {
      asm.dispose();
    }
  }

  function handle(readId: number, asm: ReturnType<typeof createChunkAssembler>, events: ReaderEvent[]) {
    // Progress is reported once per poll per database: a poll may carry dozens of chunks.
    const progress = new Map<string, { done: number; total: number }>();
    for (const e of events) {
      if (e.k === 'dbs') {
        dispatch({ type: 'pageReadDatabases', readId, names: e.list.map((d) => d.name), supported: e.supported, message: e.message });
      } else if (e.k === 'status') {
        // Chunks travel while the page still reads: a database that then stops (an upgrade, an
        // abort) may have sent some, and its status must not be overwritten by their progress.
        if (e.status !== 'opening') {
          progress.delete(e.db);
          dispatch({ type: 'pageReadDbStatus', readId, db: e.db, status: statusFromWire(e.status, e.message) });
        }
      } else {
        const step = asm.take(e);
        if (step.kind === 'progress') progress.set(step.db, { done: step.done, total: step.total });
        else if (step.kind === 'complete') {
          progress.delete(step.db);
          dispatch({ type: 'pageReadDbData', readId, data: step.data });
        } else if (step.kind === 'fault') {
          progress.delete(step.db);
          dispatch({ type: 'pageReadDbStatus', readId, db: step.db, status: { kind: 'error', message: step.message } });
        }
      }
    }
    for (const [db, p] of progress) dispatch({ type: 'pageReadDbStatus', readId, db, status: { kind: 'progress', ...p } });
  }

  return {
    readOnce,
    navigated() {
      navSeq++;
    },
    dispose() {
      disposed = true;
    },
  };
}
