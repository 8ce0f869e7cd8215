import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createKeyedList, createKeyedSender } from './keyedList.ts';

interface Item {
  id: string;
  v: number;
}

// What a capture does to the list between two passes.
const step = fc.oneof(
  fc.record({ op: fc.constant('add' as const), n: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dropFirst' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('clear' as const) }),
);

describe('keyed list across the worker boundary', () => {
  it('the receiver holds exactly the sender list, in its order, whatever changed between passes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { maxLength: 4 }), { maxLength: 30 }), (passes) => {
        const sender = createKeyedSender<Item>();
        const receiver = createKeyedList<Item>();
        let list: Item[] = [];
        let next = 0;
        for (const steps of passes) {
          for (const s of steps) {
            if (s.op === 'add') for (let k = 0; k < s.n; k++) list = [...list, { id: `r${next++}`, v: 0 }];
            else if (list.length === 0) continue;
            else if (s.op === 'replace') {
              const i = s.at % list.length;
              list = list.map((x, j) => (j === i ? { ...x, v: x.v + 1 } : x));
            } else if (s.op === 'remove') list = list.filter((_, j) => j !== s.at % list.length);
            else if (s.op === 'dropFirst') list = list.slice(s.n);
            else if (s.op === 'move') {
              const copy = [...list];
              const [x] = copy.splice(s.from % copy.length, 1);
              if (x) copy.splice(s.to % (copy.length + 1), 0, x);
              list = copy;
            } else list = [];
          }
          const delta = sender.next(list, (x) => x.id);
          if (delta) receiver.apply(structuredClone(delta));
          expect(receiver.list).toEqual(list);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('sends only what was added or replaced', () => {
    const sender = createKeyedSender<Item>();
    let list = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, v: 0 }));
    expect(sender.next(list, (x) => x.id)?.upsert).toHaveLength(100);
    list = [...list.slice(0, -1), { id: 'r99', v: 1 }, { id: 'r100', v: 0 }];
    const d = sender.next(list, (x) => x.id);
    expect(d).toEqual({
      upsert: [
        ['r99', { id: 'r99', v: 1 }],
        ['r100', { id: 'r100', v: 0 }],
      ],
    });
    expect(sender.next(list, (x) => x.id)).toBeNull();
  });
});
