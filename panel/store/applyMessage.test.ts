import { describe, expect, it } from 'vitest';
import { harEntry, PULL_QUERY, pullResponseBody, pushBody } from '../../shared/sync/fixtures.ts';
import { applyMessage } from './applyMessage.ts';
import { createStore } from './store.ts';

const at = (sec: number) => `2025-01-02T03:04:${String(sec).padStart(2, '0')}.000Z`;
const pull = (sec: number, status = 200) =>
  harEntry({ url: `https://app.test/sync/pull${PULL_QUERY}`, status, startedDateTime: at(sec), time: 10 + sec });
const push = (sec: number) =>
  harEntry({
    method: 'POST',
    url: 'https://app.test/sync/push',
    body: pushBody(),
    startedDateTime: at(sec),
    requestHeaders: [{ name: 'Authorization', value: 'Bearer abc.def.ghi' }],
  });
const other = (sec: number) =>
  harEntry({ url: 'https://app.test/api/health', startedDateTime: at(sec), response: { up: true } });

function storeWith(...entries: ReturnType<typeof harEntry>[]) {
  const store = createStore({ maxRows: 5 });
  entries.forEach((entry, i) => applyMessage(store, { type: 'requestFinished', id: `r${i}`, entry, recovered: false }));
  return store;
}

describe('applyMessage', () => {
  it('lists plasma requests and hides others until show-all', () => {
    const store = storeWith(push(1), other(2), pull(3, 401));
    expect(store.visibleRows.value.map((r) => [r.event?.kind, r.status, r.credentialKind])).toEqual([
      ['push', 200, 'bearer'],
      ['pull', 401, 'none'],
    ]);
    expect(store.hiddenCount.value).toBe(1);
    applyMessage(store, { type: 'setShowAll', on: true });
    expect(store.visibleRows.value).toHaveLength(3);
  });

  it('drops a request seen twice (getHAR and onRequestFinished) and orders recovered ones by start', () => {
    const store = storeWith(pull(5));
    applyMessage(store, { type: 'requestFinished', id: 'again', entry: pull(5), recovered: true });
    applyMessage(store, { type: 'requestFinished', id: 'early', entry: push(1), recovered: true });
    expect(store.rows.value.map((r) => r.id)).toEqual(['early', 'r0']);
  });

  it('re-parses a row when its body arrives, and keeps it when the body is unavailable', () => {
    const store = storeWith(pull(1));
    expect(store.rows.value[0]!.event?.response.state).toBe('pending');
    applyMessage(store, { type: 'responseBody', id: 'r0', body: JSON.stringify(pullResponseBody()) });
    expect(store.rows.value[0]!.event?.response.state).toBe('ok');
    applyMessage(store, { type: 'responseBody', id: 'r0', body: null });
    expect(store.rows.value[0]!.event?.response.state).toBe('unavailable');
    applyMessage(store, { type: 'responseBody', id: 'r0', body: '<html>oops' });
    expect(store.rows.value[0]!.event?.response.state).toBe('unparseable');
    expect(store.rows.value).toHaveLength(1);
  });

  it('bounds the buffer, dropping the oldest and counting them', () => {
    const store = storeWith(...[1, 2, 3, 4, 5, 6, 7].map((s) => pull(s)));
    expect(store.rows.value.map((r) => r.id)).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    expect(store.dropped.value).toBe(2);
  });

  it('keeps rows across navigation with preserve log, clears them without it', () => {
    const store = storeWith(pull(1));
    applyMessage(store, { type: 'navigated', url: 'https://app.test/' });
    expect(store.rows.value).toHaveLength(1);
    applyMessage(store, { type: 'setPreserveLog', on: false });
    applyMessage(store, { type: 'navigated', url: 'https://app.test/' });
    expect(store.rows.value).toHaveLength(0);
  });

  it('filters on path, status, kind and credential, and Clear empties the list', () => {
    const store = storeWith(push(1), pull(2, 401), pull(3));
    const shown = (text: string) => {
      applyMessage(store, { type: 'setFilter', text });
      return store.visibleRows.value.map((r) => r.id);
    };
    expect(shown('401')).toEqual(['r1']);
    expect(shown('push')).toEqual(['r0']);
    expect(shown('bearer')).toEqual(['r0']);
    expect(shown('')).toEqual(['r0', 'r1', 'r2']);
    applyMessage(store, { type: 'select', id: 'r1' });
    expect(store.selected.value?.id).toBe('r1');
    applyMessage(store, { type: 'clear' });
    expect(store.rows.value).toHaveLength(0);
    expect(store.selected.value).toBeNull();
    // A cleared request does not come back from a later getHAR().
    applyMessage(store, { type: 'requestFinished', id: 'x', entry: pull(2, 401), recovered: true });
    expect(store.rows.value).toHaveLength(0);
  });

  it('knows when the capture began part-way through the app session, and Clear starts a new window', () => {
    const store = storeWith(pull(1));
    expect(store.coverage.value.before).toEqual([]);
    const resumed = harEntry({
      url: `https://app.test/sync/pull${PULL_QUERY}&cookie=c1%3AeyIwIjoiMTIzIn0%3D`,
      startedDateTime: at(9),
    });
    const since = store.captureSince.value;
    applyMessage(store, { type: 'clear' });
    expect(store.captureSince.value).toBeGreaterThanOrEqual(since);
    applyMessage(store, { type: 'requestFinished', id: 'late', entry: resumed, recovered: false });
    expect(store.coverage.value.before[0]).toContain('the first captured pull already carried a cookie');
  });
});
