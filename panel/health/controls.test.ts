import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../store/store.ts';
import { commandExpression } from '../pageReader/commands.ts';
import { createSyncControls, pausedOf } from './controls.ts';

const msg = (m: Record<string, unknown>) => ({
  type: 'pageBridgeMessage' as const,
  message: { source: 'plasma-devtools', v: 1, ...m },
});
let store: Store | undefined;
afterEach(() => {
  store?.dispose();
  store = undefined;
});

describe('sync controls', () => {
  it('sends a command, then records the page answer for that id only; pause and resume set paused', async () => {
    store = createStore();
    const sent: string[] = [];
    const c = createSyncControls(
      store.health,
      {
        send: (command) => {
          sent.push(command);
          return Promise.resolve({ ok: true, id: `id-${sent.length}` });
        },
      },
      { tickMs: 60_000 },
    );
    await c.run('pause');
    expect(store.health.lastCommand.value).toMatchObject({ command: 'pause', state: 'sent' });
    c.observe(msg({ type: 'command-result', id: 'someone-else', ok: true }));
    expect(store.health.lastCommand.value?.state).toBe('sent');
    expect(store.health.paused.value).toBeNull();
    c.observe(msg({ type: 'command-result', id: 'id-1', ok: true }));
    expect(store.health.lastCommand.value?.state).toBe('ok');
    expect(store.health.paused.value).toBe(true);
    await c.run('resume');
    c.observe(msg({ type: 'command-result', id: 'id-2', ok: false, error: 'nope' }));
    expect(store.health.lastCommand.value).toMatchObject({ state: 'failed', error: 'nope' });
    expect(store.health.paused.value).toBe(true);
    c.observe({ type: 'pageBridgeReset', at: 1 });
    expect(store.health.paused.value).toBeNull();
    c.dispose();
  });

  it('a command the page cannot take is shown as failed', async () => {
    store = createStore();
    const c = createSyncControls(
      store.health,
      { send: () => Promise.resolve({ ok: false, error: 'page gone' }) },
      { tickMs: 60_000 },
    );
    await c.run('pullOnce');
    expect(store.health.lastCommand.value).toMatchObject({ command: 'pullOnce', state: 'failed', error: 'page gone' });
    c.dispose();
  });

  it.each([
    [{ source: 'plasma-devtools', type: 'snapshot', snapshot: { paused: true } }, true],
    [{ source: 'plasma-devtools', type: 'snapshot', snapshot: { paused: false } }, false],
    [{ source: 'plasma-devtools', type: 'snapshot', snapshot: { paused: 'yes' } }, undefined],
    [{ source: 'plasma-devtools', type: 'snapshot', snapshot: {} }, undefined],
    [{ source: 'other', type: 'snapshot', snapshot: { paused: true } }, undefined],
    [null, undefined],
  ])('pausedOf(%j) = %s', (raw, want) => expect(pausedOf(raw)).toBe(want));

  it('the command expression posts exactly one plasma-devtools command to the page itself', () => {
    const posted: unknown[] = [];
    const window = { postMessage: (m: unknown, origin: string) => posted.push([m, origin]) };
    const result: unknown = runInNewContext(commandExpression('x"1', 'pullOnce'), { window });
    expect(result).toBe(true);
    expect(posted).toEqual([
      [{ source: 'plasma-devtools', v: 1, type: 'command', id: 'x"1', command: 'pullOnce' }, '/'],
    ]);
  });
});

describe('health in the store', () => {
  it('puts a stuck queue in the one findings list and ticks the clock', () => {
    store = createStore();
    const t = Date.now();
    store.health.stuckAfterMs.value = 1000;
    store.captureSince.value = t - 10_000;
    store.pageReader.data.value = {
      db: {
        name: 'db',
        version: 1,
        tables: [],
        outbox: [{ clientID: 'c1', mutationID: 1, name: 'm', args: {}, timestamp: t - 5000 }],
        base: {},
        visible: {},
        meta: { clientGroupID: 'g' },
        others: [],
        readAt: t,
      },
    };
    store.health.now.value = t;
    expect(store.findings.value.map((f) => f.code)).toEqual(['stuck-queue']);
    const first = store.findings.value;
    store.health.now.value = t + 1000; // same finding: the list keeps its identity
    expect(store.health.findings.value).toBe(store.health.findings.value);
    expect(store.findings.value[0]).toBe(first[0]);
  });
});
