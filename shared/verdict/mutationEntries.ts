// The mutation side's state: one slot per (clientID, mutationID). Mostly an entry holding every source
// that names the mutation (outbox, known list, bridge events, captured pushes, change rows, server
// errors) and its verdict, so a mutation costs one lookup and a rebuild one walk. A rebuild's many
// mutations known only from their change rows keep no entry: while it loads, the slot is the rows
// themselves, and once judged, the verdict, which holds them (a HeldVerdict). A source that arrives for
// such a mutation later makes it an entry again (entryOf, entryAt).

import type { PushEvent } from '../sync/types.ts';
import { IntMap } from './intMap.ts';
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

/** A mutation's change rows held without an entry: the one row itself (most mutations write one), or a list. */
export type HeldRows = ChangeRecord | ChangeRecord[];

/** The verdict of a mutation known only from its change rows, kept as its state: `heldRows` are those rows. */
export interface HeldVerdict extends MutationVerdict {
  /** The change rows it was judged from when they were its only source (a new list); null for any other verdict. */
  readonly heldRows: ChangeRecord[] | null;
}

/** An entry; or, for a mutation known only from its change rows, those rows (while a rebuild loads) or its verdict. */
export type Slot = MutationEntry | HeldRows | HeldVerdict;

/** A client's slots by mutationID: an IntMap (ids run 1, 2, 3, …: an array by index), or any Map. */
export interface SlotMap {
  get(mid: number): Slot | undefined;
  set(mid: number, s: Slot): unknown;
  delete(mid: number): boolean;
  readonly size: number;
  forEach(fn: (s: Slot, mid: number) => void): void;
  keys(): Iterable<number>;
}

/** clientID → mutationID → slot. */
export type Entries = Map<string, SlotMap>;

/**
 * Every entry is one of these (newEntry): one shape, all fields in this order, and told apart from
 * a slot's rows or verdict by its class (a prototype check), not by a property of objects of many shapes.
 */
class Entry implements MutationEntry {
  mid: number;
  outbox: OutboxEntry[] | null = null;
  known: KnownMutation[] | null = null;
  bridge: BridgeMutateEvent[] | null = null;
  pushes: PushRef[] | null = null;
  changes: ChangeRecord[] | null;
  errors: ServerError[] | null = null;
  facts: MutationFacts | null = null;
  verdict: MutationVerdict | null;
  constructor(mid: number, changes: ChangeRecord[] | null, verdict: MutationVerdict | null) {
    this.mid = mid;
    this.changes = changes;
    this.verdict = verdict;
  }
}

export const isEntry = (s: Slot): s is MutationEntry => s instanceof Entry;

/** Change rows a slot holds as they are (not yet judged). */
export const isHeldRows = (s: Slot): s is HeldRows => Array.isArray(s) || (!isEntry(s) && 'rowVersion' in s);

/** isHeldRows for a slot of a rebuild not yet judged (an entry or rows, no verdict yet): one prototype check. */
export const isLoadedRows = (s: Slot): s is HeldRows => !isEntry(s);

/** The rows held, as a new list. */
export const rowList = (rows: HeldRows): ChangeRecord[] => (Array.isArray(rows) ? rows.slice() : [rows]);

/** The verdict a slot holds (none for rows still loading). */
export const verdictOf = (s: Slot | undefined): MutationVerdict | undefined =>
  s === undefined || isHeldRows(s) ? undefined : isEntry(s) ? (s.verdict ?? undefined) : s;

/** The mutation's entry; a slot holding only its change rows (or their verdict) becomes one. */
export function entryOf(entries: Entries, cid: string, mid: number): MutationEntry {
  let inner = entries.get(cid);
  if (!inner) entries.set(cid, (inner = new IntMap<Slot>()));
  const s = inner.get(mid);
  if (s !== undefined && isEntry(s)) return s;
  const e = newEntry(mid, s);
  inner.set(mid, e);
  return e;
}

/** The mutation's entry if it has a slot (made an entry as entryOf does), else undefined. */
export function entryAt(entries: Entries, cid: string, mid: number): MutationEntry | undefined {
  const inner = entries.get(cid);
  if (!inner) return undefined;
  const s = inner.get(mid);
  if (s === undefined || isEntry(s)) return s;
  const e = newEntry(mid, s);
  inner.set(mid, e);
  return e;
}

function newEntry(mid: number, was: HeldRows | HeldVerdict | undefined): MutationEntry {
  // One shape for every entry: all fields set here, in this order. The rows a slot held are copied:
  // a verdict made from them keeps reading the ones it was judged from.
  const rows = was === undefined ? null : isHeldRows(was) ? rowList(was) : was.heldRows;
  return new Entry(mid, rows, was === undefined || isHeldRows(was) ? null : was);
}

/** What a rebuild holds per mutation: its entry, or the verdict a mutation known only from its change rows keeps. */
export type Held = MutationEntry | HeldVerdict;
/** A change row in a rebuild: appended to the mutation's slot without making it an entry. */
export function addHeldRow(entries: Entries, cid: string, mid: number, row: ChangeRecord): void {
  let inner = entries.get(cid);
  if (!inner) entries.set(cid, (inner = new IntMap<Slot>()));
  const s = inner.get(mid);
  if (s === undefined) inner.set(mid, row);
  else if (Array.isArray(s)) s.push(row);
  else if (isHeldRows(s)) inner.set(mid, [s, row]);
  else addSource(entryOf(entries, cid, mid), 'changes', row);
}

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

/** A push event left the capture: its mutations lose it as a source (and are marked to be judged again). */
export function removePushes(entries: Entries, ev: PushEvent, mark: (cid: string, mid: number) => void): void {
  if (ev.request.state !== 'ok') return;
  const cid = ev.request.value.clientID;
  if (cid === null) return;
  for (const m of ev.request.value.mutations) {
    const e = entryAt(entries, cid, m.id);
    if (!e?.pushes) continue;
    const rest = e.pushes.filter((p) => p.ev !== ev);
    if (rest.length === e.pushes.length) continue;
    e.pushes = rest.length > 0 ? rest : null;
    mark(cid, m.id);
  }
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

/** A list of one literal for the first (most have one push): `[]` then push() would reserve room for 17. */
function attempt(f: MutationFacts, a: PushAttempt): void {
  if (f.attempts === NO_ATTEMPTS) f.attempts = [a];
  else f.attempts.push(a);
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
        attempt(f, { requestId: k.requestId ?? null, at: k.pushedAt, status: k.pushStatus });
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
      attempt(f, { requestId: p.ev.id, at: p.ev.startedAt, status: p.ev.status });
    }
  if (er)
    for (const x of er) {
      if (f.error === null || x.id > f.error.id) f.error = x;
      describe(f, x.mutationName, undefined, false);
    }
  return f;
}
