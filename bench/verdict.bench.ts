// Benchmark of the verdict engine: 100,000 client rows against 100,000 server change records, plus
// an outbox, captured pushes and server errors, generated deterministically; then steady-state
// updates of 100 change rows each. Prints each figure next to its goal. Run:
//   node --expose-gc --import tsx bench/verdict.bench.ts   (without --expose-gc the held heap is not printed)
// Prints one line per figure and exits 1 if the verdict counts are not the ones the generator built.

import { performance } from 'node:perf_hooks';
import { applyVerdictChanges, createVerdictEngine, sanitise } from '../shared/verdict/index.ts';
import type {
  ChangeRecord,
  OutboxEntry,
  Row,
  ServerError,
  VerdictDelta,
  VerdictInput,
} from '../shared/verdict/index.ts';
import type { PushEvent } from '../shared/sync/types.ts';

const TABS = 4;
const GROUP = 'bench-group';
const REVERT_EVERY = 200; // every 200th mutation of a tab is rolled back by auth.write
const HIDDEN_EVERY = 97; // every 97th change is a board item auth.read hides from this client
const PENDING = 1_000;
const STALE = 1_000; // the last changes are newer than the client's cookie
const RUNS = Number(process.env.VERDICT_RUNS ?? 5);

export function generate(ROWS: number): {
  input: VerdictInput;
  expected: { reverted: number; hidden: number; pending: number };
} {
  const todos: Row[] = [];
  const board: Row[] = [];
  const changes: ChangeRecord[] = [];
  const errors: ServerError[] = [];
  const nextID = Array.from({ length: TABS }, () => 1);
  let reverted = 0;
  let hidden = 0;
  for (let i = 0; i < ROWS; i++) {
    const tab = i % TABS;
    const clientID = `tab-${tab}`;
    const rowVersion = i + 1 + Math.floor(i / 10); // gaps, as AUTOINCREMENT leaves after rollbacks
    if (i % HIDDEN_EVERY === HIDDEN_EVERY - 1 && i < ROWS - STALE) {
      hidden++;
      changes.push({
        rowVersion,
        table: 'board_items',
        id: `hidden-${i}`,
        op: 'put',
        value: { id: `hidden-${i}`, team: 'red' },
        createdAt: 1e12 + i,
        clientGroupID: 'other-group',
        clientID: 'other',
        mutationID: i,
      });
      continue;
    }
    let mutationID = nextID[tab]!++;
    if (mutationID % REVERT_EVERY === 0) {
      errors.push({
        id: errors.length + 1,
        at: 1e12 + i,
        kind: 'mutation-error',
        clientGroupID: GROUP,
        clientID,
        mutationID,
        mutationName: 'updateTodo',
        message: 'PlasmaAuthorizationError: todos.write',
      });
      reverted++;
      mutationID = nextID[tab]!++;
    }
    const isTodo = i % 5 !== 0;
    const value: Row = isTodo
      ? { id: `todo-${i}`, owner: `user-${i % 50}`, title: `todo ${i}`, done: i % 2, updatedAt: i }
      : { id: `item-${i}`, team: i % 3 ? 'blue' : 'red', text: `item ${i}`, author: `user-${i % 50}`, createdAt: i };
    changes.push({
      rowVersion,
      table: isTodo ? 'todos' : 'board_items',
      id: String(value.id),
      op: 'put',
      value,
      createdAt: 1e12 + i,
      clientGroupID: GROUP,
      clientID,
      mutationID,
    });
    // The client's base holds everything up to its cookie; of the last STALE changes it has only the
    // previous value, since it has not pulled since.
    (isTodo ? todos : board).push(i < ROWS - STALE ? value : { ...value, text: 'older', title: 'older' });
  }
  // One local-only row per hidden change keeps the client at exactly ROWS rows: rows the server has no
  // record of (missing-on-server), e.g. after the server's database was reset.
  for (let h = 0; h < hidden; h++)
    todos.push({ id: `local-${h}`, owner: 'user-0', title: 'local only', done: 0, updatedAt: 0 });
  // The page reader hands each store's rows in key order, as IndexedDB's getAll returns them.
  const byId = (a: Row, b: Row) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);
  todos.sort(byId);
  board.sort(byId);
  const cookieRowVersion = changes[changes.length - STALE - 1]!.rowVersion;
  const visibleTodos = todos.slice();
  const outbox: OutboxEntry[] = [];
  // Pending edits go to in-sync rows only, so each generated state is counted once.
  const eligible = todos.flatMap((r, i) => (r.title === 'older' || String(r.id).startsWith('local-') ? [] : [i]));
  for (let k = 0; k < PENDING; k++) {
    const at = eligible[k * Math.floor(eligible.length / PENDING)]!;
    const row = visibleTodos[at]!;
    visibleTodos[at] = { ...row, title: `${String(row.title)} (edited)` };
    outbox.push({
      clientID: 'tab-0',
      mutationID: nextID[0]! + k,
      name: 'updateTodo',
      args: { id: row.id, title: 'edited' },
      timestamp: 2e12 + k,
    });
  }
  const events: PushEvent[] = [];
  for (let p = 0; p < ROWS / 100; p++) {
    const clientID = `tab-${p % TABS}`;
    const first = Math.floor(p / TABS) * 20 + 1;
    events.push({
      id: `push-${p}`,
      kind: 'push',
      method: 'POST',
      url: 'https://app.test/sync/push',
      basePath: '/sync',
      origin: 'https://app.test',
      status: 200,
      statusText: 'OK',
      startedAt: 1e12 + p,
      durationMs: 3,
      credential: { kind: 'bearer' },
      requestHeaders: [],
      responseHeaders: [],
      recognisedBy: 'path',
      errorBody: { state: 'empty' },
      request: {
        state: 'ok',
        value: {
          protocolVersion: 1,
          schemaVersion: '3',
          clientGroupID: GROUP,
          clientID,
          mutations: Array.from({ length: 20 }, (_, j) => ({
            id: first + j,
            name: 'updateTodo',
            args: { id: `todo-${first + j}` },
            timestamp: 1e12 + p,
          })),
        },
      },
      response: { state: 'ok', value: { ok: true } },
    });
  }
  const input: VerdictInput = {
    client: {
      outbox,
      base: { todos, board_items: board },
      visible: { todos: visibleTodos, board_items: board },
      meta: {
        cookie: `c1:${btoa(JSON.stringify({ 0: String(cookieRowVersion) }))}`,
        clientGroupID: GROUP,
        schemaVersion: '3',
        lastMutationIDs: {},
      },
    },
    events,
    server: {
      adminAvailable: true,
      changes,
      knownFromRowVersion: null,
      clients: nextID.map((n, tab) => ({
        clientGroupID: GROUP,
        clientID: `tab-${tab}`,
        lastMutationID: n - 1,
        updatedAt: 1e12,
      })),
      errors,
    },
  };
  return { input, expected: { reverted, hidden, pending: PENDING } };
}

/** The floor any judge pays: the same inputs put into keyed Maps (the base and the visible rows
 *  each by table and id, since a verdict compares the two; the latest change by table and id;
 *  changes and outbox by clientID and mutationID), nothing judged. `merged`: base and visible in one
 *  Map per table, the narrower floor this bench used first, still printed beside it. */
function buildMaps(input: VerdictInput, merged = false): number {
  let n = 0;
  const rows = new Map<string, Map<string, unknown>>();
  for (const [s, side] of [input.client.base, input.client.visible].entries()) {
    for (const [t, list] of Object.entries(side)) {
      const key = merged ? t : `${s}:${t}`;
      let m = rows.get(key);
      if (!m) rows.set(key, (m = new Map<string, unknown>()));
      for (const r of list) m.set(String(r.id), r);
    }
  }
  const outbox = new Map<string, Map<number, unknown>>();
  if (!merged)
    for (const e of input.client.outbox) {
      let inner = outbox.get(e.clientID);
      if (!inner) outbox.set(e.clientID, (inner = new Map<number, unknown>()));
      inner.set(e.mutationID, e);
    }
  const byClient = new Map<string, Map<number, unknown[]>>();
  const latest = new Map<string, Map<string, ChangeRecord>>();
  for (const c of input.server.changes) {
    let l = latest.get(c.table);
    if (!l) latest.set(c.table, (l = new Map<string, ChangeRecord>()));
    l.set(c.id, c);
    if (c.clientID === null || c.mutationID === null) continue;
    let inner = byClient.get(c.clientID);
    if (!inner) byClient.set(c.clientID, (inner = new Map<number, unknown[]>()));
    const list = inner.get(c.mutationID);
    if (list) list.push(c);
    else inner.set(c.mutationID, [c]);
  }
  for (const m of rows.values()) n += m.size;
  return n + byClient.size + latest.size + outbox.size;
}

/** A steady-state step: 100 new change rows (the client's own pushes, applied), their push, /clients. */
export function steadyDelta(input: VerdictInput, step: number, size: number): VerdictDelta {
  const last = input.server.changes[input.server.changes.length - 1]!.rowVersion;
  const clientID = 'tab-1';
  const first = 1_000_000 + step * size;
  const changes: ChangeRecord[] = [];
  const mutations = [];
  for (let k = 0; k < size; k++) {
    const id = `todo-${((step * size + k) * 7) % 80_000}`;
    const value = { id, owner: 'user-1', title: `steady ${step}.${k}`, done: 0, updatedAt: step };
    changes.push({
      rowVersion: last + 1 + step * size + k,
      table: 'todos',
      id,
      op: 'put',
      value,
      createdAt: 2e12,
      clientGroupID: GROUP,
      clientID,
      mutationID: first + k,
    });
    mutations.push({ id: first + k, name: 'updateTodo', args: { id, title: value.title }, timestamp: 2e12 });
  }
  const push: PushEvent = {
    id: `steady-${step}`,
    kind: 'push',
    method: 'POST',
    url: 'https://app.test/sync/push',
    basePath: '/sync',
    origin: 'https://app.test',
    status: 200,
    statusText: 'OK',
    startedAt: 2e12 + step,
    durationMs: 3,
    credential: { kind: 'bearer' },
    requestHeaders: [],
    responseHeaders: [],
    recognisedBy: 'path',
    errorBody: { state: 'empty' },
    request: {
      state: 'ok',
      value: { protocolVersion: 1, schemaVersion: '3', clientGroupID: GROUP, clientID, mutations },
    },
    response: { state: 'ok', value: { ok: true } },
  };
  const clients = input.server.clients.map((c) =>
    c.clientID === clientID ? { ...c, lastMutationID: first + size - 1, updatedAt: 2e12 + step } : c,
  );
  return { events: [push], server: { changes, clients } };
}

function measure(rows: number): void {
  const { input, expected } = generate(rows);
  const times = {
    maps: [] as number[],
    merged: [] as number[],
    total: [] as number[],
    update: [] as number[],
    cpuMaps: [] as number[],
    cpuTotal: [] as number[],
  };
  let counts: Record<string, number> = {};
  let heapMB = 0;
  let peakMB = 0;
  for (let run = 0; run < RUNS; run++) {
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    buildMaps(input);
    times.maps.push(performance.now() - t0);
    times.cpuMaps.push(cpuMs(c0));
    gc?.();
    const t01 = performance.now();
    buildMaps(input, true);
    times.merged.push(performance.now() - t01);
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    // What judge() does: guard the input once, build the engine, take its verdicts.
    const engine = createVerdictEngine(sanitise(input));
    const out = engine.snapshot();
    times.total.push(performance.now() - t1);
    times.cpuTotal.push(cpuMs(c1));
    peakMB = Math.max(peakMB, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
    // What the engine and its verdicts hold once the garbage of judging is collected (needs --expose-gc).
    gc?.();
    heapMB = Math.max(heapMB, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
    counts = {};
    for (const m of out.mutations) counts[`mutation ${m.status}`] = (counts[`mutation ${m.status}`] ?? 0) + 1;
    for (const r of out.rows) counts[`row ${r.state}`] = (counts[`row ${r.state}`] ?? 0) + 1;
    counts.findings = out.findings.length;
    // Steady state: one delta of 100 change rows at a time, each judged against the whole state.
    let held = out;
    for (let step = 0; step < 20; step++) {
      const delta = steadyDelta(input, run * 20 + step, 100);
      const t2 = performance.now();
      const changes = engine.update(delta);
      times.update.push(performance.now() - t2);
      held = applyVerdictChanges(held, changes);
      if (changes.full || changes.mutations.length < 100)
        throw new Error('the steady-state update was not incremental');
    }
  }
  const clientRows = Object.values(input.client.base).reduce((n, list) => n + list.length, 0);
  const label = `verdict engine: ${clientRows} client rows x ${input.server.changes.length} server changes`;
  const fmt = (ms: number) => ms.toFixed(1);
  const full = median(times.total);
  const maps = median(times.maps);
  console.log(`${label}: full judge ${fmt(full)} ms (median of ${RUNS}; goal at 100k: <= 150 ms)`);
  const merged = median(times.merged);
  console.log(
    `${label}: building the same keyed Maps ${fmt(maps)} ms; full judge / Maps = ${(full / maps).toFixed(2)} (goal: <= 3)`,
  );
  console.log(
    `${label}: (narrower floor, base and visible rows in one Map per table: ${fmt(merged)} ms; full judge / it = ${(full / merged).toFixed(2)})`,
  );
  // On a busy machine wall time swings with the other processes; the process's CPU time (all its
  // threads, the collector's helpers too) swings less, so both ratios are printed.
  const cpuFull = median(times.cpuTotal);
  const cpuMaps = median(times.cpuMaps);
  console.log(
    `${label}: process CPU time: full judge ${fmt(cpuFull)} ms, the same keyed Maps ${fmt(cpuMaps)} ms; ratio ${(cpuFull / cpuMaps).toFixed(2)}`,
  );
  console.log(
    `${label}: incremental update of 100 changes ${fmt(median(times.update))} ms median, ${fmt(p95(times.update))} ms p95 (goal: <= 5 ms)`,
  );
  console.log(
    `${label}: heap held after the full judge ${gc ? `${heapMB.toFixed(0)} MB` : 'n/a (run with --expose-gc)'} (goal: <= 150 MB); before collecting its garbage ${peakMB.toFixed(0)} MB`,
  );
  console.log(
    `${label}: verdicts: ${Object.entries(counts)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const problems: string[] = [];
  const want: [string, number][] = [
    ['mutation silently-reverted', expected.reverted],
    ['mutation pending', expected.pending],
    ['mutation applied-no-writes', 0],
    ['row filtered', expected.hidden],
    ['row missing-on-server', expected.hidden],
    ['row stale', STALE],
    ['row optimistic', PENDING],
  ];
  for (const [k, n] of want) if ((counts[k] ?? 0) !== n) problems.push(`${k}: ${counts[k] ?? 0}, expected ${n}`);
  if (problems.length > 0) {
    console.error(`${label}: wrong verdicts: ${problems.join('; ')}`);
    process.exit(1);
  }
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const gc = (globalThis as { gc?: () => void }).gc;

// The small size first shows the cost grows linearly (about 10x for 10x the input), not quadratically.
if (process.env.VERDICT_SIZES !== '0')
  for (const size of (process.env.VERDICT_SIZES ?? '10000,100000').split(',')) measure(Number(size));
