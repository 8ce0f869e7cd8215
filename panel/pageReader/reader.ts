// Reads the inspected page's IndexedDB from the panel, for as long as the panel page lives. One
// read at a time (start.ts schedules them): a full pass (first open, Refresh, navigation, a cheap
// check that failed) or an incremental one (outbox, meta, counts and the rows a hint names). Each
// read: one eval starts the page script, then one eval per poll brings back queued events and JSON
// chunks (READING.md). After an incremental read the cheap checks decide whether a full pass is due.

import type { CaptureMessage } from '../../shared/protocol.ts';
import {
  createChunkAssembler,
  decodeReaderAnswer,
  statusFromWire,
  type DbData,
  type DbDelta,
  type ReaderEvent,
} from '../../shared/pageReader/index.ts';
import { pageExpression, pageInstallExpression, pageTouchPair, type PageCmd } from './pageScript.ts';
import { evalIn, randomKey, type EvalOutcome, type InspectedWindowLike } from './evalPage.ts';
import type { RefreshHint } from './hints.ts';

export interface ReaderOptions {
  inspectedWindow: InspectedWindowLike;
  /** The most rows one page transaction asks for. */
  chunkRows?: number;
  /** The time one page transaction should take (rows per transaction adapt to it). */
  sliceMs?: number;
  /** Characters per poll answer. */
  budgetChars?: number;
  openTimeoutMs?: number;
  /** A read with no news for this long is abandoned. */
  stallMs?: number;
  /** The longest one read may take, in the page and here. */
  deadlineMs?: number;
  /** The longest one eval may go unanswered. */
  evalTimeoutMs?: number;
  idlePollMs?: number;
  /** A full pass polls at most this often while the page has rows queued (fewer, larger evals). */
  busyPollMs?: number;
  now?: () => number;
  /** How long a page cookie may go unannounced by any captured pull before a full pass. */
  unannouncedCookieMs?: number;
  /** Caps per read, passed to the page (pageScript.ts PageCmd). */
  caps?: Pick<PageCmd, 'maxRowsPerDb' | 'maxCharsPerDb' | 'maxChars' | 'maxRows' | 'maxEventChars'>;
  /** What the panel holds now (the slice's data), for the cheap checks. */
  held?: () => Record<string, DbData>;
  /** A small command to send along with each poll (the bridge drain), and where its answer goes. */
  rider?: () => { cmd: PageCmd; take(value: unknown): void } | null;
}

export type ReadPlan =
  | { kind: 'full'; gapMs?: number }
  /** heldCookies: the cookie each held database had before this read. */
  | {
      kind: 'keys';
      hint: RefreshHint;
      dbs: string[];
      heldCookies: Map<string, string | null>;
      countStores?: boolean;
      countVisible?: boolean;
      noCount?: [string, string[]][];
    };

/** What the scheduler should do after a read. */
export interface ReadOutcome {
  /** A cheap check disagreed (counts, an unknown cookie, a database not held): a full pass is due. */
  needFull: boolean;
  /** Why, for the stats. */
  reason?: string;
  retryReason?: string;
  /** The read was not a snapshot (writes moved the page during it): look again. */
  retry: boolean;
  /** The page had not applied the announced pulls yet: read the same keys again. */
  retryKeys?: boolean;
}

export function createReader(dispatch: (m: CaptureMessage) => void, o: ReaderOptions) {
  const now = o.now ?? Date.now;
  /** Where the page script is parked in the inspected document once installed. */
  const kit = randomKey('__plasmaDevtoolsKit_');
  let readSeq = 0;
  let navSeq = 0;
  let disposed = false;
  const notPlasma = new Set<string>();
  /** Cookies captured pulls announced, and page cookies seen before any did (with when). */
  const announcedEver = new Set<string>();
  const unannounced = new Map<string, number>();
  /** Panel main-thread time spent decoding and applying answers, per kind of read (benches). */
  const stats = {
    full: { reads: 0, ms: 0, evals: 0, waitMs: 0, chars: 0 },
    keys: { reads: 0, ms: 0, applyMs: 0, evals: 0, waitMs: 0, chars: 0 },
    lastFullReason: '',
  };
  /** How long the last incremental read took from its start to its last answer. */
  let lastKeysMs = 0;

  async function readOnce(plan: ReadPlan = { kind: 'full' }): Promise<ReadOutcome> {
    const readId = ++readSeq;
    const nav = navSeq;
    const incremental = plan.kind === 'keys';
    const outcome: ReadOutcome = { needFull: false, retry: false };
    const key = randomKey('__plasmaDevtoolsRead_');
    const deadlineMs = o.deadlineMs ?? 120_000;
    const deadline = now() + deadlineMs;
    const run = (cmd: PageCmd) => {
      stats[plan.kind].evals++;
      return evalIn(o.inspectedWindow, pageExpression(cmd), o.evalTimeoutMs ?? 10_000);
    };
    /** A poll, with the rider's command in the same eval when there is one. */
    const poll = async (cmd: PageCmd): Promise<EvalOutcome> => {
      const ride = o.rider?.();
      if (!ride) return run(cmd);
      stats[plan.kind].evals++;
      const r = await evalIn(o.inspectedWindow, pageTouchPair(cmd, ride.cmd), o.evalTimeoutMs ?? 10_000);
      if (!r.ok) return r;
      const pair: unknown[] = Array.isArray(r.value) ? r.value : [];
      ride.take(pair[1]);
      return { ok: true, value: pair[0] };
    };
    const startedAt = now();
    const finish = (error: string | null): ReadOutcome => {
      dispatch({ type: 'pageReadFinished', readId, at: now(), error });
      if (error !== null && incremental) need(outcome, `the read failed: ${error}`);
      return outcome;
    };
    const stale = () => disposed || readId !== readSeq;
    dispatch({ type: 'pageReadStarted', readId, at: now(), incremental });

    const cmd: PageCmd = {
      ...o.caps,
      op: 'read',
      key,
      kit,
      chunkRows: o.chunkRows ?? 1000,
      sliceMs: o.sliceMs ?? 8,
      openTimeoutMs: o.openTimeoutMs ?? 3000,
      deadlineMs,
    };
    if (plan.kind === 'full') cmd.gapMs = plan.gapMs ?? 0;
    else {
      cmd.dbs = plan.dbs;
      cmd.countStores = plan.countStores !== false;
      cmd.countVisible = plan.countVisible !== false;
      if (plan.noCount && plan.noCount.length > 0) cmd.noCount = plan.noCount;
      cmd.keys = { tables: [...plan.hint.tables].map(([t, ids]) => [t, [...ids]]), any: [...plan.hint.any] };
    }
    // The reader is installed once per document: a read asks the installed kit, and only a
    // document without one (the first read, a navigation) is sent the whole script.
    let started = await run(cmd);
    let first = started.ok ? decodeReaderAnswer(started.value) : null;
    if (first?.ok && first.kind === 'gone') {
      stats[plan.kind].evals++;
      started = await evalIn(o.inspectedWindow, pageInstallExpression(cmd), o.evalTimeoutMs ?? 10_000);
      first = started.ok ? decodeReaderAnswer(started.value) : null;
    }
    if (!started.ok) return finish(`cannot run in this page: ${started.error}`);
    if (first && !first.ok) return finish(first.reason);

    const asm = createChunkAssembler(now);
    const ctx: ReadCtx = { readId, asm, incremental, plan, outcome, listed: [] };
    let lastNews = now();
    // An incremental read takes about as long as the last one did: the first poll waits for most
    // of that rather than finding the page still reading.
    if (incremental && lastKeysMs > 0) await new Promise((r) => setTimeout(r, Math.min(lastKeysMs * 0.8, 250)));
    // Each eval costs the panel's main thread about a millisecond (the extension API's messaging):
    // while the page has nothing queued, polls back off from idlePollMs to 8 times it; a full
    // pass only to twice it, so its last answer is not left waiting up to 120 ms.
    let idle = o.idlePollMs ?? 15;
    try {
      for (;;) {
        if (stale()) return (void run({ op: 'cancel', key }), outcome);
        const sent = performance.now();
        const polled = await poll({ op: 'poll', key, budget: o.budgetChars ?? 4_000_000 });
        stats[plan.kind].waitMs += performance.now() - sent;
        if (polled.ok && typeof polled.value === 'string') stats[plan.kind].chars += polled.value.length;
        if (!polled.ok) {
          void run({ op: 'cancel', key });
          return finish(`the page stopped answering: ${polled.error}`);
        }
        const t0 = performance.now();
        const a = decodeReaderAnswer(polled.value);
        if (a.ok && a.kind === 'poll') handle(ctx, a.events);
        stats[plan.kind].ms += performance.now() - t0;
        if (!a.ok) {
          void run({ op: 'cancel', key });
          return finish(a.reason);
        }
        // The document the read ran in is gone; the navigation queued a new read.
        if (a.kind !== 'poll')
          return finish(nav !== navSeq ? null : 'the page lost the read (it navigated or replaced the reader)');
        if (a.events.length > 0) {
          lastNews = now();
          idle = o.idlePollMs ?? 15;
        }
        if (a.done) {
          stats[plan.kind].reads++;
          if (incremental) lastKeysMs = now() - startedAt;
          if (outcome.reason) stats.lastFullReason = outcome.reason;
          checkListed(ctx);
          return finish(null);
        }
        if (now() > deadline) {
          void run({ op: 'cancel', key });
          return finish(`the read ran past its deadline (${Math.round(deadlineMs / 1000)} s) and was stopped`);
        }
        // A full pass's chunks come every few ms: polling as soon as each answer is handled costs
        // every process on the way (the page, DevTools, the panel) an eval per chunk or two, so its
        // polls wait until busyPollMs after the last one was sent and take several chunks at once.
        const pause = incremental ? 0 : (o.busyPollMs ?? 30) - (performance.now() - sent);
        if (a.events.length > 0 && pause > 0) await new Promise((r) => setTimeout(r, pause));
        if (a.events.length === 0) {
          if (now() - lastNews > (o.stallMs ?? 30_000)) {
            void run({ op: 'cancel', key });
            return finish(
              `the page reader stalled: no progress from the page for ${Math.round((o.stallMs ?? 30_000) / 1000)} s`,
            );
          }
          await new Promise((r) => setTimeout(r, idle));
          idle = Math.min(idle * 2, (o.idlePollMs ?? 15) * (incremental ? 8 : 2));
        }
      }
    } finally {
      asm.dispose();
    }
  }

  interface ReadCtx {
    readId: number;
    asm: ReturnType<typeof createChunkAssembler>;
    incremental: boolean;
    plan: ReadPlan;
    outcome: ReadOutcome;
    listed: string[];
  }

  function handle(ctx: ReadCtx, events: ReaderEvent[]) {
    const { readId, asm } = ctx;
    // Progress is reported once per poll per database: a poll may carry dozens of chunks.
    const progress = new Map<string, { done: number; total: number }>();
    for (const e of events) {
      if (e.k === 'dbs') {
        ctx.listed = e.list.map((d) => d.name);
        dispatch({ type: 'pageReadDatabases', readId, names: ctx.listed, supported: e.supported, message: e.message });
      } else if (e.k === 'status') {
        if (e.status === 'notPlasma') notPlasma.add(e.db);
        // Chunks travel while the page still reads: a database that then stops (an upgrade, an
        // abort) may have sent some, and its status must not be overwritten by their progress.
        // An incremental read does not flash "reading" on every pull.
        if (e.status !== 'opening' && !(ctx.incremental && e.status === 'reading')) {
          progress.delete(e.db);
          dispatch({ type: 'pageReadDbStatus', readId, db: e.db, status: statusFromWire(e.status, e.message) });
          if (ctx.incremental) need(ctx.outcome, `${e.db}: ${e.status}`);
        }
      } else {
        const step = asm.take(e);
        if (step.kind === 'progress') {
          if (!ctx.incremental) progress.set(step.db, { done: step.done, total: step.total });
        } else if (step.kind === 'complete') {
          progress.delete(step.db);
          notPlasma.delete(step.db);
          dispatch({ type: 'pageReadDbData', readId, data: step.data });
          // A full pass read every row: no cookie it saw is owed an explanation.
          unannounced.clear();
          if (step.data.consistent === false) retry(ctx.outcome, `${step.db}: writes moved it during the full pass`);
        } else if (step.kind === 'delta') {
          const t0 = performance.now();
          dispatch({ type: 'pageReadDbDelta', readId, delta: step.delta });
          // The reducer and whatever reacts to the slice at once (computeds read in effects).
          stats.keys.applyMs += performance.now() - t0;
          check(ctx, step.delta);
        } else if (step.kind === 'fault') {
          progress.delete(step.db);
          dispatch({ type: 'pageReadDbStatus', readId, db: step.db, status: { kind: 'error', message: step.message } });
          if (ctx.incremental) need(ctx.outcome, step.message);
        }
      }
    }
    for (const [db, p] of progress)
      dispatch({ type: 'pageReadDbStatus', readId, db, status: { kind: 'progress', ...p } });
  }

  /** The cheap checks after an incremental read of one database. */
  function check(ctx: ReadCtx, d: DbDelta) {
    const held = o.held?.()[d.name];
    const out = ctx.outcome;
    // The reducer could not patch it (not held, or unkeyed stores).
    if (!held || held.readAt !== d.readAt) {
      need(out, `${d.name}: not held, or not patchable by key`);
      return;
    }
    const counted = (s: string) => Object.prototype.hasOwnProperty.call(d.counts, s);
    for (const t of held.tables) {
      const b = `_plasma_base_${t}`;
      if (counted(b) && (held.base[t]?.length ?? 0) !== d.counts[b]) need(out, `${d.name}: ${b} counts disagree`);
      if (counted(t) && (held.visible[t]?.length ?? 0) !== d.counts[t]) need(out, `${d.name}: ${t} counts disagree`);
    }
    if (!d.consistent) retry(out, `${d.name}: writes moved it during the read`);
    if (ctx.plan.kind !== 'keys') return;
    const cookie = cookieText(d.meta.cookie);
    const hint = ctx.plan.hint;
    for (const c of hint.cookies) {
      announcedEver.add(c);
      unannounced.delete(c);
    }
    for (const c of announcedEver) {
      if (announcedEver.size <= 1000) break;
      announcedEver.delete(c);
    }
    if (cookie === null || hint.cookies.has(cookie) || announcedEver.has(cookie)) return;
    const heldCookie = ctx.plan.heldCookies.get(d.name);
    // The page still has the cookie it had while captured pulls announced others: their patches
    // were not applied yet when it was read; read the same keys again.
    const unseen = unannounced.has(cookie);
    if (cookie === heldCookie && hint.cookies.size > 0 && !unseen) {
      out.retryKeys = true;
      retry(out, `${d.name}: the announced pulls were not applied yet`);
      return;
    }
    // Held since a full pass read it: nothing is owed.
    if (cookie === heldCookie && !unseen) return;
    // A cookie no captured pull announced: usually a pull whose capture has not arrived yet (its
    // hint will name its rows); if none announces it for a while, a pull the panel never saw
    // wrote rows nobody named.
    const since = unannounced.get(cookie) ?? now();
    unannounced.set(cookie, since);
    if (now() - since > (o.unannouncedCookieMs ?? 10_000))
      need(out, `${d.name}: the page's cookie moved with no captured pull announcing it`);
  }

  /** A plasma database the page lists that the panel does not hold: a full pass reads it. */
  function checkListed(ctx: ReadCtx) {
    if (!ctx.incremental || ctx.plan.kind !== 'keys') return;
    for (const n of ctx.listed)
      if (!ctx.plan.dbs.includes(n) && !notPlasma.has(n)) need(ctx.outcome, `${n}: listed, not held`);
  }

  return {
    readOnce,
    stats: () => structuredClone(stats),
    navigated() {
      navSeq++;
      notPlasma.clear();
      unannounced.clear();
    },
    dispose() {
      disposed = true;
    },
  };
}

function retry(out: ReadOutcome, reason: string) {
  out.retry = true;
  out.retryReason ??= reason;
}

function need(out: ReadOutcome, reason: string) {
  out.needFull = true;
  out.reason ??= reason;
}

export const cookieText = (c: unknown): string | null =>
  typeof c === 'string' ? c : typeof c === 'number' && Number.isFinite(c) ? String(c) : null;
