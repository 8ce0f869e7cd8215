// The incremental engine against the full judge: any sequence of deltas (page reads whole or by
// key, captured pushes and pulls arriving, updated or dropped, change-log pages, errors, /clients,
// the admin API coming and going) leaves exactly the verdicts judge() gives on the final data, and
// the merged updates a consumer holds equal them too.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVerdictEngine } from './engine.ts';
import type { ClientChange, VerdictDelta } from './engineTypes.ts';
import { judge, type Verdicts } from './judge.ts';
import { applyVerdictChanges } from './mirror.ts';
import { cookieAt, GROUP, pullEvent, pushEvent } from './testFixtures.ts';
import type { ChangeRecord, ClientState, ServerError, VerdictInput } from './types.ts';
import type { SyncEvent } from '../sync/types.ts';

const CIDS = ['c1', 'c2', 'c3'];
const IDS = ['t1', 't2', 't3', 't4'];
const NAMES = ['createTodo', 'updateTodo', 'touch'];
const cid = fc.constantFrom(...CIDS);
const mid = fc.integer({ min: 1, max: 6 });
const id = fc.constantFrom(...IDS);
const table = fc.constantFrom('todos', 'notes');
const row = fc.record({ id, title: fc.constantFrom('a', 'b') });
const rows = fc.array(row, { maxLength: 4 });
const outbox = fc.array(
  fc.record({
    clientID: cid,
    mutationID: mid,
    name: fc.constantFrom(...NAMES),
    args: fc.record({ id }),
    timestamp: fc.constant(1),
  }),
  { maxLength: 3 },
);
const meta = fc.record({
  cookie: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 12 }).map(cookieAt), fc.constant('opaque!')),
  clientGroupID: fc.constantFrom(GROUP, GROUP, 'g2'),
  schemaVersion: fc.constant('3'),
  lastMutationIDs: fc.dictionary(cid, fc.integer({ min: 0, max: 6 }), { maxKeys: 2 }),
});
const client = fc.record({
  outbox,
  base: fc.record({ todos: rows, notes: rows }),
  visible: fc.record({ todos: rows, notes: rows }),
  meta,
  readAt: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100 })),
});
const rowsDelta = fc.record({ put: rows, del: fc.array(id, { maxLength: 2 }) });
const clientChange = fc.record({
  base: fc.record({ todos: rowsDelta }),
  visible: fc.record({ notes: rowsDelta, todos: rowsDelta }),
  outbox,
  meta,
  readAt: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100 })),
});
const eventId = fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5');
const event = fc.oneof(
  fc
    .record({
      id: eventId,
      status: fc.constantFrom(200, 401, 500, 0),
      at: fc.integer({ min: 0, max: 100 }),
      cid,
      ms: fc.array(fc.record({ id: mid, name: fc.constantFrom(...NAMES), args: fc.record({ id }) }), {
        minLength: 1,
        maxLength: 2,
      }),
    })
    .map((e): SyncEvent => pushEvent(e.id, e.status, e.at, e.cid, e.ms)),
  fc
    .record({
      id: eventId,
      at: fc.integer({ min: 0, max: 100 }),
      lm: fc.dictionary(cid, fc.integer({ min: 0, max: 6 }), { maxKeys: 2 }),
    })
    .map((e): SyncEvent => pullEvent(e.id, e.at, 'c1', e.lm, 3)),
);
const change = fc.record({
  table,
  id,
  op: fc.constantFrom('put', 'del'),
  by: fc.option(fc.tuple(cid, mid)),
  title: fc.constantFrom('a', 'b'),
});
const server = fc.record(
  {
    adminAvailable: fc.option(fc.boolean(), { freq: 3 }),
    changes: fc.option(fc.array(change, { maxLength: 3 })),
    changesFrom: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 4 }),
    knownFromRowVersion: fc.option(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 6 })), { freq: 5 }),
    clients: fc.option(
      fc.array(fc.record({ clientID: cid, lastMutationID: fc.integer({ min: 0, max: 6 }) }), { maxLength: 3 }),
    ),
    errors: fc.option(
      fc.oneof(
        fc.constant(null),
        fc.array(fc.record({ cid, mid, message: fc.constantFrom('PlasmaAuthorizationError: todos.write', 'boom') }), {
          maxLength: 2,
        }),
      ),
    ),
    rows: fc.option(fc.array(fc.record({ table, id, readable: fc.boolean() }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const step = fc.oneof(
  client.map((c) => ({ client: c })),
  clientChange.map((c) => ({ clientChange: c })),
  fc.array(event, { minLength: 1, maxLength: 2 }).map((events) => ({ events })),
  fc.array(eventId, { minLength: 1, maxLength: 2 }).map((removeEvents) => ({ removeEvents })),
  fc
    .array(
      fc.record({
        kind: fc.constant('mutate' as const),
        at: fc.integer({ min: 0, max: 100 }),
        name: fc.constantFrom(...NAMES),
        mutationID: mid,
        clientID: cid,
      }),
      { maxLength: 2 },
    )
    .map((bridge) => ({ bridge })),
  server.map((s) => ({ server: s })),
);

/** The same deltas applied to plain data, the way the engine documents them. */
function model() {
  let rv = 0;
  let errorId = 0;
  const input: VerdictInput = {
    client: {
      outbox: [],
      base: {},
      visible: {},
      meta: { cookie: null, clientGroupID: null, schemaVersion: null, lastMutationIDs: {} },
      readAt: null,
    },
    events: [],
    bridge: [],
    server: { adminAvailable: false, changes: [], clients: [], errors: [], rows: [], knownFromRowVersion: null },
  };
  const toDelta = (s: fc.Arbitrary<unknown> extends never ? never : Record<string, unknown>): VerdictDelta => {
    const d: VerdictDelta = {};
    if (s.client) {
      const c = s.client as ClientState;
      d.client = c;
      input.client = structuredClone(c);
    }
    if (s.clientChange) {
      const c = s.clientChange as ClientChange;
      d.clientChange = c;
      const next: ClientState = {
        ...input.client,
        base: { ...input.client.base },
        visible: { ...input.client.visible },
        outbox: c.outbox,
        meta: c.meta,
        readAt: c.readAt,
      };
      for (const side of ['base', 'visible'] as const)
        for (const [t, delta] of Object.entries(c[side])) {
          if (!next[side][t] && !input.client.base[t] && !input.client.visible[t]) continue;
          let list = (next[side][t] ?? []).slice();
          for (const r of delta.put) list = [...list.filter((x) => x.id !== r.id), r];
          list = list.filter((x) => !delta.del.includes(String(x.id)));
          next[side][t] = list;
        }
      input.client = next;
    }
    if (s.events) {
      d.events = s.events as SyncEvent[];
      const list = input.events!.slice();
      for (const ev of d.events) {
        const i = list.findIndex((x) => x.id === ev.id);
        if (i >= 0) list[i] = ev;
        else list.push(ev);
      }
      input.events = list;
    }
    if (s.removeEvents) {
      d.removeEvents = s.removeEvents as string[];
      input.events = input.events!.filter((e) => !d.removeEvents!.includes(e.id));
    }
    if (s.bridge) input.bridge = d.bridge = s.bridge as VerdictInput['bridge'];
    if (s.server) {
      const x = s.server as Record<string, unknown>;
      const sd: NonNullable<VerdictDelta['server']> = (d.server = {});
      const srv = input.server;
      if (typeof x.adminAvailable === 'boolean') srv.adminAvailable = sd.adminAvailable = x.adminAvailable;
      if (x.knownFromRowVersion !== undefined && x.knownFromRowVersion !== null)
        srv.knownFromRowVersion = sd.knownFromRowVersion = x.knownFromRowVersion as number | null;
      if (typeof x.changesFrom === 'number') {
        sd.changesFrom = x.changesFrom;
        const from = x.changesFrom;
        srv.changes = srv.changes.filter((c) => c.rowVersion >= from);
      }
      if (Array.isArray(x.changes)) {
        sd.changes = (
          x.changes as { table: string; id: string; op: 'put' | 'del'; by: [string, number] | null; title: string }[]
        ).map((c): ChangeRecord => {
          rv += 1;
          return {
            rowVersion: rv,
            table: c.table,
            id: c.id,
            op: c.op,
            value: c.op === 'put' ? { id: c.id, title: c.title } : null,
            createdAt: rv,
            clientGroupID: c.by ? GROUP : null,
            clientID: c.by?.[0] ?? null,
            mutationID: c.by?.[1] ?? null,
          };
        });
        srv.changes = srv.changes.concat(sd.changes);
      }
      if (Array.isArray(x.clients)) {
        sd.clients = (x.clients as { clientID: string; lastMutationID: number }[]).map((c) => ({
          clientGroupID: GROUP,
          clientID: c.clientID,
          lastMutationID: c.lastMutationID,
          updatedAt: 7,
        }));
        srv.clients = sd.clients;
      }
      if (x.errors === null) srv.errors = sd.errors = null;
      else if (Array.isArray(x.errors)) {
        sd.errors = (x.errors as { cid: string; mid: number; message: string }[]).map((e): ServerError => ({
          id: ++errorId,
          at: 9,
          kind: 'mutation-error',
          clientGroupID: GROUP,
          clientID: e.cid,
          mutationID: e.mid,
          mutationName: 'updateTodo',
          message: e.message,
        }));
        srv.errors = (srv.errors ?? []).concat(sd.errors);
      }
      if (Array.isArray(x.rows)) {
        sd.rows = (x.rows as { table: string; id: string; readable: boolean }[]).map((r) => ({
          table: r.table,
          id: r.id,
          row: { id: r.id, title: 'a' },
          readable: r.readable,
        }));
        srv.rows = sd.rows;
      }
    }
    return d;
  };
  return { input, toDelta };
}

/** Verdicts with the mutation explanations (built on reading, from the prototype) written out. */
const explained = (v: Verdicts) => ({
  ...v,
  mutations: v.mutations.map((m) => ({ ...m, evidence: m.evidence, timeline: m.timeline })),
});

describe('the incremental engine gives exactly the full judge', () => {
  it('after any sequence of deltas, and the merged updates agree', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(undefined, 'alice'),
        (steps, user) => {
          const engine = createVerdictEngine(undefined, user ? { user } : {});
          const m = model();
          let held = engine.snapshot();
          for (const s of steps) {
            held = applyVerdictChanges(held, engine.update(m.toDelta(s)));
            const want = explained(judge(m.input, user ? { user } : {}));
            expect(explained(engine.snapshot())).toEqual(want);
            expect(explained(held)).toEqual(want);
          }
        },
      ),
      { numRuns: Number(process.env.VERDICT_RUNS ?? 400) },
    );
  });
});
