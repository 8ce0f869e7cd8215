// Every branch of the one reducer, each line's effect asserted: issue 11 found that removing a line
// of applyMessage.ts, or disabling a branch, passed every test. Each test below fails on such a mutant.

import { describe, expect, it } from 'vitest';
import type { Finding, IncidentBundle } from '../../shared/auth/index.ts';
import { INCIDENT_BUNDLE_FORMAT, INCIDENT_BUNDLE_VERSION } from '../../shared/auth/bundle.ts';
import { harEntry, PULL_QUERY, pullResponseBody } from '../../shared/sync/fixtures.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { applyMessage } from './applyMessage.ts';
import { createStore } from './store.ts';

const pull = (sec: number) =>
  harEntry({
    url: `https://app.test/sync/pull${PULL_QUERY}`,
    startedDateTime: `2025-01-02T03:04:${String(sec).padStart(2, '0')}.000Z`,
  });

/** A finding as a bundle holds it; `extra` adds a verdict finding's keys, which the reducer looks for. */
function finding(
  id: string,
  extra: { mutationKeys?: string[]; rowKeys?: string[]; requestIds?: string[] } = {},
): Finding {
  const f: Finding & typeof extra = {
    id,
    code: 'expired',
    severity: 'error',
    title: id,
    cause: 'c',
    fix: 'f',
    requestIds: [`${id}-req`, 'other'],
    ...extra,
  };
  return f;
}

function bundle(findings: Finding[]): IncidentBundle {
  return {
    format: INCIDENT_BUNDLE_FORMAT,
    version: INCIDENT_BUNDLE_VERSION,
    createdAt: 1,
    events: [],
    ledger: [],
    findings,
  };
}

function storeWithRows(n: number, maxRows = 5) {
  const store = createStore({ maxRows });
  for (let i = 0; i < n; i++)
    applyMessage(store, { type: 'requestFinished', id: `r${i}`, entry: pull(i + 1), recovered: false });
  return store;
}

describe('applyMessage, branch by branch', () => {
  it('requestsFinished adds many at once, and skips ones already seen', () => {
    const store = createStore();
    applyMessage(store, {
      type: 'requestsFinished',
      items: [
        { id: 'a', entry: pull(1), recovered: true },
        { id: 'b', entry: pull(2), recovered: true },
        { id: 'a2', entry: pull(1), recovered: true },
      ],
    });
    expect(store.rows.value.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('responseBodies applies each body of a frame (and nothing else: the rows stay)', () => {
    const store = storeWithRows(2);
    applyMessage(store, { type: 'setPreserveLog', on: false });
    const body = JSON.stringify(pullResponseBody());
    applyMessage(store, {
      type: 'responseBodies',
      items: [
        { id: 'r0', body },
        { id: 'r1', body: null },
      ],
    });
    expect(store.rows.value.map((r) => r.event?.response.state)).toEqual(['ok', 'unavailable']);
  });

  it('Clear resets the dropped count, the selection, the selected finding and the capture window', () => {
    const store = storeWithRows(7);
    expect(store.dropped.value).toBe(2);
    applyMessage(store, { type: 'select', id: 'r6' });
    applyMessage(store, { type: 'selectFinding', id: 'f' });
    store.captureSince.value = 0;
    applyMessage(store, { type: 'clear' });
    expect(store.rows.value).toEqual([]);
    expect(store.dropped.value).toBe(0);
    expect(store.selectedId.value).toBeNull();
    expect(store.selectedFindingId.value).toBeNull();
    expect(store.captureSince.value).toBeGreaterThan(0);
  });

  it('sets the theme, the view, the filter, show-all and preserve-log', () => {
    const store = createStore();
    applyMessage(store, { type: 'theme', name: 'dark' });
    applyMessage(store, { type: 'setView', view: 'server' });
    applyMessage(store, { type: 'setFilter', text: 'push' });
    applyMessage(store, { type: 'setShowAll', on: true });
    applyMessage(store, { type: 'setPreserveLog', on: false });
    expect([store.theme.value, store.view.value, store.filterText.value]).toEqual(['dark', 'server', 'push']);
    expect([store.showAll.value, store.preserveLog.value]).toEqual([true, false]);
  });

  it('copies the expectations, so a later change to the sender object does not leak in', () => {
    const store = createStore();
    const expect_ = { issuer: 'https://issuer.test' };
    applyMessage(store, { type: 'setExpectations', expect: expect_ });
    expect_.issuer = 'changed';
    expect(store.expect.value).toEqual({ issuer: 'https://issuer.test' });
  });

  it('a verifier is kept; forgetting it drops the verifications and their error', () => {
    const store = createStore();
    applyMessage(store, { type: 'setVerifier', verifier: { kind: 'hs256', secret: 's' } });
    applyMessage(store, { type: 'verificationsReady', results: new Map([['t', { ok: true }]]), error: 'partial' });
    expect(store.verifier.value).toEqual({ kind: 'hs256', secret: 's' });
    expect(store.verifications.value.size).toBe(1);
    expect(store.verifyError.value).toBe('partial');
    // Another key keeps the results until new ones arrive.
    applyMessage(store, { type: 'setVerifier', verifier: { kind: 'hs256', secret: 't' } });
    expect(store.verifications.value.size).toBe(1);
    applyMessage(store, { type: 'setVerifier', verifier: null });
    expect(store.verifier.value).toBeNull();
    expect(store.verifications.value.size).toBe(0);
    expect(store.verifyError.value).toBeNull();
  });

  it('takes a finite, non-negative near-expiry margin and ignores any other', () => {
    const store = createStore();
    applyMessage(store, { type: 'setNearExpiryMargin', sec: 0 });
    expect(store.nearExpiryMarginSec.value).toBe(0);
    applyMessage(store, { type: 'setNearExpiryMargin', sec: 90 });
    for (const sec of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      applyMessage(store, { type: 'setNearExpiryMargin', sec });
    expect(store.nearExpiryMarginSec.value).toBe(90);
  });

  it('importing a bundle replaces the rows and the selection and clears an import error; leaving drops it', () => {
    const store = storeWithRows(2);
    applyMessage(store, { type: 'select', id: 'r1' });
    applyMessage(store, { type: 'selectFinding', id: 'x' });
    applyMessage(store, { type: 'importFailed', reason: 'not a bundle' });
    expect(store.importError.value).toBe('not a bundle');
    const b = bundle([finding('f1')]);
    applyMessage(store, { type: 'importBundle', bundle: b });
    expect(store.imported.value).toBe(b);
    expect(store.importError.value).toBeNull();
    expect(store.rows.value).toEqual([]);
    expect(store.selectedId.value).toBeNull();
    expect(store.selectedFindingId.value).toBeNull();
    expect(store.findings.value.map((f) => f.id)).toEqual(['f1']);

    applyMessage(store, { type: 'importFailed', reason: 'again' });
    applyMessage(store, { type: 'requestFinished', id: 'late', entry: pull(9), recovered: false });
    applyMessage(store, { type: 'leaveImport' });
    expect(store.imported.value).toBeNull();
    expect(store.importError.value).toBeNull();
    expect(store.rows.value).toEqual([]);
  });

  it('Clear drops requests still queued for the next frame', () => {
    const flushes: (() => void)[] = [];
    const store = createStore({ scheduleIngest: (flush) => flushes.push(flush) });
    applyMessage(store, { type: 'requestFinished', id: 'queued', entry: pull(1), recovered: false });
    applyMessage(store, { type: 'clear' });
    for (const flush of flushes.splice(0)) flush();
    expect(store.rows.value).toEqual([]);
  });

  it('importing a bundle drops requests still queued for the next frame', () => {
    const flushes: (() => void)[] = [];
    const store = createStore({ scheduleIngest: (flush) => flushes.push(flush) });
    applyMessage(store, { type: 'requestFinished', id: 'queued', entry: pull(1), recovered: false });
    applyMessage(store, { type: 'importBundle', bundle: bundle([]) });
    for (const flush of flushes.splice(0)) flush();
    expect(store.rows.value).toEqual([]);
  });

  it('importing a bundle lists its events as rows', () => {
    const source = storeWithRows(2);
    const events = source.analysis.events.value;
    expect(events).toHaveLength(2);
    const store = createStore();
    applyMessage(store, { type: 'importBundle', bundle: { ...bundle([]), events } });
    expect(store.rows.value.map((r) => r.event?.kind)).toEqual(['pull', 'pull']);
  });

  it('selecting a finding selects its first request and opens the view that holds its evidence', () => {
    const store = createStore();
    applyMessage(store, { type: 'setView', view: 'requests' });
    const findings = [
      finding('auth'),
      finding('mut', { mutationKeys: ['c1:1'] }),
      finding('row', { rowKeys: ['todo/1'] }),
      finding('empty', { mutationKeys: [], rowKeys: [], requestIds: [] }),
    ];
    applyMessage(store, { type: 'importBundle', bundle: bundle(findings) });
    applyMessage(store, { type: 'selectFinding', id: 'auth' });
    expect([store.selectedFindingId.value, store.selectedId.value, store.view.value]).toEqual([
      'auth',
      'auth-req',
      'requests',
    ]);
    applyMessage(store, { type: 'selectFinding', id: 'mut' });
    expect([store.selectedId.value, store.view.value]).toEqual(['mut-req', 'mutations']);
    applyMessage(store, { type: 'selectFinding', id: 'row' });
    expect([store.selectedId.value, store.view.value]).toEqual(['row-req', 'data']);
    // Empty key lists open nothing: the view stays where the user left it.
    applyMessage(store, { type: 'setView', view: 'requests' });
    applyMessage(store, { type: 'selectFinding', id: 'empty' });
    expect([store.selectedId.value, store.view.value]).toEqual(['row-req', 'requests']);
    applyMessage(store, { type: 'selectFinding', id: null });
    expect(store.selectedFindingId.value).toBeNull();
  });

  it("hands the page reader's and the admin client's messages to their slices", () => {
    const store = createStore();
    applyMessage(store, { type: 'pageReadStarted', readId: 7, at: 1 });
    expect(store.pageReader.readId.value).toBe(7);
    applyMessage(store, { type: 'adminPolled', at: 42 });
    expect(store.admin.lastPolledAt.value).toBe(42);
    applyMessage(store, { type: 'adminAuthLogProblem', problem: 'no /auth-log' });
    expect(store.admin.authLog.log.value.problem).toBe('no /auth-log');
  });

  it('each message changes only its own part of the store (no case falls through into the next)', () => {
    const snapshot = (store: ReturnType<typeof createStore>) => ({
      rows: store.rows.value.length,
      preserveLog: store.preserveLog.value,
      showAll: store.showAll.value,
      filterText: store.filterText.value,
      selectedId: store.selectedId.value,
      theme: store.theme.value,
      expect: store.expect.value,
      verifier: store.verifier.value,
      verifications: store.verifications.value,
      verifyError: store.verifyError.value,
      margin: store.nearExpiryMarginSec.value,
      selectedFindingId: store.selectedFindingId.value,
      view: store.view.value,
      imported: store.imported.value,
      importError: store.importError.value,
    });
    const cases: [CaptureMessage, string[]][] = [
      [{ type: 'requestFinished', id: 'n', entry: pull(30), recovered: false }, ['rows']],
      [{ type: 'requestsFinished', items: [{ id: 'm', entry: pull(31), recovered: false }] }, ['rows']],
      [{ type: 'responseBody', id: 'r0', body: null }, []],
      [{ type: 'responseBodies', items: [{ id: 'r0', body: null }] }, []],
      [{ type: 'navigated', url: 'https://app.test/' }, []],
      [{ type: 'clear' }, ['rows', 'selectedId', 'selectedFindingId']],
      [{ type: 'setPreserveLog', on: false }, ['preserveLog']],
      [{ type: 'setShowAll', on: true }, ['showAll']],
      [{ type: 'setFilter', text: 'x' }, ['filterText']],
      [{ type: 'select', id: 'r1' }, ['selectedId']],
      [{ type: 'theme', name: 'default' }, ['theme']],
      [{ type: 'setExpectations', expect: { audience: 'a' } }, ['expect']],
      [{ type: 'setVerifier', verifier: null }, ['verifier', 'verifications', 'verifyError']],
      [{ type: 'verificationsReady', results: new Map(), error: 'e' }, ['verifications', 'verifyError']],
      [{ type: 'setNearExpiryMargin', sec: 5 }, ['margin']],
      [{ type: 'selectFinding', id: null }, ['selectedFindingId']],
      [{ type: 'setView', view: 'data' }, ['view']],
      [
        { type: 'importBundle', bundle: bundle([]) },
        ['rows', 'selectedId', 'selectedFindingId', 'imported', 'importError'],
      ],
      [{ type: 'importFailed', reason: 'r' }, ['importError']],
      [{ type: 'leaveImport' }, ['rows', 'selectedId', 'selectedFindingId', 'imported', 'importError']],
    ];
    for (const [msg, changes] of cases) {
      const store = storeWithRows(2);
      // Every field away from what any message sets, so a write shows even when it writes a default.
      // Set directly, not by messages, so a mutant reducer cannot also move the baseline.
      store.selectedId.value = 'r0';
      store.selectedFindingId.value = 'f';
      store.verifier.value = { kind: 'hs256', secret: 's' };
      store.verifications.value = new Map([['t', { ok: true }]]);
      store.verifyError.value = 'partial';
      store.view.value = 'server';
      store.theme.value = 'dark';
      store.imported.value = bundle([]);
      store.importError.value = 'earlier';
      const before = new Map(Object.entries(snapshot(store)));
      applyMessage(store, msg);
      const after = new Map(Object.entries(snapshot(store)));
      const changed = [...before].filter(([k, v]) => !Object.is(v, after.get(k))).map(([k]) => k);
      expect({ type: msg.type, changed }).toEqual({ type: msg.type, changed: changes });
    }
  });
});
