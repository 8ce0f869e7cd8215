import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createFakeFetch, makeClient, memoryStorage, pullReply, type SeenRequest } from './testing.ts';
import type { OutboxEntry, Row } from './types.ts';

const todo = (id: string, owner: string, title: string): Row => ({ id, owner, title, done: 0, updatedAt: 1 });

describe('storage layout', () => {
  it('creates the stores of protocol §4 with their key paths', async () => {
    const { fetch } = createFakeFetch(() => pullReply());
    const { client, factory } = makeClient({ fetch, dbName: 'layout' });
    await client.ready;
    await client.close();
    const raw = await new Promise<IDBDatabase>((res, rej) => {
      const r = factory.open('layout');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error ?? new Error('cannot open layout'));
    });
    const names = [...raw.objectStoreNames].sort();
    expect(names).toEqual([
      '_plasma_base_board_items',
      '_plasma_base_todos',
      '_plasma_blobs_local',
      '_plasma_meta',
      '_plasma_outbox',
      'board_items',
      'todos',
    ]);
    const tx = raw.transaction(names);
    expect(tx.objectStore('_plasma_outbox').keyPath).toEqual(['clientID', 'mutationID']);
    expect(tx.objectStore('_plasma_meta').keyPath).toBe('key');
    expect(tx.objectStore('todos').keyPath).toBe('id');
    expect(tx.objectStore('_plasma_base_todos').keyPath).toBe('id');
    raw.close();
  });
});

describe('mutate', () => {
  it('applies optimistically, writes the outbox, notifies, and sends nothing', async () => {
    const { fetch, requests } = createFakeFetch(() => pullReply());
    const { client } = makeClient({ fetch });
    const seen: Row[][] = [];
    client.subscribe('todos', (rows) => seen.push(rows));
    const id1 = await client.mutate('createTodo', { id: 't1', owner: 'alice', title: 'milk', at: 5 });
    const id2 = await client.mutate('updateTodo', { id: 't1', done: true, at: 6 });
    expect([id1, id2]).toEqual([1, 2]);
    expect(await client.query('todos')).toEqual([{ id: 't1', owner: 'alice', title: 'milk', done: 1, updatedAt: 6 }]);
    expect(seen.at(-1)).toEqual(await client.query('todos'));
    const snap = await client.snapshot();
    expect(snap.outbox.map((e: OutboxEntry) => [e.clientID, e.mutationID, e.name])).toEqual([
      [client.clientID, 1, 'createTodo'],
      [client.clientID, 2, 'updateTodo'],
    ]);
    expect(requests).toHaveLength(0);
    await client.close();
  });

  it('rejects a mutator that throws and leaves no outbox entry', async () => {
    const { fetch } = createFakeFetch(() => pullReply());
    const { client } = makeClient({ fetch });
    await expect(client.mutate('createTodo', { owner: 'alice' })).rejects.toThrow(/id must be/);
    await expect(client.mutate('nope', {})).rejects.toThrow(/unknown mutator/);
    expect((await client.snapshot()).outbox).toEqual([]);
    await client.close();
  });

  it('continues mutation ids across a reopen of the same tab', async () => {
    const { fetch } = createFakeFetch(() => pullReply());
    const storage = memoryStorage();
    const first = makeClient({ fetch, storage });
    await first.client.mutate('touch', {});
    await first.client.close();
    const second = makeClient({ fetch, storage, indexedDB: first.factory });
    expect(second.client.clientID).toBe(first.client.clientID);
    expect(await second.client.mutate('touch', {})).toBe(2);
    await second.client.close();
  });
});

describe('push and pull', () => {
  it('pushes this client’s outbox with the documented body and headers', async () => {
    const { fetch, requests } = createFakeFetch(() => ({ status: 200, body: { ok: true } }));
    const { client } = makeClient({
      fetch,
      authHeaders: () => ({ authorization: 'Bearer t' }),
      credentials: 'include',
    });
    await client.mutate('createTodo', { id: 't1', owner: 'alice', title: 'x', at: 1 });
    expect(await client.pushOnce()).toEqual({ ok: true });
    const [req] = requests as [SeenRequest];
    expect(req.method).toBe('POST');
    expect(req.url.href).toBe('http://app.test/sync/push');
    expect(req.headers).toMatchObject({
      authorization: 'Bearer t',
      'x-client': client.clientID,
      'x-group': 'cg-alice',
      'content-type': 'application/json',
    });
    expect(req.credentials).toBe('include');
    expect(req.body).toMatchObject({
      protocolVersion: 1,
      schemaVersion: '3',
      clientGroupID: 'cg-alice',
      clientID: client.clientID,
    });
    expect((req.body as { mutations: unknown[] }).mutations).toEqual([
      {
        id: 1,
        name: 'createTodo',
        args: { id: 't1', owner: 'alice', title: 'x', at: 1 },
        timestamp: expect.any(Number) as unknown,
      },
    ]);
    await client.close();
  });

  it('drops confirmed outbox entries and keeps later ones after a pull', async () => {
    let clientID = '';
    const { fetch, requests } = createFakeFetch((req) =>
      req.method === 'POST'
        ? { status: 200, body: { ok: true } }
        : pullReply({
            patch: [{ op: 'put', table: 'todos', id: 't1', value: todo('t1', 'alice', 'a') }],
            lastMutationIDs: { [clientID]: 1 },
          }),
    );
    const { client } = makeClient({ fetch, basePath: '/api/plasma' });
    clientID = client.clientID;
    await client.mutate('createTodo', { id: 't1', owner: 'alice', title: 'a', at: 1 });
    await client.pushOnce();
    await client.mutate('updateTodo', { id: 't1', title: 'b', at: 2 });
    expect(await client.pullOnce()).toEqual({ ok: true });
    const pull = requests.at(-1)!;
    expect(pull.url.pathname).toBe('/api/plasma/pull');
    expect(Object.fromEntries(pull.url.searchParams)).toEqual({
      clientGroupID: 'cg-alice',
      clientID,
      schemaVersion: '3',
      protocolVersion: '1',
    });
    const snap = await client.snapshot();
    expect(snap.outbox.map((e) => e.mutationID)).toEqual([2]);
    expect(snap.cookie).toBe('c1:eyIwIjoiMSJ9');
    expect(snap.lastMutationIDs).toEqual({ [clientID]: 1 });
    // The surviving mutation is replayed on top of the new base.
    expect(await client.query('todos')).toEqual([{ ...todo('t1', 'alice', 'b'), updatedAt: 2 }]);
    await client.close();
  });

  it('reverts a mutation the server accepted with 200 but rejected silently', async () => {
    let clientID = '';
    let pulls = 0;
    const bobTodo = todo('todo-bob-1', 'bob', 'bob’s');
    const { fetch } = createFakeFetch((req) => {
      if (req.method === 'POST') return { status: 200, body: { ok: true } };
      pulls++;
      return pulls === 1
        ? pullReply({
            cookie: 'c1:eyIwIjoiMSJ9',
            patch: [{ op: 'put', table: 'todos', rowId: 'todo-bob-1', row: bobTodo }],
          })
        : pullReply({ cookie: 'c1:eyIwIjoiMiJ9', patch: [], lastMutationIDs: { [clientID]: 1 } });
    });
    const { client, errors } = makeClient({ fetch });
    clientID = client.clientID;
    await client.pullOnce();
    await client.mutate('updateTodo', { id: 'todo-bob-1', title: 'edited by alice', at: 9 });
    expect((await client.query('todos'))[0]?.title).toBe('edited by alice');
    expect(await client.pushOnce()).toEqual({ ok: true });
    await client.pullOnce();
    expect(await client.query('todos')).toEqual([bobTodo]);
    expect((await client.snapshot()).outbox).toEqual([]);
    expect(errors).toEqual([]);
    await client.close();
  });

  it('pulls again at once while hasMore, sending each new cookie', async () => {
    const pages = [
      pullReply({
        cookie: 'p1',
        hasMore: true,
        patch: [{ op: 'put', table: 'todos', id: 'a', value: todo('a', 'x', 'A') }],
      }),
      pullReply({
        cookie: 'p2',
        hasMore: true,
        patch: [{ op: 'put', table: 'todos', key: 'b', value: todo('b', 'x', 'B') }],
      }),
      pullReply({ cookie: 'p3', patch: [{ op: 'del', table: 'todos', id: 'a' }] }),
    ];
    const { fetch, requests } = createFakeFetch((_req, i) => pages[i] ?? { status: 500 });
    const { client } = makeClient({ fetch });
    expect(await client.pullOnce()).toEqual({ ok: true });
    expect(requests.map((r) => r.url.searchParams.get('cookie'))).toEqual([null, 'p1', 'p2']);
    expect((await client.query('todos')).map((r) => r.id)).toEqual(['b']);
    expect((await client.snapshot()).cookie).toBe('p3');
    await client.close();
  });

  it('reports a mutator that throws on replay and skips it', async () => {
    const { fetch } = createFakeFetch(() => pullReply());
    const storage = memoryStorage();
    const first = makeClient({ fetch, storage });
    await first.client.mutate('createTodo', { id: 't1', owner: 'alice', title: 'x' });
    await first.client.mutate('touch', {});
    await first.client.close();
    // The same tab reopens with a registry whose createTodo now throws.
    const strict = makeClient({
      fetch,
      storage,
      indexedDB: first.factory,
      mutators: {
        createTodo: () => Promise.reject(new Error('no longer allowed')),
        touch: async () => {},
      },
    });
    expect(await strict.client.pullOnce()).toEqual({ ok: true });
    expect(strict.errors).toEqual([
      {
        kind: 'rebase-replay',
        clientID: strict.client.clientID,
        mutationID: 1,
        name: 'createTodo',
        message: 'no longer allowed',
      },
    ]);
    expect(await strict.client.query('todos')).toEqual([]);
    expect((await strict.client.snapshot()).outbox).toHaveLength(2);
    await strict.client.close();
  });
});

describe('clientID', () => {
  it('is one per tab: two storages give two ids, one storage keeps its id', () => {
    const { fetch } = createFakeFetch(() => pullReply());
    const tabA = memoryStorage();
    const a1 = makeClient({ fetch, storage: tabA }).client.clientID;
    const a2 = makeClient({ fetch, storage: tabA }).client.clientID;
    const b = makeClient({ fetch, storage: memoryStorage() }).client.clientID;
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(tabA.map.get('plasma.clientID.plasma-test')).toBe(a1);
    expect(a1).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('resetLocalState wipes every store and rotates the id', async () => {
    const { fetch } = createFakeFetch(() =>
      pullReply({ patch: [{ op: 'put', table: 'todos', id: 'z', value: todo('z', 'x', 'Z') }] }),
    );
    const storage = memoryStorage();
    const { client } = makeClient({ fetch, storage, dbName: 'resettable' });
    await client.pullOnce();
    await client.mutate('touch', {});
    const before = client.clientID;
    await client.resetLocalState();
    expect(client.clientID).not.toBe(before);
    expect(storage.getItem('plasma.clientID.resettable')).toBe(client.clientID);
    expect(await client.query('todos')).toEqual([]);
    const snap = await client.snapshot();
    expect([snap.outbox, snap.cookie]).toEqual([[], null]);
    expect(await client.mutate('touch', {})).toBe(1);
    await client.close();
  });
});
