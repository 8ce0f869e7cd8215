// Benchmark of the verdict engine: 100,000 client rows against 100,000 server change records, plus
// an outbox, captured pushes and server errors, generated deterministically. Run:
//   npx tsx bench/verdict.bench.ts      (add --expose-gc via NODE_OPTIONS for steadier heap figures)
// Prints one line per figure and exits 1 if the verdict counts are not the ones the generator built.

import { performance } from 'node:perf_hooks';
import { judgeMutationsOf, judgeRowsOf, sanitise, verdictFindings } from '../shared/verdict/index.ts';
import type { ChangeRecord, OutboxEntry, Row, ServerError, VerdictInput } from '../shared/verdict/index.ts';
import type { PushEvent } from '../shared/sync/types.ts';

const TABS = 4;
const GROUP = 'bench-group';
const REVERT_EVERY = 200; // every 200th mutation of a tab is rolled back by auth.write
const HIDDEN_EVERY = 97; // every 97th change is a board item auth.read hides from this client
const PENDING = 1_000;
const STALE = 1_000; // the last changes are newer than the client's cookie
const RUNS = 5;

function generate(ROWS: number): { input: VerdictInput; expected: { reverted: number; hidden: number; pending: number } } {
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
      changes.push({ rowVersion, table: 'board_items', id: `hidden-${i}`, op: 'put', value: { id: `hidden-${i}`, team: 'red' },
        createdAt: 1e12 + i, clientGroupID: 'other-group', clientID: 'other', mutationID: i });
      continue;
    }
    let mutationID = nextID[tab]!++;
    if (mutationID % REVERT_EVERY === 0) {
      errors.push({ id: errors.length + 1, at: 1e12 + i, kind: 'mutation-error', clientGroupID: GROUP, clientID, mutationID,
        mutationName: 'updateTodo', message: 'PlasmaAuthorizationError: todos.write' });
      reverted++;
      mutationID = nextID[tab]!++;
    }
    const isTodo = i % 5 !== 0;
    const value: Row = isTodo
      ? { id: `todo-${i}`, owner: `user-${i % 50}`, title: `todo ${i}`, done: i % 2, updatedAt: i }
      : { id: `item-${i}`, team: i % 3 ? 'blue' : 'red', text: `item ${i}`, author: `user-${i % 50}`, createdAt: i };
    changes.push({ rowVersion, table: isTodo ? 'todos' : 'board_items', id: String(value.id), op: 'put', value,
      createdAt: 1e12 + i, clientGroupID: GROUP, clientID, mutationID });
    // The client's base holds everything up to its cookie; of the last STALE changes it has only the
    // previous value, since it has not pulled since.
    (isTodo ? todos : board).push(i < ROWS - STALE ? value : { ...value, text: 'older', title: 'older' });
  }
  // One local-only row per hidden change keeps the client at exactly ROWS rows: rows the server has no
  // record of (missing-on-server), e.g. after the server's database was reset.
  for (let h = 0; h < hidden; h++) todos.push({ id: `local-${h}`, owner: 'user-0', title: 'local only', done: 0, updatedAt: 0 });
  const cookieRowVersion = changes[changes.length - STALE - 1]!.rowVersion;
  const visibleTodos = todos.slice();
  const outbox: OutboxEntry[] = [];
  // Pending edits go to in-sync rows only, so each generated state is counted once.
  const eligible = todos.flatMap((r, i) => (r.title === 'older' || String(r.id).startsWith('local-') ? [] : [i]));
  for (let k = 0; k < PENDING; k++) {
    const at = eligible[k * Math.floor(eligible.length / PENDING)]!;
    const row = visibleTodos[at]!;
    visibleTodos[at] = { ...row, title: `${String(row.title)} (edited)` };
    outbox.push({ clientID: 'tab-0', mutationID: nextID[0]! + k, name: 'updateTodo', args: { id: row.id, title: 'edited' }, timestamp: 2e12 + k });
  }
  const events: PushEvent[] = [];
  for (let p = 0; p < ROWS / 100; p++) {
    const clientID = `tab-${p % TABS}`;
    const first = Math.floor(p / TABS) * 20 + 1;
    events.push({
      id: `push-${p}`, kind: 'push', method: 'POST', url: 'https://app.test/sync/push', basePath: '/sync', origin: 'https://app.test',
      status: 200, statusText: 'OK', startedAt: 1e12 + p, durationMs: 3, credential: { kind: 'bearer' }, requestHeaders: [],
      responseHeaders: [], recognisedBy: 'path', errorBody: { state: 'empty' },
      request: { state: 'ok', value: { protocolVersion: 1, schemaVersion: '3', clientGroupID: GROUP, clientID,
        mutations: Array.from({ length: 20 }, (_, j) => ({ id: first + j, name: 'updateTodo', args: { id: `todo-${first + j}` }, timestamp: 1e12 + p })) } },
      response: { state: 'ok', value: { ok: true } },
    });
  }
  const input: VerdictInput = {
    client: {
      outbox,
      base: { todos, board_items: board },
      visible: { todos: visibleTodos, board_items: board },
      meta: { cookie: `c1:${btoa(JSON.stringify({ 0: String(cookieRowVersion) }))}`, clientGroupID: GROUP, schemaVersion: '3', lastMutationIDs: {} },
    },
    events,
    server: {
      adminAvailable: true,
      changes,
      knownFromRowVersion: null,
      clients: nextID.map((n, tab) => ({ clientGroupID: GROUP, clientID: `tab-${tab}`, lastMutationID: n - 1, updatedAt: 1e12 })),
      errors,
    },
  };
  return { input, expected: { reverted, hidden, pending: PENDING } };
}

function measure(rows: number): void {
  const { input, expected } = generate(rows);
  const times = { sanitise: [] as number[], mutations: [] as number[], rows: [] as number[], findings: [] as number[], total: [] as number[] };
  let counts: Record<string, number> = {};
  let heapMB = 0;
  for (let run = 0; run < RUNS; run++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    // What judge() does: guard the input once, then the three stages.
    const clean = sanitise(input);
    const ts = performance.now();
    const mutations = judgeMutationsOf(clean);
    const t1 = performance.now();
    const rowVerdicts = judgeRowsOf(clean, mutations);
    const t2 = performance.now();
    const findings = verdictFindings(mutations, rowVerdicts);
    const t3 = performance.now();
    heapMB = Math.max(heapMB, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
    times.sanitise.push(ts - t0);
    times.mutations.push(t1 - ts);
    times.rows.push(t2 - t1);
    times.findings.push(t3 - t2);
    times.total.push(t3 - t0);
    counts = {};
    for (const m of mutations) counts[`mutation ${m.status}`] = (counts[`mutation ${m.status}`] ?? 0) + 1;
    for (const r of rowVerdicts) counts[`row ${r.state}`] = (counts[`row ${r.state}`] ?? 0) + 1;
    counts.findings = findings.length;
  }
  const clientRows = Object.values(input.client.base).reduce((n, list) => n + list.length, 0);
  const label = `verdict engine: ${clientRows} client rows x ${input.server.changes.length} server changes`;
  const fmt = (ms: number) => ms.toFixed(0);
  console.log(`${label}: ${fmt(median(times.total))} ms (median of ${RUNS}), heap ${heapMB.toFixed(0)} MB`);
  console.log(`${label}: sanitise ${fmt(median(times.sanitise))} ms, judgeMutations ${fmt(median(times.mutations))} ms, judgeRows ${fmt(median(times.rows))} ms, verdictFindings ${fmt(median(times.findings))} ms (medians)`);
  console.log(`${label}: verdicts: ${Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const problems: string[] = [];
  const want: [string, number][] = [
    ['mutation silently-reverted', expected.reverted], ['mutation pending', expected.pending], ['mutation applied-no-writes', 0],
    ['row filtered', expected.hidden], ['row missing-on-server', expected.hidden], ['row stale', STALE], ['row optimistic', PENDING],
  ];
  for (const [k, n] of want) if ((counts[k] ?? 0) !== n) problems.push(`${k}: ${counts[k] ?? 0}, expected ${n}`);
  if (problems.length > 0) {
    console.error(`${label}: wrong verdicts: ${problems.join('; ')}`);
    process.exit(1);
  }
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = (globalThis as { gc?: () => void }).gc;

// The small size first shows the cost grows linearly (about 10x for 10x the input), not quadratically.
measure(10_000);
measure(100_000);
