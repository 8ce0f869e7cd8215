// computeFindings for a caller that asks again and again as requests arrive (the findings worker):
// the same findings, but the per-request part (every 401/403 explained, 409/413) is folded only over
// the requests that are new since the last call, as long as the earlier ones are untouched: the
// same event objects in the same places, the same options, and the same cookies set
// before any of them. Anything else (a request inserted earlier, a body arriving for an old one,
// a new setting, an earlier cookie) starts the fold again. The detectors over the whole capture and
// the grouping run every time; both are linear.

import type { SyncEvent } from '../sync/types.ts';
import { collectSetCookies, type SeenCookie } from './cookieCause.ts';
import {
  captureDrafts,
  emptyRequestFold,
  finalise,
  foldRequests,
  type FindingOptions,
  type RequestFold,
} from './findings.ts';
import { buildLedger, orderEvents } from './ledger.ts';
import type { Finding, LedgerEntry } from './types.ts';

/** What the per-request fold reads from the options: any change starts it again. */
const FOLD_OPTIONS = ['expect', 'server', 'verifications'] as const;

export function createIncrementalFindings() {
  let fold: RequestFold = emptyRequestFold();
  let ordered: readonly SyncEvent[] = [];
  let cookies: readonly SeenCookie[] = [];
  let options: FindingOptions = {};
  /** How many calls resumed the fold and how many started it again (for tests and benches). */
  const stats = { resumed: 0, restarted: 0 };

  const resumable = (
    nextOrdered: readonly SyncEvent[],
    nextLedger: readonly LedgerEntry[],
    nextCookies: readonly SeenCookie[],
    nextOptions: FindingOptions,
  ): boolean => {
    if (fold.done === 0) return true;
    if (FOLD_OPTIONS.some((k) => nextOptions[k] !== options[k])) return false;
    if (nextOrdered.length < fold.done || nextLedger.length !== nextOrdered.length) return false;
    let latest = Number.NEGATIVE_INFINITY;
    // The ledger is buildLedger of the events (FindingOptions.ledger says so): an entry depends only
    // on its event and the ones before it, so the same events before give the same entries.
    for (let i = 0; i < fold.done; i++) {
      if (nextOrdered[i] !== ordered[i]) return false;
      const at = ordered[i]?.startedAt ?? Number.NaN;
      if (at > latest) latest = at;
    }
    // A folded request sees only the cookies set before it started: those must not have changed.
    return sameCookiesBefore(cookies, nextCookies, latest);
  };

  return {
    stats,
    /** computeFindings(events, opts), resuming the last call's per-request fold where it can. */
    compute(events: readonly SyncEvent[], opts: FindingOptions = {}): Finding[] {
      const nextOrdered = orderEvents(events);
      const nextLedger = opts.ledger ?? buildLedger(nextOrdered);
      const seen = Array.isArray(opts.seen) ? opts.seen : [];
      const nextCookies = collectSetCookies(nextOrdered, seen);
      if (resumable(nextOrdered, nextLedger, nextCookies, opts)) stats.resumed++;
      else {
        fold = emptyRequestFold();
        stats.restarted++;
      }
      ordered = nextOrdered;
      cookies = nextCookies;
      options = opts;
      try {
        foldRequests(fold, nextOrdered, nextLedger, nextCookies, opts);
      } catch (e) {
        // Never resume a fold that stopped half-way.
        fold = emptyRequestFold();
        throw e;
      }
      return finalise(fold.drafts.concat(captureDrafts(nextOrdered, nextLedger, nextCookies, seen, opts)), nextLedger);
    },
    reset(): void {
      fold = emptyRequestFold();
    },
  };
}

/** Whether the cookies set before `at` are the same, in the same order, in both lists. */
function sameCookiesBefore(a: readonly SeenCookie[], b: readonly SeenCookie[], at: number): boolean {
  const before = (list: readonly SeenCookie[]) => list.filter((c) => c.startedAt < at);
  const x = before(a);
  const y = before(b);
  return x.length === y.length && x.every((c, i) => sameCookie(c, y[i]));
}

function sameCookie(a: SeenCookie, b: SeenCookie | undefined): boolean {
  if (!b || a.url !== b.url || !Object.is(a.startedAt, b.startedAt)) return false;
  const p = a.cookie;
  const q = b.cookie;
  return (
    p.name === q.name &&
    p.value === q.value &&
    p.domain === q.domain &&
    p.path === q.path &&
    p.sameSite === q.sameSite &&
    p.secure === q.secure &&
    p.httpOnly === q.httpOnly &&
    p.deletes === q.deletes &&
    p.attributes.length === q.attributes.length &&
    p.attributes.every((x, i) => x === q.attributes[i])
  );
}
