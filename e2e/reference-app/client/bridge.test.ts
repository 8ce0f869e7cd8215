import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { attachDevtoolsBridge, type BridgeWindow } from './bridge.ts';
import { createFakeFetch, makeClient, pullReply } from './testing.ts';

type Msg = Record<string, unknown> & { type: string };

/** A window whose postMessage records messages and whose dispatch imitates a 'message' event. */
function fakeWindow() {
  const posted: Msg[] = [];
  const listeners = new Set<(e: MessageEvent) => void>();
  const win: BridgeWindow & { dispatch(data: unknown, source?: unknown): void } = {
    postMessage: (m) => void posted.push(m as Msg),
    addEventListener: (_t, l) => void listeners.add(l),
    removeEventListener: (_t, l) => void listeners.delete(l),
    dispatch(data, source = win) {
      for (const l of listeners) l({ data, source } as MessageEvent);
    },
  };
  return { win, posted, listenerCount: () => listeners.size };
}

async function until<T>(fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not met');
}

const command = (id: string, cmd: string) => ({ source: 'plasma-devtools', v: 1, type: 'command', id, command: cmd });

describe('attachDevtoolsBridge', () => {
  it('posts hello on attach, then a snapshot', async () => {
    const { fetch } = createFakeFetch(() => pullReply());
    const { client } = makeClient({ fetch });
    const { win, posted } = fakeWindow();
    const detach = attachDevtoolsBridge(client, { window: win });
    expect(posted[0]).toEqual({
      source: 'plasma-devtools',
      v: 1,
      type: 'hello',
      dbName: 'plasma-test',
      schemaVersion: '3',
      clientGroupID: 'cg-alice',
      clientID: client.clientID,
      tables: ['todos', 'board_items'],
    });
    await until(() => posted.find((m) => m.type === 'snapshot'));
    detach();
    await client.close();
  });

  it('posts events and a snapshot after a pull', async () => {
    const { fetch } = createFakeFetch(() => pullReply({ cookie: 'c1:eyIwIjoiNyJ9', lastMutationIDs: {} }));
    const { client } = makeClient({ fetch });
    const { win, posted } = fakeWindow();
    const detach = attachDevtoolsBridge(client, { window: win });
    await client.mutate('touch', {});
    await client.pullOnce();
    const snap = await until(() =>
      posted.find((m) => m.type === 'snapshot' && (m.snapshot as { cookie: unknown }).cookie === 'c1:eyIwIjoiNyJ9'),
    );
    expect(snap).toMatchObject({
      source: 'plasma-devtools',
      v: 1,
      snapshot: {
        clientID: client.clientID,
        clientGroupID: 'cg-alice',
        schemaVersion: '3',
        lastMutationIDs: {},
        errors: [],
      },
    });
    expect((snap.snapshot as { outbox: unknown[] }).outbox).toHaveLength(1);
    const kinds = posted.filter((m) => m.type === 'event').map((m) => (m.event as { kind: string }).kind);
    expect(kinds).toEqual(['mutate', 'pull', 'rebase']);
    expect(posted.find((m) => m.type === 'event')?.event).toMatchObject({
      kind: 'mutate',
      at: expect.any(Number) as unknown,
      mutationID: 1,
    });
    detach();
    await client.close();
  });

  it('answers commands with command-result and reports failures', async () => {
    const { fetch, requests } = createFakeFetch((req) =>
      req.method === 'GET' ? pullReply() : { status: 400, body: { error: 'client mismatch' } },
    );
    const { client } = makeClient({ fetch });
    const { win, posted } = fakeWindow();
    const detach = attachDevtoolsBridge(client, { window: win });
    await client.mutate('touch', {});
    win.dispatch(command('a', 'pullOnce'));
    win.dispatch(command('b', 'pushOnce'));
    win.dispatch(command('c', 'snapshot'));
    win.dispatch(command('d', 'dropDatabase'));
    const results = await until(() => {
      const r = posted.filter((m) => m.type === 'command-result');
      return r.length === 4 ? r : undefined;
    });
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('a')).toEqual({ source: 'plasma-devtools', v: 1, type: 'command-result', id: 'a', ok: true });
    expect(byId.get('b')).toMatchObject({ ok: false, error: 'push-http' });
    expect(byId.get('c')).toMatchObject({ ok: true });
    expect(byId.get('d')).toMatchObject({ ok: false, error: 'unknown command dropDatabase' });
    expect(requests.map((r) => r.method).sort()).toEqual(['GET', 'POST']);
    detach();
    await client.close();
  });

  it('pause stops the sync loop and says so in the snapshot; resume starts it again', async () => {
    const { fetch, requests } = createFakeFetch((req) =>
      req.method === 'GET' ? pullReply() : { status: 200, body: { ok: true } },
    );
    const { client } = makeClient({ fetch, pollMs: 60_000 });
    const { win, posted } = fakeWindow();
    const detach = attachDevtoolsBridge(client, { window: win });
    client.start();
    await client.idle();
    win.dispatch(command('p', 'pause'));
    await until(() => posted.find((m) => m.type === 'command-result' && m.id === 'p'));
    expect(posted.filter((m) => m.type === 'snapshot').at(-1)?.snapshot).toMatchObject({ paused: true });
    const before = requests.length;
    await client.mutate('touch', {});
    await client.idle();
    expect(requests.length).toBe(before); // paused: the mutation waits in the outbox
    win.dispatch(command('r', 'resume'));
    await until(() => posted.find((m) => m.type === 'command-result' && m.id === 'r'));
    await until(() => (requests.some((r, i) => i >= before && r.method === 'POST') ? true : undefined));
    expect(posted.filter((m) => m.type === 'snapshot').at(-1)?.snapshot).toMatchObject({ paused: false });
    client.stop();
    detach();
    await client.close();
  });

  it('ignores foreign messages, wrong sources and unknown types, and stops after detach', async () => {
    const { fetch, requests } = createFakeFetch(() => pullReply());
    const { client } = makeClient({ fetch });
    const { win, posted, listenerCount } = fakeWindow();
    const detach = attachDevtoolsBridge(client, { window: win });
    await until(() => posted.find((m) => m.type === 'snapshot'));
    win.dispatch(command('x', 'pullOnce'), { other: 'frame' }); // another window
    win.dispatch({ ...command('y', 'pullOnce'), source: 'someone-else' });
    win.dispatch({ source: 'plasma-devtools', v: 1, type: 'mystery', id: 'z' });
    win.dispatch('plain string');
    win.dispatch(null);
    win.dispatch({ source: 'plasma-devtools', type: 'command', command: 'pullOnce' }); // no id
    // A valid pull queued last: pulls run in order, so any accepted foreign one would finish first.
    win.dispatch(command('ok', 'pullOnce'));
    await until(() => posted.find((m) => m.type === 'command-result'));
    expect(posted.filter((m) => m.type === 'command-result').map((m) => m.id)).toEqual(['ok']);
    expect(requests).toHaveLength(1);
    const after = posted.length;
    detach();
    expect(listenerCount()).toBe(0);
    await client.mutate('touch', {});
    expect(posted.length).toBe(after);
    await client.close();
  });
});
