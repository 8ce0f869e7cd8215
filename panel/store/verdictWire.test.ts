// The verdict worker's answers without unchanged findings, across a structured-cloning fake worker:
// the panel still holds the findings, and an update that changed nothing leaves its signal alone.

import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createVerdictHost, type HostReply, type VerdictFinding } from '../../shared/verdict/index.ts';
import { GROUP, pushEvent, put, serverError } from '../../shared/verdict/testFixtures.ts';
import { createVerdictClient } from './verdictClient.ts';
import { findingsEliding, hasSameFindings } from './verdictWire.ts';
import { batchingHost } from './verdictBatch.ts';

const AUTH = 'PlasmaAuthorizationError: todos.write';
const bob = { id: 'todo-bob-1', owner: 'bob', title: 'bob' };

function fakeWorker() {
  const listeners: ((e: MessageEvent) => void)[] = [];
  const sent: unknown[] = [];
  const host = createVerdictHost(
    findingsEliding((msg) => {
      sent.push(msg);
      queueMicrotask(() => listeners.forEach((l) => l({ data: structuredClone(msg) } as MessageEvent)));
    }),
    { summaries: true },
  );
  const worker = {
    postMessage: (msg: unknown) => host.handle(structuredClone(msg)),
    addEventListener: (type: string, l: (e: MessageEvent) => void) => type === 'message' && listeners.push(l),
    terminate: () => undefined,
  };
  return { worker: worker as unknown as Worker, sent };
}

describe('findingsEliding', () => {
  it('sends findings only when their content changed', () => {
    const out: HostReply[] = [];
    const send = findingsEliding((m) => out.push(m as HostReply));
    const empty = { full: false, mutations: [], removedMutations: [], rows: [], removedRows: [] };
    const finding = { id: 'f', code: 'x' } as unknown as VerdictFinding;
    send({ type: 'changes', changes: { ...empty, findings: [finding] }, ms: 1 });
    send({ type: 'changes', changes: { ...empty, findings: [{ ...finding }] }, ms: 1 });
    send({ type: 'explained', id: 1, key: 'k', evidence: [], timeline: [] });
    send({ type: 'changes', changes: { ...empty, findings: [] }, ms: 1 });
    expect(out.map(hasSameFindings)).toEqual([false, true, false, false]);
    expect(out.map((r) => (r.type === 'changes' ? r.changes.findings.length : -1))).toEqual([1, 0, -1, 0]);
  });
});

describe('the verdict client with elided findings', () => {
  it('keeps the findings it holds and re-sets nothing when an update changed nothing', async () => {
    const { worker, sent } = fakeWorker();
    const client = createVerdictClient({ worker });
    const push = pushEvent('p1', 200, 10, 'tab-a', [
      { id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'mine' } },
    ]);
    client.update({
      events: [push],
      server: {
        adminAvailable: true,
        changes: [put(1, 'todos', bob)],
        clients: [{ clientGroupID: GROUP, clientID: 'tab-a', lastMutationID: 1, updatedAt: 5 }],
        errors: [serverError(1, 'tab-a', 1, 'updateTodo', AUTH)],
      },
    });
    await expect.poll(() => client.pending.value).toBe(0);
    const held = client.verdicts.value;
    expect(held.findings.length).toBeGreaterThan(0);
    let runs = 0;
    const stop = effect(() => {
      if (client.verdicts.value !== held) throw new Error('the verdicts moved');
      runs++;
    });
    // A delta that touches nothing: no verdict changes, and the findings cross as `sameFindings`.
    client.update({ bridge: [] });
    await expect.poll(() => client.pending.value).toBe(0);
    expect(hasSameFindings(sent.at(-1) as HostReply)).toBe(true);
    expect(client.verdicts.value).toBe(held);
    expect(runs).toBe(1);
    stop();
  });
});

describe('a batch of deltas', () => {
  it('is judged in order and answered once, with what the deltas changed together', async () => {
    const listeners: ((e: MessageEvent) => void)[] = [];
    const replies: unknown[] = [];
    const handle = batchingHost(
      findingsEliding((msg) => {
        replies.push(msg);
        queueMicrotask(() => listeners.forEach((l) => l({ data: structuredClone(msg) } as MessageEvent)));
      }),
    );
    const worker = {
      postMessage: (msg: unknown) => handle(structuredClone(msg)),
      addEventListener: (type: string, l: (e: MessageEvent) => void) => type === 'message' && listeners.push(l),
      terminate: () => undefined,
    } as unknown as Worker;
    const client = createVerdictClient({ worker });
    const here = createVerdictClient({ worker: null });
    const push = pushEvent('p1', 200, 10, 'tab-a', [
      { id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'mine' } },
    ]);
    const push2 = pushEvent('p2', 200, 20, 'tab-a', [{ id: 2, name: 'addTodo', args: { id: 'todo-2' } }]);
    const deltas = [
      {
        events: [push],
        server: {
          adminAvailable: true,
          changes: [put(1, 'todos', bob)],
          clients: [{ clientGroupID: GROUP, clientID: 'tab-a', lastMutationID: 1, updatedAt: 5 }],
          errors: [serverError(1, 'tab-a', 1, 'updateTodo', AUTH)],
        },
      },
      { events: [push2], removeEvents: ['p1'] },
    ];
    client.updateAll(deltas);
    here.updateAll(deltas);
    expect(client.pending.value).toBe(1);
    await expect.poll(() => client.pending.value).toBe(0);
    expect(replies).toHaveLength(1);
    const keys = (c: typeof client) => c.verdicts.value.mutations.map((m) => `${m.key}:${m.status}`);
    expect(keys(client)).toEqual(keys(here));
    expect(keys(client).length).toBeGreaterThan(0);
    expect(client.verdicts.value.findings).toEqual(here.verdicts.value.findings.map((f) => ({ ...f })));
  });
});
