// The mutation verdicts behind judgeMutations (judge.ts): one verdict per (clientID, mutationID) the client or the server knows of, built from
// the outbox, captured pushes and pulls, bridge events and the admin API's log, watermarks and errors
// (the rules that decide a status without change rows: mutationRules.ts).

import type { MutationFacts, PushAttempt } from './collect.ts';
import { factsOf, rowList, type HeldRows, type HeldVerdict, type Sources } from './mutationEntries.ts';
import { buildTimeline } from './timeline.ts';
import type { ChangeRecord, MutationStatus, MutationVerdict, Rule, TimelineEntry } from './types.ts';
import { mutationKey } from './util.ts';
import { decide, NONE, watermarkFor, type Judged, type MutationContext } from './mutationRules.ts';

export type { MutationContext } from './mutationRules.ts';

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
