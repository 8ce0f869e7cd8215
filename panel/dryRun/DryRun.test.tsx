// @vitest-environment happy-dom
// The "Replay as…" / "Read as…" section: its prefill from the captured request, what it sends, and
// how it shows per-mutation results, a read's verdicts and a refusal. The admin API is a fake fetch.

import { isRecord } from '../../shared/guards.ts';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createSecret } from '../../shared/admin/index.ts';
import { fakeJwt, goodClaims, makeEvent } from '../../shared/auth/testFixtures.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { AdminClient } from '../admin/index.ts';
import { Ctx } from '../context.ts';
import { createStore } from '../store/store.ts';
import { DryRun } from './DryRun.tsx';

const push: SyncEvent = {
  ...makeEvent({ kind: 'push', bearer: fakeJwt(goodClaims({ sub: 'alice' })), clientGroupID: 'g-alice' }),
  kind: 'push',
  request: {
    state: 'ok',
    value: {
      protocolVersion: 1,
      schemaVersion: '3',
      clientGroupID: 'g-alice',
      clientID: 'c1',
      mutations: [{ id: 4, name: 'updateTodo', args: { id: 't1' }, timestamp: 1 }],
    },
  },
  response: { state: 'ok', value: { ok: true } },
};

function mount(
  ev: SyncEvent,
  answer: (body: Record<string, unknown>) => { status: number; body: unknown },
  baseUrl = 'http://app.test/sync/admin',
) {
  const store = createStore();
  const slice = store.admin;
  slice.settings.value = { baseUrl, credential: createSecret('admin-secret', baseUrl), persist: false };
  const bodies: { body: Record<string, unknown>; method?: string; auth?: string }[] = [];
  const fetchImpl = ((_url: string, init?: RequestInit) => {
    const parsed: unknown = JSON.parse(typeof init?.body === 'string' ? init.body : 'null');
    const body = isRecord(parsed) ? parsed : {};
    bodies.push({ body, method: init?.method, auth: (init?.headers as Record<string, string>).authorization });
    const a = answer(body);
    return Promise.resolve(
      new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } }),
    );
  }) as typeof fetch;
  const root = document.createElement('div');
  document.body.append(root); // a form submits only when connected
  void act(() =>
    render(
      <Ctx.Provider value={{ store, dispatch: () => {}, adminClient: {} as AdminClient }}>
        <DryRun ev={ev} fetchImpl={fetchImpl} />
      </Ctx.Provider>,
      root,
    ),
  );
  return { root, bodies };
}

const q = (root: Element, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function submit(root: Element, user: string) {
  const input = q(root, 'dry-run-user') as HTMLInputElement;
  void act(() => {
    input.value = user;
    input.dispatchEvent(new Event('input'));
  });
  await act(() => {
    (q(root, 'dry-run-submit') as HTMLButtonElement).click();
    return Promise.resolve();
  });
  await vi.waitFor(() => expect(q(root, 'dry-run-results') ?? q(root, 'dry-run-failed')).not.toBeNull());
}

describe('DryRun', () => {
  it("prefills the group and the token's user, then shows each mutation's error and rule", async () => {
    const { root, bodies } = mount(push, () => ({
      status: 200,
      body: {
        dryRun: true,
        ctx: { userId: 'alice' },
        ctxSource: 'app',
        results: [
          {
            id: 4,
            name: 'updateTodo',
            ok: false,
            writes: [],
            error: { name: 'PlasmaAuthorizationError', message: 'todos.write', rule: 'todos.write' },
          },
        ],
      },
    }));
    expect((q(root, 'dry-run-group') as HTMLInputElement).value).toBe('g-alice');
    expect((q(root, 'dry-run-user') as HTMLInputElement).value).toBe('alice');
    await submit(root, 'alice');
    expect(bodies).toEqual([
      {
        method: 'POST',
        auth: 'Bearer admin-secret',
        body: {
          as: { clientGroupID: 'g-alice', userId: 'alice' },
          mutations: [{ id: 4, name: 'updateTodo', args: { id: 't1' } }],
        },
      },
    ]);
    const result = q(root, 'dry-run-result')!;
    expect([result.dataset.ok, result.dataset.rule]).toEqual(['false', 'todos.write']);
    expect(q(root, 'dry-run-error')?.textContent).toBe('PlasmaAuthorizationError: todos.write');
  });

  it('shows the rows an ok mutation would write', async () => {
    const { root } = mount(push, () => ({
      status: 200,
      body: {
        dryRun: true,
        ctx: { userId: 'bob' },
        ctxSource: 'app',
        results: [
          {
            id: 4,
            name: 'updateTodo',
            ok: true,
            writes: [{ op: 'put', table: 'todos', id: 't1', value: { id: 't1', title: 'x' } }],
          },
        ],
      },
    }));
    await submit(root, 'bob');
    expect(q(root, 'dry-run-result')?.dataset.ok).toBe('true');
    expect(q(root, 'dry-run-write')?.dataset.row).toBe('t1');
    expect(q(root, 'dry-run-summary')?.textContent).toBe('1 would apply, 0 would fail.');
  });

  it("reads as another user, one request per table of the pull's patch", async () => {
    const pull = {
      ...makeEvent({ kind: 'pull', clientGroupID: 'g1' }),
      response: {
        state: 'ok',
        value: {
          cookie: null,
          lastMutationIDs: {},
          hasMore: false,
          patch: [{ op: 'put', table: 'board_items', id: 'blue-1', value: {}, rowVersion: 1 }],
        },
      },
    } as SyncEvent;
    const { root, bodies } = mount(pull, (b) => ({
      status: 200,
      body: { dryRun: true, table: b.table, readable: [], hidden: ['blue-1'], missing: [] },
    }));
    await submit(root, 'bob');
    expect(bodies[0]!.body).toEqual({
      as: { clientGroupID: 'g1', userId: 'bob' },
      table: 'board_items',
      ids: ['blue-1'],
    });
    expect(q(root, 'dry-run-hidden')?.textContent).toContain('blue-1');
  });

  it('says so when the server has dry runs off, and when no admin API is configured', async () => {
    const { root } = mount(push, () => ({ status: 404, body: { error: 'dry run not enabled' } }));
    await submit(root, 'bob');
    expect(q(root, 'dry-run-failed')?.textContent).toContain('Dry runs are not enabled');
    expect(q(mount(push, () => ({ status: 200, body: {} }), '').root, 'dry-run-unavailable')?.textContent).toContain(
      'connect it in the Server view',
    );
  });
});
