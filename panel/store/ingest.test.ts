import { describe, expect, it } from 'vitest';
import { harEntry, PULL_QUERY, pullResponseBody } from '../../shared/sync/fixtures.ts';
import { applyMessage } from './applyMessage.ts';
import { createStore } from './store.ts';
import { createIngest } from './ingest.ts';
import type { CapturedRow } from './rows.ts';

const at = (sec: number) => new Date(Date.UTC(2025, 0, 2, 3, 4, sec)).toISOString();
const pull = (sec: number) =>
  harEntry({ url: `https://app.test/sync/pull${PULL_QUERY}`, startedDateTime: at(sec), time: 10 + sec });

/** A store whose ingest runs only when the test says a frame has passed. */
function framedStore(opts: { maxRows?: number } = {}) {
  const frames: (() => void)[] = [];
  // No time budget here: what one flush applies must not depend on the machine's speed.
  const store = createStore({ ...opts, scheduleIngest: (flush) => void frames.push(flush), ingestBudgetMs: Infinity });
  const frame = () => frames.splice(0).forEach((f) => f());
  return { store, frame, frames };
}

describe('ingest batched per frame', () => {
  it('applies every request of a frame in one rows update', () => {
    const { store, frame, frames } = framedStore();
    let updates = 0;
    const stop = store.rows.subscribe(() => updates++);
    updates = 0;
    for (let i = 0; i < 50; i++)
      applyMessage(store, { type: 'requestFinished', id: `r${i}`, entry: pull(i), recovered: false });
    expect(store.rows.value).toHaveLength(0);
    expect(frames).toHaveLength(1); // one flush asked for, not fifty
    frame();
    expect(store.rows.value.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
    expect(updates).toBe(1);
    stop();
  });

  it('parses a request once, with its body, when the body arrives before the frame', () => {
    const { store, frame } = framedStore();
    applyMessage(store, { type: 'requestFinished', id: 'r0', entry: pull(1), recovered: false });
    applyMessage(store, { type: 'responseBody', id: 'r0', body: JSON.stringify(pullResponseBody()) });
    frame();
    expect(store.rows.value[0]!.event?.response.state).toBe('ok');
    applyMessage(store, { type: 'responseBody', id: 'r0', body: null });
    expect(store.rows.value[0]!.event?.response.state).toBe('ok');
    frame();
    expect(store.rows.value[0]!.event?.response.state).toBe('unavailable');
  });

  it('never parses what the buffer would drop at once, and counts it', () => {
    const { store, frame } = framedStore({ maxRows: 3 });
    for (let i = 0; i < 10; i++)
      applyMessage(store, { type: 'requestFinished', id: `r${i}`, entry: pull(i), recovered: false });
    frame();
    expect(store.rows.value.map((r) => r.id)).toEqual(['r7', 'r8', 'r9']);
    expect(store.dropped.value).toBe(7);
    // Their fingerprints are forgotten, as for any dropped row: the set stays bounded.
    expect(store.seen.size).toBe(3);
  });

  it('Clear drops what is still queued', () => {
    const { store, frame } = framedStore();
    applyMessage(store, { type: 'requestFinished', id: 'r0', entry: pull(1), recovered: false });
    applyMessage(store, { type: 'clear' });
    frame();
    expect(store.rows.value).toHaveLength(0);
    applyMessage(store, { type: 'requestFinished', id: 'r1', entry: pull(2), recovered: false });
    frame();
    expect(store.rows.value.map((r) => r.id)).toEqual(['r1']);
  });

  it('stops a flush at its time budget and applies the rest on the next frame', () => {
    let clock = 0;
    const frames: (() => void)[] = [];
    let rows: CapturedRow[] = [];
    const ingest = createIngest(
      { maxRows: 1000, rows: () => rows, commit: (next) => void (rows = next) },
      { schedule: (flush) => void frames.push(flush), budgetMs: 8, now: () => (clock += 5) },
    );
    ingest.addRows(Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, seq: i, entry: pull(i), recovered: false })));
    frames.shift()!();
    const first = rows.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(100);
    expect(frames).toHaveLength(1); // the rest is scheduled, not dropped
    while (frames.length) frames.shift()!();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('says it is drained only once everything arrived is listed and nothing arrived for the quiet time', () => {
    let clock = 0;
    const frames: (() => void)[] = [];
    let rows: CapturedRow[] = [];
    const ingest = createIngest(
      { maxRows: 1000, rows: () => rows, commit: (next) => void (rows = next) },
      { schedule: (flush) => void frames.push(flush), budgetMs: Infinity, now: () => clock },
    );
    expect(ingest.drained(50)).toBe(true); // nothing ever arrived
    ingest.addRows([{ id: 'r0', seq: 0, entry: pull(0), recovered: false }]);
    clock = 100;
    expect(ingest.drained(50)).toBe(false); // quiet long enough, but not listed yet
    frames.shift()!();
    expect(rows).toHaveLength(1);
    expect(ingest.drained(50)).toBe(true);
    expect(ingest.drained(150)).toBe(false); // arrived 100 ms ago
    ingest.addBody('r0', null);
    clock = 160;
    expect(ingest.drained(50)).toBe(false); // its body waits for the next flush
    frames.shift()!();
    expect(rows[0]?.body).toBeNull();
    expect(ingest.drained(50)).toBe(true);
    expect(ingest.drained(61)).toBe(false);
  });

  it('ignores a body whose request has left the buffer', () => {
    const { store, frame } = framedStore({ maxRows: 2 });
    for (let i = 0; i < 3; i++)
      applyMessage(store, { type: 'requestFinished', id: `r${i}`, entry: pull(i), recovered: false });
    frame();
    applyMessage(store, { type: 'responseBody', id: 'r0', body: null });
    applyMessage(store, { type: 'responseBody', id: 'r2', body: null });
    frame();
    expect(store.rows.value.map((r) => [r.id, r.body])).toEqual([
      ['r1', undefined],
      ['r2', null],
    ]);
  });
});
