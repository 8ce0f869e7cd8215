// The mutation rules behind judgeMutations (judge.ts): one verdict per (clientID, mutationID) the client or the server knows of, built from
// the outbox, captured pushes and pulls, bridge events and the admin API's log, watermarks and errors.

import type { MutationFacts, PullSeen, PushAttempt, Watermark } from './collect.ts';
import { factsOf, rowList, type HeldRows, type HeldVerdict, type Sources } from './mutationEntries.ts';
import { buildTimeline } from './timeline.ts';
import type { ChangeRecord, MutationStatus, MutationVerdict, Rule, TimelineEntry } from './types.ts';
import { formatTime, mutationKey, parseRule, preview } from './util.ts';

const NONE: string[] = [];
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

interface Judged {
  status: MutationStatus;
  cause?: string;
  rule?: Rule;
  httpStatus?: number;
  evidence: string[];
}

/**
 * A mutation's verdict. Evidence and timeline quote the watermark and the pulls as they are now, so
 * they are built when read (a verdict opened, an export), from the engine's current state: a new
 * watermark then re-judges only the mutations whose status or cause it changes. The facts too are
 * built again from the mutation's sources when read, not kept: any change to a source re-judges the
 * mutation, so the sources a verdict holds are the ones it was judged from (and 100k verdicts do not
 * each keep a facts object alive). A class, so the getters live once on its prototype, not as closures
 * per verdict; its own fields are plain data, and toJSON() writes the getters' values out too. `key`
 * and `changeRowVersions` are getters too: made when first read (most of a rebuild's never are).
 */
class JudgedMutation implements HeldVerdict {
  clientID: string;
  mutationID: number;
  name: string;
  args: unknown;
  status: MutationStatus;
  requestIds: string[];
  declare cause?: string;
  declare rule?: Rule;
  declare httpStatus?: number;
  /** Null until first read. */
  #key: string | null;
  #versions: number[] | null;
  /** What the facts are built from: the entry, or the change rows alone (judgeChangeRowsOnly). */
  readonly #sources: Sources | HeldRows;
  readonly #context: MutationContext;
  /** The name the sources gave (null: none did), for the engine's count of writers by name. */
  readonly #sourceName: string | null;

  /** Positional, not an object of the facts: a rebuild makes 100k of these and no other object beside each. */
  constructor(
    key: string | null,
    clientID: string,
    mutationID: number,
    sourceName: string | null,
    args: unknown,
    c: MutationContext,
    sources: Sources | HeldRows,
    judged: Judged,
    requestIds: string[],
    changeRowVersions: number[] | null,
  ) {
    this.clientID = clientID;
    this.mutationID = mutationID;
    this.name = sourceName ?? '(unknown)';
    this.args = args;
    this.status = judged.status;
    this.requestIds = requestIds;
    if (judged.cause !== undefined) this.cause = judged.cause;
    if (judged.rule) this.rule = judged.rule;
    if (judged.httpStatus !== undefined) this.httpStatus = judged.httpStatus;
    this.#key = key;
    this.#versions = changeRowVersions;
    this.#sources = sources;
    this.#context = c;
    this.#sourceName = sourceName;
  }

  /** `clientID#mutationID`. */
  get key(): string {
    return (this.#key ??= mutationKey(this.clientID, this.mutationID));
  }

  /** Null at construction only for change rows alone (held, never written to): made from them once. */
  get changeRowVersions(): number[] {
    const s = this.#sources;
    return (this.#versions ??= Array.isArray(s) ? rowVersionsOf(s) : 'rowVersion' in s ? [s.rowVersion] : NO_VERSIONS);
  }

  /** The name its sources gave, null when none did (`name` then reads "(unknown)"). */
  get sourceName(): string | null {
    return this.#sourceName;
  }

  /** The change rows it was judged from when they were its only source; null for any other verdict. */
  get heldRows(): ChangeRecord[] | null {
    const s = this.#sources;
    return Array.isArray(s) || 'rowVersion' in s ? rowList(s) : null;
  }

  #facts(): MutationFacts {
    const s = this.#sources;
    const sources = Array.isArray(s) || 'rowVersion' in s ? rowsOnly(rowList(s)) : s;
    return factsOf(this.clientID, this.mutationID, sources) ?? noFacts(this);
  }

  get evidence(): string[] {
    const f = this.#facts();
    return decide(f, this.#context, watermarkFor(f, this.#context), []).evidence;
  }

  get timeline(): TimelineEntry[] {
    const f = this.#facts();
    return buildTimeline(
      f,
      sortedAttempts(f),
      watermarkFor(f, this.#context),
      this.#context.firstPull(f.clientID, f.mutationID),
      this.status,
    );
  }

  toJSON(): MutationVerdict {
    // The own fields by name (a spread of a class instance would also be read as one of a prototype's).
    const out: MutationVerdict = {
      key: this.key,
      clientID: this.clientID,
      mutationID: this.mutationID,
      name: this.name,
      args: this.args,
      status: this.status,
      changeRowVersions: this.changeRowVersions,
      requestIds: this.requestIds,
      evidence: this.evidence,
      timeline: this.timeline,
    };
    if (this.cause !== undefined) out.cause = this.cause;
    if (this.rule) out.rule = this.rule;
    if (this.httpStatus !== undefined) out.httpStatus = this.httpStatus;
    return out;
  }
}

const rowsOnly = (changes: ChangeRecord[]): Sources => ({
  outbox: null,
  known: null,
  bridge: null,
  pushes: null,
  changes,
  errors: null,
});

/** The facts of a verdict whose sources were all withdrawn since (it left the engine's lists). */
const noFacts = (v: JudgedMutation): MutationFacts => ({
  key: v.key,
  clientID: v.clientID,
  mutationID: v.mutationID,
  name: v.sourceName,
  args: v.args,
  hasArgs: v.args !== undefined,
  outbox: null,
  attempts: [],
  mutateAt: null,
  madeOnClient: false,
  rows: [],
  wrote: false,
  error: null,
});

/** Most mutations have zero or one push: no copy and no sort then. */
const sortedAttempts = (f: MutationFacts): readonly PushAttempt[] =>
  f.attempts.length > 1 ? [...f.attempts].sort((a, b) => (a.at ?? 0) - (b.at ?? 0)) : f.attempts;

const NO_IDS: string[] = [];
const NO_VERSIONS: number[] = [];

/** An applied mutation's status needs no watermark and no words: one shared answer (never written to). */
const APPLIED: Judged = { status: 'applied', evidence: NONE };

/** `sources`: what the facts were built from (mutationEntries.ts factsOf); the verdict rebuilds them when read. */
export function judgeOne(f: MutationFacts, c: MutationContext, sources: Sources): MutationVerdict {
  // Change rows decide before anything else: no watermark lookup for the (many) applied mutations.
  const judged = f.rows.length > 0 ? APPLIED : decide(f, c, watermarkFor(f, c), null);
  let requestIds = NO_IDS;
  for (const a of sortedAttempts(f)) {
    if (a.requestId === null || requestIds.includes(a.requestId)) continue;
    // A literal of one (most have one push): `[]` then push() would reserve room for 17.
    if (requestIds === NO_IDS) requestIds = [a.requestId];
    else requestIds.push(a.requestId);
  }
  return new JudgedMutation(
    f.key,
    f.clientID,
    f.mutationID,
    f.name,
    f.args,
    c,
    sources,
    judged,
    requestIds,
    rowVersionsOf(f.rows),
  );
}

/**
 * judgeOne for a mutation whose only source is its change rows (most of a rebuild's): applied, no
 * name, no args, no push. The same verdict, without building its facts first; it holds the rows
 * (`heldRows`), so the engine keeps it as the mutation's state instead of an entry.
 */
export function judgeChangeRowsOnly(
  key: string | null,
  clientID: string,
  mutationID: number,
  rows: HeldRows,
  c: MutationContext,
): HeldVerdict {
  return new JudgedMutation(key, clientID, mutationID, null, undefined, c, rows, APPLIED, NO_IDS, null);
}

function rowVersionsOf(rows: readonly ChangeRecord[]): number[] {
  const first = rows[0];
  if (first === undefined) return NO_VERSIONS;
  return rows.length === 1 ? [first.rowVersion] : rows.map((r) => r.rowVersion).sort((a, b) => a - b);
}

/** The name a verdict's sources gave (null when none did); undefined for a verdict not made here. */
export const sourceNameOf = (v: MutationVerdict): string | null | undefined =>
  v instanceof JudgedMutation ? v.sourceName : undefined;

function watermarkFor(f: MutationFacts, c: MutationContext): Watermark | null {
  const wm = c.watermark(f.clientID, f.mutationID);
  if (wm) return wm;
  // /clients lists every client the server ever processed a mutation for.
  return c.adminAvailable ? { value: 0, source: 'server /clients (no record of this client)', at: null } : null;
}

/** `ev` null: the status and cause only; an array: the evidence too (built when a verdict is opened). */
function decide(f: MutationFacts, c: MutationContext, wm: Watermark | null, ev: string[] | null): Judged {
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
    return { status: 'silently-reverted', cause: f.error.message, ...(rule ? { rule } : {}), evidence: ev ?? NONE };
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
