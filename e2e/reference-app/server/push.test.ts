// Conformance of POST /sync/push on real workerd + D1 (plasma-protocol.md §2 push, §3, §5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { pushBody, push, rows, signIn, watermark } from './testKit.ts';

let app: ReferenceApp;
let alice: string;

beforeAll(async () => {
  app = await startReferenceApp();
  alice = await signIn(app, 'alice');
});
afterAll(async () => {
  await app.dispose();
});

const changesOf = (group: string) =>
  rows<{ row_id: string; op: string; client_id: string; mutation_id: number; value: string | null }>(
    app,
    'SELECT * FROM _plasma_changes WHERE client_group_id = ? ORDER BY row_version',
    group,
  );

describe('push', () => {
  it('applies mutations and writes one change row each, stamped with provenance', async () => {
    const res = await push(
      app,
      alice,
      pushBody('g-apply', 'c1', [
        { id: 1, name: 'createTodo', args: { id: 'ap-1', owner: 'alice', title: 'milk' } },
        { id: 2, name: 'updateTodo', args: { id: 'ap-1', done: true } },
      ]),
    );
    expect(res).toEqual({ status: 200, body: { ok: true } });
    const changes = await changesOf('g-apply');
    expect(changes.map((c) => [c.row_id, c.op, c.client_id, c.mutation_id])).toEqual([
      ['ap-1', 'put', 'c1', 1],
      ['ap-1', 'put', 'c1', 2],
    ]);
    expect(JSON.parse(changes[1]!.value!)).toMatchObject({ id: 'ap-1', owner: 'alice', title: 'milk', done: 1 });
    expect(await watermark(app, 'g-apply', 'c1')).toBe(2);
    // Seeds were written outside the handler; the origin context is empty between batches.
    const [seed] = await rows(
      app,
      `SELECT client_group_id, mutation_id FROM _plasma_changes WHERE row_id = 'todo-bob-1'`,
    );
    expect(seed).toEqual({ client_group_id: null, mutation_id: null });
    expect(await rows(app, 'SELECT * FROM _plasma_origin_context')).toEqual([]);
  });

  it('silently reverts a mutation auth.write denies: 200, watermark advanced, no change row, onError recorded', async () => {
    const res = await push(
      app,
      alice,
      pushBody('g-revert', 'c1', [
        { id: 1, name: 'updateTodo', args: { id: 'todo-bob-1', title: 'hacked by alice' } },
        { id: 2, name: 'createTodo', args: { id: 'rv-ok', owner: 'alice', title: 'fine' } },
      ]),
    );
    expect(res).toEqual({ status: 200, body: { ok: true } });
    expect(await watermark(app, 'g-revert', 'c1')).toBe(2);
    const changes = await changesOf('g-revert');
    expect(changes.map((c) => c.mutation_id)).toEqual([2]); // nothing carries mutation 1
    const [bobTodo] = await rows<{ title: string }>(app, `SELECT title FROM todos WHERE id = 'todo-bob-1'`);
    expect(bobTodo?.title).toBe("Bob's groceries");
    const errors = await rows(
      app,
      `SELECT kind, client_id, mutation_id, mutation_name, message FROM _demo_errors WHERE client_group_id = 'g-revert'`,
    );
    expect(errors).toEqual([
      {
        kind: 'mutation-error',
        client_id: 'c1',
        mutation_id: 1,
        mutation_name: 'updateTodo',
        message: 'PlasmaAuthorizationError: todos.write',
      },
    ]);
    // The admin API's error tap saw the same event.
    const tapped = await rows(
      app,
      `SELECT mutation_id, message FROM _plasma_devtools_errors WHERE client_group_id = 'g-revert'`,
    );
    expect(tapped).toEqual([{ mutation_id: 1, message: 'PlasmaAuthorizationError: todos.write' }]);
  });

  it('dedups a re-pushed batch by the last_mutation_id watermark', async () => {
    const batch = pushBody('g-dedup', 'c1', [
      { id: 1, name: 'createTodo', args: { id: 'dd-1', owner: 'alice', title: 'one' } },
      { id: 2, name: 'createTodo', args: { id: 'dd-2', owner: 'alice', title: 'two' } },
    ]);
    expect((await push(app, alice, batch)).status).toBe(200);
    const [before] = await rows(app, `SELECT * FROM _plasma_client_mutations WHERE client_group_id = 'g-dedup'`);
    expect((await push(app, alice, batch)).body).toEqual({ ok: true });
    expect((await changesOf('g-dedup')).length).toBe(2);
    const [after] = await rows(app, `SELECT * FROM _plasma_client_mutations WHERE client_group_id = 'g-dedup'`);
    expect(after).toEqual(before);
  });

  it('answers 413 before any mutator runs when a push carries more than 200 mutations', async () => {
    const many = Array.from({ length: 201 }, (_, i) => ({
      id: i + 1,
      name: 'createTodo',
      args: { id: `many-${i}`, owner: 'alice' },
    }));
    const res = await push(app, alice, pushBody('g-many', 'c1', many));
    expect(res).toEqual({ status: 413, body: { error: 'too many mutations', max: 200 } });
    expect(await watermark(app, 'g-many', 'c1')).toBeUndefined();
    expect(await rows(app, `SELECT id FROM todos WHERE id LIKE 'many-%'`)).toEqual([]);
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const big = pushBody('g-big', 'c1', [
      { id: 1, name: 'createTodo', args: { id: 'big-1', owner: 'alice', title: 'x'.repeat(1_048_576) } },
    ]);
    const res = await push(app, alice, big);
    expect(res).toEqual({ status: 413, body: { error: 'payload too large', max: 1_048_576 } });
    expect(await rows(app, `SELECT id FROM todos WHERE id = 'big-1'`)).toEqual([]);
  });

  it('answers 409 with the expected schema version', async () => {
    const res = await push(
      app,
      alice,
      pushBody('g-schema', 'c1', [{ id: 1, name: 'touch', args: {} }], { schemaVersion: '2' }),
    );
    expect(res).toEqual({ status: 409, body: { error: 'schema mismatch', expected: '3' } });
    expect(await watermark(app, 'g-schema', 'c1')).toBeUndefined();
  });

  it('answers 400 client mismatch when the authenticated client differs from the body', async () => {
    const res = await push(app, alice, pushBody('g-mismatch', 'c1', [{ id: 1, name: 'touch', args: {} }]), {
      headers: { 'x-group': 'g-mismatch', 'x-client': 'c-other' },
    });
    expect(res).toEqual({ status: 400, body: { error: 'client mismatch' } });
    expect(await watermark(app, 'g-mismatch', 'c1')).toBeUndefined();
  });

  it.each([
    ['malformed JSON', '{"protocolVersion":1,'],
    ['a wrong protocolVersion', JSON.stringify(pushBody('g-invalid', 'c1', [], { protocolVersion: 2 }))],
  ])('answers 400 invalid request to %s', async (_name, body) => {
    const res = await push(app, alice, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid request', reason: expect.any(String) as unknown });
  });
});
