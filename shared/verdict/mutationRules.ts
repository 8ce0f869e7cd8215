// The rules that decide a mutation's status when no change row settles it (mutations.ts judges with
// them): the outbox, the pushes and their answers, the watermark, the pulls that followed, /errors.

import type { MutationFacts, PullSeen, Watermark } from './collect.ts';
import type { MutationStatus, Rule } from './types.ts';
import { formatTime, parseRule, preview } from './util.ts';

export const NONE: string[] = [];
const NO_WRITES_HINT = 'mutations that write nothing on purpose look the same';

/** What one mutation's verdict reads beyond its own facts; the engine answers from its keyed state. */
export interface MutationContext {
  adminAvailable: boolean;
  /** False when /errors is unavailable (no error tap). */
  errorsAvailable: boolean;
  knownFromRowVersion: number | null | undefined;
  knownFromAt: number | null | undefined;
  readAt: number | null | undefined;
  /** The source that covers the mutation (the lowest at or past it), else the highest. */
  watermark(clientID: string, mutationID: number): Watermark | null;
  firstPull(clientID: string, mutationID: number): PullSeen | null;
  /** This client's last mutation before `mutationID` that wrote change rows: [id, its max row version]. */
  previousWriter(clientID: string, mutationID: number): [number, number] | null;
  /** How many mutations of this name wrote change rows. */
  writers(name: string): number;
}

export interface Judged {
  status: MutationStatus;
  cause?: string;
  rule?: Rule;
  httpStatus?: number;
  evidence: string[];
}

export function watermarkFor(f: MutationFacts, c: MutationContext): Watermark | null {
  const wm = c.watermark(f.clientID, f.mutationID);
  if (wm) return wm;
  // /clients lists every client the server ever processed a mutation for.
  return c.adminAvailable ? { value: 0, source: 'server /clients (no record of this client)', at: null } : null;
}

/** `ev` null: the status and cause only; an array: the evidence too (built when a verdict is opened). */
export function decide(f: MutationFacts, c: MutationContext, wm: Watermark | null, ev: string[] | null): Judged {
  const n = f.mutationID;
  if (f.outbox) ev?.push(`in the outbox of client ${f.clientID}`);
  for (const a of f.attempts) ev?.push(`push ${a.requestId ?? '(known)'} answered ${a.status ? a.status : 'nothing'}`);
  if (wm) ev?.push(`watermark ${wm.value} for ${f.clientID} (${wm.source})`);
  else ev?.push(`no watermark for ${f.clientID}: admin API unavailable and no pull reported one`);

  if (f.rows.length > 0) {
    if (f.error)
      ev?.push(`yet /errors has #${f.error.id} for it (${preview(f.error.message, 80)}): the change rows win`);
    // The words only when asked for: most verdicts are applied ones nobody opens.
    if (ev) {
      const rvs = f.rows.slice(0, 5).map((r) => `${r.table}/${r.id} ${r.op} @${r.rowVersion}`);
      ev.push(
        `change rows with its provenance: ${rvs.join(', ')}${f.rows.length > 5 ? ` and ${f.rows.length - 5} more` : ''}`,
      );
    }
    return { status: 'applied', evidence: ev ?? NONE };
  }

  const processed = wm !== null && wm.value >= n;
  // One pass over the (usually one) push attempts, no lists built.
  let succeeded = false;
  let retrying = false;
  let lastRefusal = 0;
  for (const a of f.attempts) {
    const s = a.status ?? 0;
    if (s >= 200 && s < 300) succeeded = true;
    else if (s >= 400 && s < 500 && s !== 429) lastRefusal = s;
    else if (s >= 500 || s === 429) retrying = true;
  }
  if (!processed && !succeeded && lastRefusal > 0) {
    const again = f.outbox ? '; still in the outbox, so the client will send it again' : '';
    return {
      status: 'rejected',
      httpStatus: lastRefusal,
      cause: `push answered ${lastRefusal}${again}`,
      evidence: ev ?? NONE,
    };
  }

  if (processed) return judgeProcessed(f, c, ev);

  // plasma runs a push's mutators before it answers 200, so a watermark below it was read earlier.
  if (succeeded) {
    ev?.push(wm ? `server watermark ${wm.value} is below ${n}` : 'server watermark unknown');
    return {
      status: 'pushed',
      cause: wm
        ? 'push answered 200 but the server has not processed it yet (or the watermark was read before the push)'
        : 'push answered 200; the server watermark is unknown',
      evidence: ev ?? NONE,
    };
  }
  if (f.outbox) {
    return {
      status: 'pending',
      cause: retrying
        ? 'push failed with a retryable status; the client retries'
        : 'waiting in the outbox to be pushed',
      evidence: ev ?? NONE,
    };
  }

  const readAt = c.readAt;
  let lastSeen = f.mutateAt ?? -Infinity;
  for (const a of f.attempts) if (a.at !== null && a.at > lastSeen) lastSeen = a.at;
  if (typeof readAt === 'number' && lastSeen > readAt) {
    ev?.push(`seen ${formatTime(lastSeen)}, after the outbox was read ${formatTime(readAt)}`);
    return {
      status: 'pending',
      cause: 'made after the outbox was last read; read it again to judge',
      evidence: ev ?? NONE,
    };
  }
  if (wm === null) {
    return {
      status: 'unknown',
      cause: 'not in the outbox and no server watermark to tell processed from lost',
      evidence: ev ?? NONE,
    };
  }
  if (!f.madeOnClient) {
    return {
      status: 'unknown',
      cause: `known only from the server, which has not processed it (watermark ${wm.value})`,
      evidence: ev ?? NONE,
    };
  }
  ev?.push(`not in the outbox, and the server watermark ${wm.value} is below ${n}`);
  return {
    status: 'lost',
    cause: 'the client made it, but it is in neither the outbox nor the server (local state reset?)',
    evidence: ev ?? NONE,
  };
}

/** The server advanced its watermark past the mutation and no change row carries its provenance. */
function judgeProcessed(f: MutationFacts, c: MutationContext, ev: string[] | null): Judged {
  if (f.error) {
    const rule = parseRule(f.error.message);
    ev?.push(`server error #${f.error.id}: ${f.error.kind}: ${preview(f.error.message, 120)}`);
    ev?.push('no change row carries its provenance');
    // One literal, no spread: a shape made by a spread lives only while an object of it does, and the
    // optimised judge that read it is dropped when the last one is collected.
    return { status: 'silently-reverted', cause: f.error.message, rule: rule ?? undefined, evidence: ev ?? NONE };
  }
  const gap = windowGap(f, c, c.knownFromRowVersion, c.knownFromAt);
  if (gap) {
    ev?.push(gap);
    return {
      status: 'unknown',
      cause: 'the change log is incomplete for its range: it may have written rows that are no longer listed',
      evidence: ev ?? NONE,
    };
  }
  ev?.push('no change row carries its provenance');
  if (!c.adminAvailable) {
    return {
      status: 'unknown',
      cause: 'admin API unavailable: cannot see the change log to tell applied from reverted',
      evidence: ev ?? NONE,
    };
  }
  if (!c.errorsAvailable) {
    const writers = f.name ? c.writers(f.name) : 0;
    if (writers > 0) ev?.push(`${writers} other ${f.name} mutation(s) did write rows`);
    return {
      status: 'unknown',
      cause: `cannot tell: no /errors (error tap not installed) to tell a rollback from a mutation that wrote nothing; ${NO_WRITES_HINT}`,
      evidence: ev ?? NONE,
    };
  }
  ev?.push('/errors has nothing for it');
  return { status: 'applied-no-writes', cause: 'processed without error and wrote no rows', evidence: ev ?? NONE };
}

/**
 * Rows the mutation wrote would sit after the last row of this client's previous writing mutation.
 * If the log is only known from a later row version, their absence proves nothing. Gaps in
 * row_version inside the known part are normal and never matter here.
 */
function windowGap(
  f: MutationFacts,
  c: MutationContext,
  knownFrom: number | null | undefined,
  knownFromAt: number | null | undefined,
): string | null {
  if (typeof knownFrom !== 'number' || knownFrom <= 1) return null;
  // A mutation cannot be processed before it was made: first seen after the window opened, it is inside.
  if (typeof knownFromAt === 'number') {
    let first = f.mutateAt ?? f.outbox?.timestamp ?? Infinity;
    for (const a of f.attempts) if (a.at !== null && a.at < first) first = a.at;
    if (first >= knownFromAt && first !== Infinity) return null;
  }
  const prev = c.previousWriter(f.clientID, f.mutationID);
  if (prev && prev[1] >= knownFrom - 1) return null;
  return prev
    ? `the log is known from row version ${knownFrom}; this client's previous writing mutation (#${prev[0]}) ends at ${prev[1]}, so rows in between are unknown`
    : `the log is known only from row version ${knownFrom} and no earlier mutation of ${f.clientID} places this one after it`;
}
