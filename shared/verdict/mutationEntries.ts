// The mutation side's state: one entry per (clientID, mutationID) holding every source that names
// the mutation (outbox, known list, bridge events, captured pushes, change rows, server errors) and
// its verdict, so a mutation costs one lookup and a rebuild one walk.

import type { PushEvent } from '../sync/types.ts';
import type { MutationFacts, PushAttempt } from './collect.ts';
import type {
  BridgeMutateEvent,
  ChangeRecord,
  KnownMutation,
  MutationVerdict,
  OutboxEntry,
  ServerError,
} from './types.ts';

/** One mutation of a captured push: the event and the mutation's index in its request. */
export interface PushRef {
  ev: PushEvent;
  index: number;
  seq: number;
}

export interface SourceOf {
  outbox: OutboxEntry;
  known: KnownMutation;
  bridge: BridgeMutateEvent;
  pushes: PushRef;
  changes: ChangeRecord;
  errors: ServerError;
}
export type SourceKind = keyof SourceOf;
export type Sources = { [K in SourceKind]: SourceOf[K][] | null };

export interface MutationEntry extends Sources {
  mid: number;
  /** Built in a settle and held only until the entry is judged in it (the verdict rebuilds them when read). */
  facts: MutationFacts | null;
  verdict: MutationVerdict | null;
}

/** clientID → mutationID → entry. */
export type Entries = Map<string, Map<number, MutationEntry>>;

export function entryOf(entries: Entries, cid: string, mid: number): MutationEntry {
  let inner = entries.get(cid);
  if (!inner) entries.set(cid, (inner = new Map<number, MutationEntry>()));
  let e = inner.get(mid);
  if (!e) {
    // One shape for every entry: all fields set here, in this order.
    e = {
      mid,
      outbox: null,
      known: null,
      bridge: null,
      pushes: null,
      changes: null,
      errors: null,
      facts: null,
      verdict: null,
    };
    inner.set(mid, e);
  }
  return e;
}

export const entryAt = (entries: Entries, cid: string, mid: number): MutationEntry | undefined =>
  entries.get(cid)?.get(mid);

export function addSource<K extends SourceKind>(e: Sources, kind: K, value: SourceOf[K]): void {
  const list: SourceOf[K][] | null = e[kind];
  if (list) list.push(value);
  // The view TypeScript can write through for a generic key (the same object, the same fields).
  else (e as { [P in K]: SourceOf[P][] | null })[kind] = [value];
}

export function removeSource<K extends SourceKind>(e: Sources, kind: K, value: SourceOf[K]): void {
  const list: SourceOf[K][] | null = e[kind];
  if (!list) return;
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) (e as { [P in K]: SourceOf[P][] | null })[kind] = null;
}

const NO_ATTEMPTS: PushAttempt[] = [];
const NO_ROWS: readonly ChangeRecord[] = [];

/** The first name and args any source gives (outbox, known, bridge, pushes, errors, in that order). */
function describe(f: MutationFacts, name: string | null, args: unknown, hasArgs: boolean): void {
  if (f.name === null && name) f.name = name;
  if (!f.hasArgs && hasArgs) {
    f.args = args;
    f.hasArgs = true;
  }
}

/** mutationKey() with the client's `clientID#` made once per run of its mutations, not once per mutation. */
let keyClient = '';
let keyPrefix = '#';
export function keyOf(cid: string, mid: number): string {
  if (cid !== keyClient) {
    keyClient = cid;
    keyPrefix = `${cid}#`;
  }
  return `${keyPrefix}${mid}`;
}

/** The facts a verdict is judged from; null when no source names the mutation any more. */
export function factsOf(cid: string, mid: number, e: Sources): MutationFacts | null {
  const { outbox: ob, known: kn, bridge: br, pushes: pu, changes: ch, errors: er } = e;
  if (!ob && !kn && !br && !pu && !ch && !er) return null;
  // Most facts have no push attempt or no change row: they share one empty list until they do.
  const f: MutationFacts = {
    key: keyOf(cid, mid),
    clientID: cid,
    mutationID: mid,
    name: null,
    args: undefined,
    hasArgs: false,
    outbox: null,
    attempts: NO_ATTEMPTS,
    mutateAt: null,
    madeOnClient: false,
    rows: ch ?? NO_ROWS,
    wrote: ch !== null && ch.length > 0,
    error: null,
  };
  // `if (x) for` rather than `x ?? []`: no empty list made per mutation for the sources it lacks.
  if (ob)
    for (const o of ob) {
      f.outbox = o;
      describe(f, o.name, o.args, true);
    }
  if (kn)
    for (const k of kn) {
      f.madeOnClient = true;
      describe(f, k.name, k.args, true);
      if (k.pushedAt !== null || k.pushStatus !== null) {
        if (f.attempts === NO_ATTEMPTS) f.attempts = [];
        f.attempts.push({ requestId: k.requestId ?? null, at: k.pushedAt, status: k.pushStatus });
      }
    }
  if (br)
    for (const b of br) {
      f.madeOnClient = true;
      f.mutateAt ??= b.at;
      describe(f, b.name, undefined, false);
    }
  const ps = pu && pu.length > 1 ? pu.slice().sort((a, b) => a.seq - b.seq) : pu;
  if (ps)
    for (const p of ps) {
      const req = p.ev.request.state === 'ok' ? p.ev.request.value : null;
      const m = req?.mutations[p.index];
      if (!m) continue;
      f.madeOnClient = true;
      describe(f, m.name, m.args, true);
      if (f.attempts === NO_ATTEMPTS) f.attempts = [];
      f.attempts.push({ requestId: p.ev.id, at: p.ev.startedAt, status: p.ev.status } satisfies PushAttempt);
    }
  if (er)
    for (const x of er) {
      if (f.error === null || x.id > f.error.id) f.error = x;
      describe(f, x.mutationName, undefined, false);
    }
  return f;
}
