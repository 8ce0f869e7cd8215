import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDeltaTracker } from './verdictDelta.ts';
import type { ServerState } from '../../shared/verdict/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';

const server: ServerState = { adminAvailable: false, changes: [], errors: null, clients: [] };
const event = (id: string, v: number) =>
  ({ id, v, credential: { kind: 'none' }, requestHeaders: [], responseHeaders: [] }) as unknown as SyncEvent;

describe('the verdict deltas for captured events', () => {
  it('leave the engine holding exactly the captured events, whatever changed between calls', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('add' as const), n: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ op: fc.constant('replace' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('dropFirst' as const), n: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ op: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(step, { maxLength: 3 }), { maxLength: 30 }), (calls) => {
        const tracker = createDeltaTracker();
        const held = new Map<string, number>();
        let list: SyncEvent[] = [];
        let next = 0;
        for (const steps of calls) {
          for (const s of steps) {
            if (s.op === 'add') for (let k = 0; k < s.n; k++) list = [...list, event(`r${next++}`, 0)];
            else if (list.length === 0) continue;
            else if (s.op === 'replace') {
              const i = s.at % list.length;
              list = list.map((e, j) => (j === i ? event(e.id, (e as unknown as { v: number }).v + 1) : e));
            } else if (s.op === 'remove') list = list.filter((_, j) => j !== s.at % list.length);
            else if (s.op === 'dropFirst') list = list.slice(s.n);
            else list = [];
          }
          for (const d of tracker.next({
            db: null,
            dbChanges: undefined,
            group: 'g',
            events: list,
            bridge: [],
            server,
          })) {
            for (const e of d.events ?? []) held.set(e.id, (e as unknown as { v: number }).v);
            for (const id of d.removeEvents ?? []) held.delete(id);
          }
          expect(held).toEqual(new Map(list.map((e) => [e.id, (e as unknown as { v: number }).v])));
        }
      }),
      { numRuns: 400 },
    );
  });
});
