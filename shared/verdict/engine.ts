// The incremental verdict engine. It keeps every input as keyed state (Maps by clientID and
// mutationID, by table and row id, sorted lists by row version and watermark), applies deltas to
// it, and judges again only the mutations and rows a delta touched, so a steady-state update costs
// in proportion to what arrived. A change that moves everything (another client group, the admin
// API coming or going, a new log window) rebuilds from the state it holds. judge() is this engine,
// built once.

import type { SyncEvent } from '../sync/types.ts';
import { createMutationSide } from './engineMutations.ts';
import { createRowSide } from './engineRows.ts';
import type { ClientChange, RowsDelta, VerdictChanges, VerdictDelta, Verdicts } from './engineTypes.ts';
import { isRecord, isString } from '../guards.ts';
import { verdictFindingsOf, type VerdictFinding, type VerdictFindingOptions } from './findings.ts';
import { sanitise } from './sanitise.ts';
import type { ChangeRecord, ClientState, MutationVerdict, RowVerdict, ServerError, VerdictInput } from './types.ts';
import { lowerBound } from './sorted.ts';

const EMPTY_CLIENT: ClientState = {
  outbox: [],
  base: {},
  visible: {},
  meta: { cookie: null, clientGroupID: null, schemaVersion: null, lastMutationIDs: {} },
  readAt: null,
};

export interface EngineOptions extends VerdictFindingOptions {
  /** Judge rows against these mutation verdicts instead of the engine's own (judgeRows' second argument). */
  mutations?: readonly MutationVerdict[];
}

/** `input` must have gone through sanitise(); use judge() or update() for raw data. */
export function createVerdictEngine(input?: VerdictInput, options: EngineOptions = {}) {
  let findingOptions: VerdictFindingOptions = { ...options };
  let client: ClientState = EMPTY_CLIENT;
  let known = input?.known ?? [];
  let bridge = input?.bridge ?? [];
  const events = new Map<string, SyncEvent>();
  let adminAvailable = false;
  let knownFromRowVersion: number | null = null;
  let knownFromAt: number | null = null;
  let clients = input?.server.clients ?? [];
  let errors: ServerError[] | null = [];
  let confirmations = input?.server.rows ?? [];
  /** The change log held, by row version. */
  let changes: ChangeRecord[] = [];

  let changed = { mutations: new Map<string, MutationVerdict | null>(), rows: new Map<string, RowVerdict | null>() };
  const interestingMutations = new Map<string, MutationVerdict>();
  const rowSide = createRowSide((key, v) => {
    changed.rows.set(key, v);
    if (cached?.read.has(key)) version++;
  });
  const mutationSide = createMutationSide((before, after) => {
    const v = after ?? before;
    if (!v) return;
    if (!rebuilding) changed.mutations.set(v.key, after);
    if (after && isInteresting(after)) {
      interestingMutations.set(after.key, after);
      version++;
      // A rebuild starts from an empty map: nothing to delete (and no hash of every key to compute).
    } else if (!rebuilding && interestingMutations.delete(v.key)) version++;
    if (!options.mutations) rowSide.mutationChanged(before, after);
  });

  let rebuilding = false;
  function rebuild(): void {
    rebuilding = true;
    version++;
    mutationSide.clear();
    mutationSide.setBulk(true);
    rowSide.clear();
    interestingMutations.clear();
    const group = client.meta.clientGroupID ?? null;
    mutationSide.configure(group, adminAvailable);
    const ctx = mutationSide.ctx;
    ctx.errorsAvailable = errors !== null;
    ctx.knownFromRowVersion = knownFromRowVersion;
    ctx.knownFromAt = knownFromAt;
    ctx.readAt = client.readAt ?? null;
    mutationSide.setOutbox(client.outbox);
    mutationSide.setKnown(known);
    mutationSide.setBridge(bridge);
    for (const ev of events.values()) mutationSide.upsertEvent(ev);
    mutationSide.setMeta(client.meta.lastMutationIDs);
    mutationSide.setClients(clients);
    if (adminAvailable) {
      mutationSide.addChanges(changes);
      for (const e of errors ?? []) mutationSide.addError(e);
    }
    rowSide.setClient(client, { adminAvailable, knownFromRowVersion, changes, confirmations });
    if (options.mutations) for (const m of options.mutations) rowSide.mutationChanged(null, m);
    mutationSide.settle();
    mutationSide.setBulk(false);
    rowSide.settle();
    rebuilding = false;
  }

  function setClient(next: ClientState, rows = true): boolean {
    const before = client;
    client = next;
    if ((before.meta.clientGroupID ?? null) !== (next.meta.clientGroupID ?? null)) return true;
    mutationSide.setOutbox(next.outbox);
    mutationSide.setMeta(next.meta.lastMutationIDs);
    if ((before.readAt ?? null) !== (next.readAt ?? null)) {
      mutationSide.ctx.readAt = next.readAt ?? null;
      mutationSide.markUnprocessed();
    }
    rowSide.setClient(next, { adminAvailable, knownFromRowVersion, changes, confirmations }, rows);
    return false;
  }

  function applyServer(d: NonNullable<VerdictDelta['server']>): boolean {
    let full = false;
    if (d.adminAvailable !== undefined && d.adminAvailable !== adminAvailable) full = true;
    if (d.knownFromRowVersion !== undefined && d.knownFromRowVersion !== knownFromRowVersion) full = true;
    if (d.knownFromAt !== undefined && d.knownFromAt !== knownFromAt) full = true;
    if (d.errors === null && errors !== null) full = true;
    if (d.errors && errors === null) full = true;
    adminAvailable = d.adminAvailable ?? adminAvailable;
    knownFromRowVersion = d.knownFromRowVersion !== undefined ? d.knownFromRowVersion : knownFromRowVersion;
    knownFromAt = d.knownFromAt !== undefined ? d.knownFromAt : knownFromAt;
    const changesFrom = d.changesFrom;
    if (changesFrom !== undefined) {
      const cut = lowerBound(changes, (c) => c.rowVersion < changesFrom);
      const gone = changes.slice(0, cut);
      changes = changes.slice(cut);
      if (!full)
        for (const c of gone) {
          mutationSide.removeChange(c);
          rowSide.removeChange(c);
        }
    }
    for (const c of d.changes ?? []) {
      const i = lowerBound(changes, (x) => x.rowVersion <= c.rowVersion);
      if (i === changes.length) changes.push(c);
      else changes.splice(i, 0, c);
      if (!full) {
        mutationSide.addChange(c);
        rowSide.addChange(c);
      }
    }
    if (d.errors === null) errors = null;
    else if (d.errorsFrom !== undefined || d.errors) {
      let list = errors ?? [];
      const errorsFrom = d.errorsFrom;
      if (errorsFrom !== undefined) {
        const gone = list.filter((e) => e.id < errorsFrom);
        list = list.filter((e) => e.id >= errorsFrom);
        if (!full) for (const e of gone) mutationSide.removeError(e);
      }
      for (const e of d.errors ?? []) {
        list = list.concat(e);
        if (!full) mutationSide.addError(e);
      }
      errors = list;
    }
    if (d.clients) {
      clients = d.clients;
      if (!full) mutationSide.setClients(clients);
    }
    if (d.rows) {
      confirmations = d.rows;
      if (!full) rowSide.setConfirmations(confirmations);
    }
    return full;
  }

  /**
   * Findings read only the verdicts that can raise one and the rows a revert names: while none of
   * those changed, the last list stands (a steady stream of applied mutations never rebuilds it).
   */
  let cached: { findings: VerdictFinding[]; read: Set<string>; version: number } | null = null;
  let version = 0;
  function findings(): VerdictFinding[] {
    if (cached && cached.version === version + rowSide.version()) return cached.findings;
    const read = new Set<string>();
    const lookup = (table: string, id: string) => {
      const r = rowSide.lookup(table, id);
      if (r) read.add(r.key);
      return r;
    };
    const ms = [...interestingMutations.values()].sort(byMutation);
    const list = verdictFindingsOf(ms, rowSide.interesting(), lookup, findingOptions);
    cached = { findings: list, read, version: version + rowSide.version() };
    return list;
  }

  /** Applies a delta (raw data: it is checked here) and returns what it changed. */
  function update(raw: VerdictDelta): VerdictChanges {
    changed = { mutations: new Map(), rows: new Map() };
    const d = sanitiseDelta(raw);
    let full = false;
    if (d.client !== undefined) full = setClient(d.client ?? EMPTY_CLIENT) || full;
    if (d.clientChange) {
      const next: ClientState = {
        ...client,
        outbox: d.clientChange.outbox,
        meta: d.clientChange.meta,
        readAt: d.clientChange.readAt,
      };
      rowSide.applyRows(d.clientChange);
      full = setClient(next, false) || full;
    }
    if (d.server) full = applyServer(d.server) || full;
    if (d.known) {
      known = d.known;
      if (!full) mutationSide.setKnown(known);
    }
    if (d.bridge) {
      bridge = d.bridge;
      if (!full) mutationSide.setBridge(bridge);
    }
    for (const id of d.removeEvents ?? []) {
      events.delete(id);
      if (!full) mutationSide.removeEvent(id);
    }
    for (const ev of d.events ?? []) {
      events.set(ev.id, ev);
      if (!full) mutationSide.upsertEvent(ev);
    }
    if (full) {
      rebuild();
      return { full: true, ...snapshotLists(), removedMutations: [], removedRows: [], findings: findings() };
    }
    mutationSide.settle();
    // Every row judged again (another table set, an opaque cookie): hand over the whole lists.
    if (rowSide.settle())
      return { full: true, ...snapshotLists(), removedMutations: [], removedRows: [], findings: findings() };
    const out: VerdictChanges = {
      full: false,
      mutations: [],
      removedMutations: [],
      rows: [],
      removedRows: [],
      findings: findings(),
    };
    for (const [key, v] of changed.mutations)
      if (v) out.mutations.push(v);
      else out.removedMutations.push(key);
    for (const [key, v] of changed.rows)
      if (v) out.rows.push(v);
      else out.removedRows.push(key);
    return out;
  }

  function snapshotLists(): { mutations: MutationVerdict[]; rows: RowVerdict[] } {
    return { mutations: mutationSide.list(), rows: rowSide.list() };
  }

  if (input) {
    client = input.client;
    adminAvailable = input.server.adminAvailable;
    knownFromRowVersion = input.server.knownFromRowVersion ?? null;
    knownFromAt = input.server.knownFromAt ?? null;
    errors = input.server.errors;
    // The engine's own copy (sanitise() hands the caller's array); /changes answers come in row
    // version order, so the sort is skipped when one pass finds them in it already.
    const given = input.server.changes;
    changes = byRowVersion(given) ? given.slice() : given.slice().sort((a, b) => a.rowVersion - b.rowVersion);
    for (const ev of input.events ?? []) events.set(ev.id, ev);
  }
  rebuild();

  return {
    update,
    snapshot: (): Verdicts => ({ ...snapshotLists(), findings: findings() }),
    findings,
    /** One mutation's verdict by its `clientID#mutationID` key (its evidence is built on reading). */
    mutation(key: string): MutationVerdict | undefined {
      const at = key.lastIndexOf('#');
      return at < 0 ? undefined : mutationSide.verdict(key.slice(0, at), Number(key.slice(at + 1)));
    },
    /** Who the client acts as, for the findings' words; takes effect on the next findings(). */
    setOptions(next: VerdictFindingOptions) {
      findingOptions = { ...next };
      version++;
    },
  };
}

export type VerdictEngine = ReturnType<typeof createVerdictEngine>;

function byRowVersion(list: readonly ChangeRecord[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1]?.rowVersion ?? 0) > (list[i]?.rowVersion ?? 0)) return false;
  return true;
}

const byMutation = (a: MutationVerdict, b: MutationVerdict): number =>
  a.clientID < b.clientID ? -1 : a.clientID > b.clientID ? 1 : a.mutationID - b.mutationID;

function isInteresting(m: MutationVerdict): boolean {
  return (
    m.status === 'silently-reverted' ||
    m.status === 'lost' ||
    (m.status === 'unknown' &&
      m.cause !== undefined &&
      (m.cause.startsWith('cannot tell') || m.cause.startsWith('the change log is incomplete')))
  );
}

/** A delta after the guard: every part typed and well-formed. */
interface CleanDelta extends Omit<VerdictDelta, 'client' | 'clientChange'> {
  client?: ClientState | null;
  clientChange?: ClientChange;
}

/** The delta through the same guard as a whole input: page and admin data are untrusted. */
function sanitiseDelta(d: VerdictDelta): CleanDelta {
  const out: CleanDelta = {};
  if (d.client !== undefined) out.client = d.client === null ? null : sanitise({ client: d.client }).client;
  if (d.clientChange) {
    const c = sanitise({
      client: { outbox: d.clientChange.outbox, meta: d.clientChange.meta, readAt: d.clientChange.readAt },
    }).client;
    const side = (x: unknown) => sanitiseRowsDelta(x);
    out.clientChange = {
      base: side(d.clientChange.base),
      visible: side(d.clientChange.visible),
      outbox: c.outbox,
      meta: c.meta,
      readAt: c.readAt ?? null,
    };
  }
  const clean = sanitise({
    events: d.events,
    bridge: d.bridge,
    known: d.known,
    server: { ...(d.server ?? {}), adminAvailable: true },
  });
  if (d.events) out.events = clean.events ?? [];
  if (Array.isArray(d.removeEvents)) out.removeEvents = d.removeEvents.filter(isString);
  if (d.bridge) out.bridge = clean.bridge ?? [];
  if (d.known) out.known = clean.known ?? [];
  if (d.server) {
    const s = d.server;
    const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
    out.server = {};
    if (typeof s.adminAvailable === 'boolean') out.server.adminAvailable = s.adminAvailable;
    if (s.changes) out.server.changes = clean.server.changes;
    const changesFrom = num(s.changesFrom);
    if (changesFrom !== null) out.server.changesFrom = changesFrom;
    if (s.knownFromRowVersion !== undefined) out.server.knownFromRowVersion = num(s.knownFromRowVersion);
    if (s.knownFromAt !== undefined) out.server.knownFromAt = num(s.knownFromAt);
    if (s.clients) out.server.clients = clean.server.clients;
    if (s.errors !== undefined) out.server.errors = s.errors === null ? null : (clean.server.errors ?? []);
    const errorsFrom = num(s.errorsFrom);
    if (errorsFrom !== null) out.server.errorsFrom = errorsFrom;
    if (s.rows) out.server.rows = clean.server.rows ?? [];
  }
  return out;
}

function sanitiseRowsDelta(x: unknown): Record<string, RowsDelta> {
  // A null prototype: a table named `__proto__` or `toString` is a key like any other.
  const out: Record<string, RowsDelta> = Object.create(null) as Record<string, never>;
  if (!isRecord(x)) return out;
  for (const [table, d] of Object.entries(x)) {
    if (!isRecord(d)) continue;
    const { put, del } = d;
    out[table] = {
      put: Array.isArray(put) ? put.filter(isRecord) : [],
      del: Array.isArray(del) ? del.filter(isString) : [],
    };
  }
  return out;
}
