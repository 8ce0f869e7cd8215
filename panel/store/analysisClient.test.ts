import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { computeFindings, type SeenResponse } from '../../shared/auth/index.ts';
import { fakeJwt, goodClaims, makeEvent, NOW_SEC, T0 } from '../../shared/auth/testFixtures.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createAnalysisClient, type AnalysisSources } from './analysisClient.ts';
import { createFindingsHost, type HostFindingOptions } from './findingsHost.ts';

const TOKENS = [
  fakeJwt(goodClaims()),
  fakeJwt(goodClaims({ sub: 'bob' })),
  fakeJwt(goodClaims({ exp: NOW_SEC - 10 })),
  fakeJwt(goodClaims({ exp: NOW_SEC + 20 })),
  'opaque-token',
  '',
  undefined,
];

const spec = fc.record({
  sec: fc.integer({ min: 0, max: 40 }),
  kind: fc.constantFrom('pull' as const, 'push' as const),
  status: fc.constantFrom(200, 200, 401, 401, 403, 409, 413),
  bearer: fc.constantFrom(...TOKENS),
  cookie: fc.constantFrom(undefined, 'sid=1', 'theme=dark'),
  group: fc.constantFrom('g1', 'g2'),
  setCookie: fc.constantFrom([], ['sid=2; Path=/; SameSite=None'], ['sid=; Max-Age=0']),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

function event(n: number, s: Spec): SyncEvent {
  return makeEvent({
    id: `r${n}`,
    kind: s.kind,
    status: s.status,
    startedAt: T0 + s.sec * 1000,
    ...(s.bearer !== undefined ? { bearer: s.bearer } : {}),
    ...(s.cookie !== undefined && s.bearer === undefined ? { cookie: s.cookie } : {}),
    clientGroupID: s.group,
    setCookie: [...s.setCookie],
    ...(s.status === 409 ? { body: { expected: '2' } } : {}),
  });
}

const step = fc.record({
  add: fc.array(spec, { maxLength: 6 }),
  /** A non-sync response (a sign-in, a cookie) arrives. */
  seen: fc.option(fc.record({ sec: fc.integer({ min: 0, max: 40 }), signIn: fc.boolean() }), { nil: undefined }),
  drop: fc.integer({ min: 0, max: 2 }),
  /** A body arrives: a new object for a request already listed. */
  reparse: fc.option(fc.nat(), { nil: undefined }),
  /** Rows recovered from getHAR() slot in by start time: the order is rewritten. */
  resort: fc.boolean(),
  margin: fc.constantFrom(30, 3600),
});

/** A stand-in for the analysis worker: every message is structured-cloned and delivered when the test says. */
function fakeWorker(passMs?: number) {
  const toWorker: unknown[] = [];
  const listeners: ((e: MessageEvent) => void)[] = [];
  const host = createFindingsHost((r) => {
    const data: unknown = structuredClone(passMs === undefined ? r : { ...r, ms: passMs });
    for (const l of listeners) l(new MessageEvent('message', { data }));
  });
  const worker = {
    postMessage: (msg: unknown) => toWorker.push(structuredClone(msg)),
    addEventListener: (type: string, l: (e: MessageEvent) => void) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => {},
  };
  return {
    worker: worker as unknown as Worker,
    /** Runs the queued messages in the worker; returns how many there were. */
    drain() {
      const n = toWorker.length;
      for (const msg of toWorker.splice(0)) host.handle(msg);
      return n;
    },
  };
}

describe('analysis client: findings computed off the main thread from deltas', () => {
  it('equal computeFindings over the whole list after any sequence of arrivals, drops, bodies and reorders', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), fc.boolean(), (steps, viaWorker) => {
        const fw = viaWorker ? fakeWorker() : null;
        const client = createAnalysisClient({ worker: fw?.worker ?? null });
        let events: SyncEvent[] = [];
        let seen: { id: string; seen: SeenResponse }[] = [];
        let n = 0;
        for (const s of steps) {
          events = events.slice(s.drop).concat(s.add.map((a) => event(n++, a)));
          if (s.reparse !== undefined && events.length) {
            const i = s.reparse % events.length;
            events[i] = { ...events[i]! };
          }
          if (s.resort) events = [...events].sort((a, b) => b.id.localeCompare(a.id));
          if (s.seen) {
            seen = seen.concat({
              id: `s${n++}`,
              seen: {
                url: s.seen.signIn ? 'https://api.app.test/auth/sign-in' : 'https://api.app.test/other',
                startedAt: T0 + s.seen.sec * 1000,
                status: 200,
                setCookies: ['sid=3; Path=/; SameSite=None; Secure'],
              },
            });
          }
          const options: HostFindingOptions = { nearExpiryMarginSec: s.margin };
          const sources: AnalysisSources = { events, seen, options };
          client.sync(sources);
          if (fw) while (fw.drain() > 0);
          expect(client.pending.value).toBe(false);
          const want = computeFindings(events, { ...options, seen: seen.map((x) => x.seen) });
          expect(client.findings.value).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps one update in flight: what changes meanwhile goes in one more, and the findings signal keeps its identity when nothing changed', () => {
    const fw = fakeWorker();
    const client = createAnalysisClient({ worker: fw.worker });
    const denied = (i: number) => makeEvent({ id: `d${i}`, status: 401, startedAt: T0 + i * 1000 });
    let events = [denied(0)];
    client.sync({ events, seen: [], options: {} });
    for (let i = 1; i < 5; i++) {
      events = events.concat(denied(i));
      client.sync({ events, seen: [], options: {} });
    }
    expect(client.pending.value).toBe(true);
    expect(fw.drain()).toBe(1);
    expect(fw.drain()).toBe(1); // the four later arrivals, together
    expect(fw.drain()).toBe(0);
    expect(client.pending.value).toBe(false);
    expect(client.findings.value).toEqual(computeFindings(events));
    const before = client.findings.value;
    // A healthy request to another endpoint changes no finding.
    events = events.concat(
      makeEvent({ id: 'ok', status: 200, startedAt: T0 + 9000, origin: 'https://other.test', bearer: TOKENS[0] }),
    );
    client.sync({ events, seen: [], options: {} });
    fw.drain();
    expect(client.findings.value).toBe(before);
  });

  it('after a long pass, posts the next update twice its cost after the last was posted, pending meanwhile', () => {
    vi.useFakeTimers();
    try {
      const fw = fakeWorker(100);
      const client = createAnalysisClient({ worker: fw.worker, now: () => Date.now() });
      let events = [makeEvent({ id: 'd0', status: 401, startedAt: T0 })];
      client.sync({ events, seen: [], options: {} });
      events = events.concat(makeEvent({ id: 'd1', status: 401, startedAt: T0 + 1000 }));
      client.sync({ events, seen: [], options: {} });
      vi.advanceTimersByTime(60); // the answer comes back 60 ms after the update was posted
      expect(fw.drain()).toBe(1);
      expect(fw.drain()).toBe(0); // the second arrival waits out the pause
      expect(client.pending.value).toBe(true);
      vi.advanceTimersByTime(139);
      expect(fw.drain()).toBe(0); // 199 ms after the first was posted: still waiting
      vi.advanceTimersByTime(1);
      expect(fw.drain()).toBe(1);
      // Nothing new since that update: not pending at once, no pause.
      expect(client.pending.value).toBe(false);
      expect(client.findings.value).toEqual(computeFindings(events));
    } finally {
      vi.useRealTimers();
    }
  });

  it('after a long pass whose answer came back late, posts the next update at once', () => {
    vi.useFakeTimers();
    try {
      const fw = fakeWorker(100);
      const client = createAnalysisClient({ worker: fw.worker, now: () => Date.now() });
      let events = [makeEvent({ id: 'd0', status: 401, startedAt: T0 })];
      client.sync({ events, seen: [], options: {} });
      events = events.concat(makeEvent({ id: 'd1', status: 401, startedAt: T0 + 1000 }));
      client.sync({ events, seen: [], options: {} });
      vi.advanceTimersByTime(200); // twice the pass's cost has gone by already
      expect(fw.drain()).toBe(1);
      expect(fw.drain()).toBe(1);
      expect(client.pending.value).toBe(false);
      expect(client.findings.value).toEqual(computeFindings(events));
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes the same sources twice as one: the second call posts nothing and says so', () => {
    const fw = fakeWorker();
    const client = createAnalysisClient({ worker: fw.worker });
    const s = { events: [makeEvent({ id: 'd0', status: 401, startedAt: T0 })], seen: [], options: {} };
    expect(client.sync(s)).toBe(true);
    expect(client.sync({ ...s })).toBe(false);
    expect(fw.drain()).toBe(1);
    expect(fw.drain()).toBe(0);
    expect(client.pending.value).toBe(false);
    expect(client.sync({ ...s, options: {} })).toBe(true);
  });
});
