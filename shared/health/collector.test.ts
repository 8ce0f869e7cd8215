import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectClients, createClientsCollector, type ClientSources } from './collect.ts';
import { CLIENT, db, pull, push } from './testFixtures.ts';
import type { ClientFacts } from './types.ts';
import type { SyncEvent } from '../sync/types.ts';

const T = 1_760_000_000_000;
// The lazy base-key lookup is a fresh object per call: compare whether there is one.
const plain = (fs: ClientFacts[]) => fs.map((f) => ({ ...f, baseKeys: f.baseKeys !== null }));

/** What the per-client request walk gave before the fold (one pass over every request per client). */
function walked(events: readonly SyncEvent[], clientID: string, oldest: number | null) {
  let pullsOk = 0;
  let since = 0;
  let last: string | null = null;
  for (const e of events) {
    if (e.request.state !== 'ok' || e.request.value.clientID !== clientID) continue;
    last = e.id;
    if (e.kind === 'pull' && e.status >= 200 && e.status < 300) pullsOk++;
    if (e.kind === 'push' && oldest !== null && e.startedAt >= oldest) since++;
  }
  return { pullsOk, since, last };
}

// One step of a capture: requests appended, the last one replaced (its body arrived), one in the
// middle replaced, the oldest dropped (a full buffer), or the list cleared.
const step = fc.oneof(
  fc.record({
    op: fc.constant('add' as const),
    n: fc.integer({ min: 1, max: 40 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
  }),
  fc.record({ op: fc.constant('replaceLast' as const) }),
  fc.record({ op: fc.constant('replaceAt' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dropFirst' as const), n: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('clear' as const) }),
);

function request(i: number, seed: number): SyncEvent {
  const client = ['a', 'b', CLIENT, ''][(seed + i) % 4] as string;
  const status = [200, 200, 401, 500, 204][(seed * 7 + i) % 5] as number;
  const at = T + i * 10;
  return (seed + i) % 3 === 0
    ? push(`p${seed}-${i}`, at, status, client)
    : pull(`l${seed}-${i}`, at, status, (seed + i) % 5 === 0 ? null : (i * 13) % 97, client);
}

describe('createClientsCollector', () => {
  it('gives what collectClients gives for every list a capture goes through', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 16 }), (steps, every) => {
        const collect = createClientsCollector(every);
        let events: SyncEvent[] = [];
        let next = 0;
        const databases = [db({ outboxAt: [T + 50, T + 400] }), db({ outboxAt: [T + 10], clientID: 'b' })];
        for (const s of steps) {
          if (s.op === 'add') for (let k = 0; k < s.n; k++) events = [...events, request(next++, s.seed)];
          else if (s.op === 'replaceLast' && events.length > 0)
            events = [...events.slice(0, -1), { ...(events[events.length - 1] as SyncEvent) }];
          else if (s.op === 'replaceAt' && events.length > 0) {
            const i = s.at % events.length;
            events = events.map((e, j) => (j === i ? { ...e } : e));
          } else if (s.op === 'dropFirst') events = events.slice(s.n);
          else if (s.op === 'clear') events = [];
          const src: ClientSources = { events, databases, snapshot: null };
          const got = collect(src);
          expect(plain(got)).toEqual(plain(collectClients(src)));
          for (const f of got) {
            const w = walked(events, f.clientID, f.oldestOutboxAt);
            expect([f.pullsOk, f.pushesSinceOldest]).toEqual([w.pullsOk, w.since]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('folds only the requests a list adds, not the ones it kept', () => {
    const collect = createClientsCollector(8);
    // The requests whose body the fold looked at.
    const touched = new Set<SyncEvent>();
    const counted = (e: SyncEvent): SyncEvent => {
      const p: SyncEvent = new Proxy(e, {
        get(target, key, receiver) {
          if (key === 'request') touched.add(p);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      return p;
    };
    let events: SyncEvent[] = Array.from({ length: 1000 }, (_, i) => counted(request(i, 1)));
    collect({ events, databases: [], snapshot: null });
    expect(touched.size).toBe(1000);
    touched.clear();
    events = [...events, counted(request(1000, 1))];
    const [first] = collect({ events, databases: [], snapshot: null });
    expect(touched.size).toBe(1);
    expect(first?.clientID).toBe('a');
    // The last request replaced (its body arrived): back to the checkpoint before it, at most 8.
    touched.clear();
    events = [...events.slice(0, -1), counted({ ...(events[events.length - 1] as SyncEvent) })];
    collect({ events, databases: [], snapshot: null });
    expect(touched.size).toBeGreaterThan(0);
    expect(touched.size).toBeLessThanOrEqual(8);
  });
});
