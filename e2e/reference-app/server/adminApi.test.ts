// The admin API (/sync/admin) mounted in the reference worker: it sees what the sync handler
// wrote, the tapped onError events and the ctx recorded at auth (plasma-protocol.md §7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { pull, push, pushBody, signIn } from './testKit.ts';

let app: ReferenceApp;

beforeAll(async () => {
  app = await startReferenceApp();
});
afterAll(async () => {
  await app.dispose();
});

async function admin(
  path: string,
  token: string | null = app.adminToken,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}/sync/admin${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('admin API in the reference worker', () => {
  it('answers /info with this deployment', async () => {
    const info = await admin('/info');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      adminApiVersion: 1,
      schemaVersion: '3',
      basePath: '/sync',
      tables: ['todos', 'board_items'],
    });
  });

  it('refuses a request without the launch admin token', async () => {
    expect((await admin('/info', null)).status).toBe(401);
    expect((await admin('/info', 'wrong-token')).status).toBe(401);
  });

  it('shows a silent revert as a tapped error with its cause and no change row', async () => {
    const alice = await signIn(app, 'alice');
    await push(app, alice, pushBody('ad-revert', 'c1', [{ id: 1, name: 'deleteTodo', args: { id: 'todo-bob-1' } }]));
    const errors = await admin('/errors?since=0');
    expect(errors.body.errors).toContainEqual(
      expect.objectContaining({
        kind: 'mutation-error',
        clientGroupID: 'ad-revert',
        clientID: 'c1',
        mutationID: 1,
        mutationName: 'deleteTodo',
        message: 'PlasmaAuthorizationError: todos.write',
      }),
    );
    const changes = await admin('/changes?since=0&clientGroupID=ad-revert');
    expect(changes.body.changes).toEqual([]);
    const clients = await admin('/clients?clientGroupID=ad-revert');
    expect(clients.body.clients).toEqual([expect.objectContaining({ clientID: 'c1', lastMutationID: 1 })]);
  });

  it('confirms a filtered read against the ctx recorded at auth', async () => {
    const alice = await signIn(app, 'alice');
    await pull(app, alice, { clientGroupID: 'ad-filter', clientID: 'c1' });
    const hidden = await admin('/rows/board_items/red-1?as=ad-filter');
    expect(hidden.body).toMatchObject({ row: { id: 'red-1', team: 'red' }, readable: false });
    const shown = await admin('/rows/board_items/blue-1?as=ad-filter');
    expect(shown.body).toMatchObject({ readable: true });
  });
});
