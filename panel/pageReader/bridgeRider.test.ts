// The bridge drain riding along with the page reader's polls: one eval instead of two, the same
// messages in the same order, and the poller's own eval postponed while the rides keep coming.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { createBridgePoller } from './bridgePoller.ts';
import { pageTouchPair } from './pageScript.ts';
import { evalSource, fakePage, openWith, plasmaStores, put } from './testPage.ts';
import type { InspectedWindowLike } from './evalPage.ts';
import { applyPageReaderMessage, createPageReaderSlice, startPageReader } from './index.ts';

/** inspectedWindow.eval over a fake page, answering in a microtask; it records each expression. */
function inspected(g: unknown): InspectedWindowLike & { sent: string[] } {
  const w = {
    sent: [] as string[],
    eval(expr: string, _o: Record<string, unknown>, cb: (r: unknown, e: unknown) => void) {
      w.sent.push(expr);
      const r = evalSource(expr, g);
      queueMicrotask(() => cb(JSON.parse(JSON.stringify(r ?? null)), undefined));
    },
  };
  return w;
}

const bridgeMessage = (n: number) => ({ source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'log', n } });
const isPair = (expr: string) => expr.startsWith('((t) => [');

afterEach(() => {
  vi.useRealTimers();
});

describe('the bridge drain riding along', () => {
  it('hands over the messages a ride drained, in order, and postpones the poller’s own eval', async () => {
    vi.useFakeTimers();
    const page = fakePage();
    const win = inspected(page.g);
    const seen: CaptureMessage[] = [];
    let syncs = 0;
    const poller = createBridgePoller((m) => seen.push(m), {
      inspectedWindow: win,
      pollMs: 100,
      onSyncEvent: () => syncs++,
    });
    expect(poller.rider()).toBeNull(); // its first eval is still out
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((m) => m.type)).toEqual(['pageBridgeReset']);
    const own = win.sent.length; // the first drain ("gone") and the install

    page.deliver(bridgeMessage(1));
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'pull', at: 1 } });
    await vi.advanceTimersByTimeAsync(90);
    const ride = poller.rider();
    expect(ride).not.toBeNull();
    const answer = evalSource(pageTouchPair({ op: 'poll', key: 'no-such-read' }, ride!.cmd), page.g) as unknown[];
    expect(JSON.parse(String(answer[0]))).toEqual({ v: 1, gone: true });
    ride!.take(answer[1]);
    expect(seen.slice(1).map((m) => (m.type === 'pageBridgeMessage' ? m.message : m.type))).toEqual([
      bridgeMessage(1),
      { source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'pull', at: 1 } },
    ]);
    expect(syncs).toBe(1);

    // Without the ride the poller would have drained at 100 ms; it now waits its interval again.
    await vi.advanceTimersByTimeAsync(95);
    expect(win.sent.length).toBe(own);
    await vi.advanceTimersByTimeAsync(10);
    expect(win.sent.length).toBe(own + 1);
    poller.dispose();
  });

  it('reinstalls at once when a ride finds the listener gone (a new document)', async () => {
    vi.useFakeTimers();
    const page = fakePage();
    const win = inspected(page.g);
    const seen: CaptureMessage[] = [];
    const poller = createBridgePoller((m) => seen.push(m), { inspectedWindow: win, pollMs: 10_000, onSyncEvent() {} });
    await vi.advanceTimersByTimeAsync(0);
    const ride = poller.rider()!;
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the listener's key is random
    delete page.g[(ride.cmd as { key: string }).key];
    const answer = evalSource(pageTouchPair(ride.cmd, ride.cmd), page.g) as unknown[];
    ride.take(answer[1]);
    expect(poller.rider()).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.filter((m) => m.type === 'pageBridgeReset')).toHaveLength(2);
    expect(poller.rider()).not.toBeNull();
    poller.dispose();
  });

  it('rides along with the page reader’s polls, and what the bridge says still arrives', async () => {
    const page = fakePage();
    const db = await openWith(page.idb, 'plasma-app', plasmaStores(['notes']));
    await put(
      db,
      'notes',
      Array.from({ length: 30 }, (_, i) => ({ id: `n${i}` })),
    );
    const win = inspected(page.g);
    const slice = createPageReaderSlice();
    const handle = startPageReader(slice, (m) => applyPageReaderMessage(slice, m), {
      inspectedWindow: win,
      chunkRows: 2,
      budgetChars: 200,
      bridgePollMs: 60_000,
      navigationDelayMs: 0,
    });
    // Installed (its snapshot request went out) and the first read done.
    for (let i = 0; i < 2000 && !(page.posted.length === 1 && slice.overall.value.kind === 'done'); i++)
      await new Promise((r) => setTimeout(r, 1));
    expect(slice.overall.value.kind).toBe('done');
    expect(page.posted).toHaveLength(1);
    page.deliver({ source: 'plasma-devtools', v: 1, type: 'event', event: { kind: 'pull', at: 2 } });
    // The pull event asks for a read; the bridge's own next eval is a minute away, so only a ride
    // can bring the event.
    await handle.readNow();
    for (let i = 0; i < 2000 && slice.bridge.events.value.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    expect(slice.bridge.events.value).toHaveLength(1);
    expect(win.sent.some(isPair)).toBe(true);
    handle.dispose();
  });
});
