// The panel's verdict wiring: signals in, deltas to the engine, verdicts out, with the engine
// in-process (node has no Worker) and behind a fake worker boundary.

import { batch, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/auth/index.ts';
import { buildLedger } from '../../shared/auth/index.ts';
import type { BridgeEvent, BridgeHello, BridgeSnapshot, DbChange, DbData } from '../../shared/pageReader/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createVerdictHost, type ServerState } from '../../shared/verdict/index.ts';
import { cookieAt, GROUP, pushEvent, put, serverError } from '../../shared/verdict/testFixtures.ts';
import { createVerdictClient } from './verdictClient.ts';
import { createVerdicts } from './verdicts.ts';

const AUTH = 'PlasmaAuthorizationError: todos.write';
const bob = { id: 'todo-bob-1', owner: 'bob', title: 'bob' };
const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (sub: string) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp: 4_000_000_000 })}.c2ln`;

function withToken(ev: SyncEvent, sub: string): SyncEvent {
  return { ...ev, credential: { kind: 'bearer', token: jwt(sub) } };
}

function sources(
  opts: {
    events?: SyncEvent[];
    server?: Partial<ServerState>;
    data?: Record<string, DbData>;
    ledger?: LedgerEntry[];
  } = {},
) {
  const events = signal<SyncEvent[]>(opts.events ?? []);
  const server = signal<ServerState>({
    adminAvailable: true,
    changes: [],
    clients: [],
    errors: [],
    rows: [],
    ...opts.server,
  });
  const data = signal<Record<string, DbData>>(opts.data ?? {});
  const changes = signal<readonly DbChange[]>([]);
  const bridge = {
    events: signal<BridgeEvent[]>([]),
    hello: signal<BridgeHello | null>(null),
    lastSnapshot: signal<BridgeSnapshot | null>(null),
  };
  const ledger = signal<LedgerEntry[]>(opts.ledger ?? []);
  return { events, server, data, changes, bridge, ledger };
}

function db(base: Record<string, unknown>[], visible = base): DbData {
  return {
    name: 'app',
    version: 1,
    tables: ['todos'],
    outbox: [],
    base: { todos: base },
    visible: { todos: visible },
    meta: { cookie: cookieAt(1), clientGroupID: GROUP, lastMutationIDs: {} },
    others: [],
    readAt: 100,
  };
}

const revertOfTabA = () => {
  const push = pushEvent('p1', 200, 10, 'tab-a', [
    { id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'mine' } },
  ]);
  return {
    events: [push],
    server: {
      changes: [put(1, 'todos', bob)],
      clients: [{ clientGroupID: GROUP, clientID: 'tab-a', lastMutationID: 1, updatedAt: 5 }],
      errors: [serverError(1, 'tab-a', 1, 'updateTodo', AUTH)],
    },
  };
};

describe('panel verdicts', () => {
  it('stand on the captured traffic and the server when the page has no plasma database', () => {
    const s = sources(revertOfTabA());
    const v = createVerdicts({
      pageReader: { data: s.data, bridge: s.bridge },
      admin: { server: s.server },
      events: s.events,
      worker: null,
    });
    expect(v.value.mutations.map((m) => [m.key, m.status])).toEqual([['tab-a#1', 'silently-reverted']]);
    expect(v.value.findings.map((f) => f.code)).toEqual(['silent-revert']);
    // The database appears, then goes away again (deleted, or a page without one): the verdicts stay.
    s.data.value = { app: db([bob]) };
    expect(v.value.rows.map((r) => [r.key, r.state])).toEqual([['todos/todo-bob-1', 'reverted']]);
    s.data.value = {};
    expect(v.value.findings.map((f) => f.code)).toEqual(['silent-revert']);
    expect(v.value.mutations).toHaveLength(1);
    v.dispose();
  });

  it("names the user from the captured token's sub, and attributes the mutation to this tab", () => {
    const r = revertOfTabA();
    const events = [withToken(r.events[0]!, 'alice')];
    const s = sources({ ...r, events, ledger: buildLedger(events), data: { app: db([bob]) } });
    const v = createVerdicts({
      pageReader: { data: s.data, bridge: s.bridge },
      admin: { server: s.server },
      events: s.events,
      ledger: s.ledger,
      worker: null,
    });
    expect(v.user.value).toBe('alice');
    expect(v.tabClientIDs.value).toEqual(['tab-a']);
    expect(v.value.findings[0]).toMatchObject({ severity: 'error', client: 'this-tab' });
    expect(v.value.findings[0]!.cause).toContain("alice's updateTodo of todo-bob-1: the row's owner is bob");
    v.dispose();
  });

  it('posts what a page read changed, not the database again', () => {
    const s = sources({ data: { app: db([bob]) } });
    const posted: unknown[] = [];
    const v = createVerdicts({
      pageReader: { data: s.data, changes: s.changes, bridge: s.bridge },
      admin: { server: s.server },
      events: s.events,
      worker: null,
    });
    const updateAll = v.client.updateAll.bind(v.client);
    v.client.updateAll = (ds) => {
      posted.push(...ds);
      updateAll(ds);
    };
    const t2 = { id: 't2', title: 'new' };
    const change = (seq: number, full = false, consistent = true): DbChange => ({
      seq,
      dbName: 'app',
      full,
      base: full ? {} : { todos: { put: [t2], del: [] } },
      visible: full ? {} : { todos: { put: [t2], del: [] } },
      outbox: [],
      meta: { cookie: cookieAt(2), clientGroupID: GROUP, lastMutationIDs: {} },
      consistent,
    });
    // The reader records a read and its data in one batch.
    const read = (changes: DbChange[], data: DbData) =>
      batch(() => {
        s.changes.value = changes;
        s.data.value = { app: data };
      });
    read([change(1, true)], db([bob, t2]));
    posted.length = 0;
    read([change(1, true), change(2)], {
      ...db([bob, t2]),
      meta: { cookie: cookieAt(2), clientGroupID: GROUP, lastMutationIDs: {} },
    });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ clientChange: { base: { todos: { put: [t2], del: [] } } } });
    expect(v.value.rows.map((r) => r.id)).toEqual(['t2', 'todo-bob-1']);
    // A read that writes overlapped waits, then goes with the next consistent read's outbox and
    // meta, as rows only: never the whole database again.
    posted.length = 0;
    const mixed = {
      ...change(3, false, false),
      meta: { cookie: cookieAt(1), clientGroupID: GROUP, lastMutationIDs: {} },
    };
    read([change(2), mixed], db([bob, t2]));
    expect(posted).toHaveLength(0);
    read([change(2), mixed, change(4)], db([bob, t2]));
    expect(posted).toHaveLength(2);
    expect(posted.map((d) => (d as { clientChange?: { meta: { cookie: string } } }).clientChange?.meta.cookie)).toEqual(
      [cookieAt(2), cookieAt(2)],
    );
    expect(v.value.rows.map((r) => r.id)).toEqual(['t2', 'todo-bob-1']);
    // A gap in seq: start again from the whole database.
    posted.length = 0;
    read([change(7)], db([bob]));
    expect(posted).toEqual([{ client: s.data.value.app }]);
    expect(v.value.rows.map((r) => r.id)).toEqual(['todo-bob-1']);
    v.dispose();
  });
});

describe('the verdict client across a worker boundary', () => {
  it('merges what the worker answers and asks for evidence when a verdict is opened', async () => {
    const listeners: ((e: MessageEvent) => void)[] = [];
    const host = createVerdictHost(
      (reply) => queueMicrotask(() => listeners.forEach((l) => l({ data: structuredClone(reply) } as MessageEvent))),
      { summaries: true },
    );
    const fake = {
      postMessage: (msg: unknown) => host.handle(structuredClone(msg)),
      addEventListener: (type: string, l: (e: MessageEvent) => void) => type === 'message' && listeners.push(l),
      terminate: () => undefined,
    };
    const client = createVerdictClient({ worker: fake as unknown as Worker });
    const r = revertOfTabA();
    client.update({ events: r.events, server: { adminAvailable: true, ...r.server } });
    expect(client.pending.value).toBe(1);
    await expect.poll(() => client.verdicts.value.mutations.length).toBe(1);
    const m = client.verdicts.value.mutations[0]!;
    expect(m).toMatchObject({ status: 'silently-reverted', detailsPending: true, evidence: [] });
    const details = await client.explain(m.key);
    expect(details.timeline.map((t) => t.step)).toContain('reverted');
    expect(details.evidence.join('\n')).toContain('server error #1');
    expect(client.pending.value).toBe(0);
  });

  it('judges in-process, from the first delta, when the worker never loads', () => {
    const listeners: ((e: ErrorEvent) => void)[] = [];
    let terminated = false;
    const broken = {
      postMessage: () => undefined,
      addEventListener: (type: string, l: (e: ErrorEvent) => void) => type === 'error' && listeners.push(l),
      terminate: () => {
        terminated = true;
      },
    };
    const client = createVerdictClient({ worker: broken as unknown as Worker });
    const r = revertOfTabA();
    client.update({ events: r.events, server: { adminAvailable: true, ...r.server } });
    expect(client.mode).toBe('worker');
    expect(client.verdicts.value.mutations).toHaveLength(0);
    listeners.forEach((l) => l({ message: 'refused' } as ErrorEvent));
    expect(terminated).toBe(true);
    expect(client.mode).toBe('in-process');
    expect(client.verdicts.value.mutations.map((m) => m.status)).toEqual(['silently-reverted']);
    expect(client.pending.value).toBe(0);
  });
});
