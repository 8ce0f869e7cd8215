// Page data is hostile: whatever a broken or malicious page leaves in IndexedDB, and whatever a
// misbehaving server answers, the engine returns verdicts instead of throwing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from './judge.ts';
import { makeInput, put } from './testFixtures.ts';
import type { VerdictInput } from './types.ts';

const anything = fc.anything({ withNullPrototype: true, withBigInt: false, maxDepth: 3 });
const rowish = fc.oneof(anything, fc.record({ id: fc.oneof(fc.string(), fc.integer(), anything), title: anything }));

describe('the engine never throws on hostile input', () => {
  it('garbage in the outbox, stores and meta', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anything,
            fc.record({
              clientID: fc.oneof(fc.string(), anything),
              mutationID: fc.oneof(fc.integer(), anything),
              name: anything,
              args: anything,
            }),
          ),
          { maxLength: 5 },
        ),
        fc.dictionary(fc.string(), fc.oneof(fc.array(rowish, { maxLength: 4 }), anything), { maxKeys: 3 }),
        fc.dictionary(fc.string(), fc.oneof(fc.array(rowish, { maxLength: 4 }), anything), { maxKeys: 3 }),
        fc.oneof(fc.string(), fc.constant(null), anything),
        fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.integer(), anything)), anything),
        (outbox, base, visible, cookie, lastMutationIDs) => {
          const input = makeInput({ changes: [put(1, 'todos', { id: 't1' }, ['c1', 1])], clients: { c1: 2 } });
          const hostile = {
            ...input,
            client: {
              outbox,
              base,
              visible,
              meta: { cookie, clientGroupID: 'g1', schemaVersion: '3', lastMutationIDs },
            },
          } as unknown as VerdictInput;
          const out = judge(hostile);
          expect(Array.isArray(out.mutations) && Array.isArray(out.rows) && Array.isArray(out.findings)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('garbage from the admin API', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anything,
            fc.record({
              rowVersion: anything,
              table: fc.constantFrom('todos', 'x'),
              id: anything,
              op: anything,
              value: anything,
              clientID: anything,
              mutationID: anything,
            }),
          ),
          { maxLength: 5 },
        ),
        fc.oneof(fc.array(anything, { maxLength: 3 }), anything),
        fc.oneof(fc.array(anything, { maxLength: 3 }), fc.constant(null), anything),
        fc.oneof(fc.integer(), anything),
        (changes, clients, errors, knownFromRowVersion) => {
          const input = makeInput({
            base: { todos: [{ id: 't1' }] },
            outbox: [{ clientID: 'c1', mutationID: 1, name: 'x', args: { id: 't1' }, timestamp: 1 }],
          });
          const hostile = {
            ...input,
            server: { adminAvailable: true, changes, clients, errors, knownFromRowVersion },
          } as unknown as VerdictInput;
          expect(() => judge(hostile)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cyclic rows and args (structured clones can be cyclic)', () => {
    const row: Record<string, unknown> = { id: 't1' };
    row.self = row;
    const other: Record<string, unknown> = { id: 't1' };
    other.self = other;
    const args: Record<string, unknown> = { id: 't1' };
    args.loop = args;
    const input = makeInput({
      base: { todos: [row] },
      visible: { todos: [other] },
      outbox: [{ clientID: 'c1', mutationID: 1, name: 'x', args, timestamp: 1 }],
    });
    const out = judge(input);
    expect(out.rows[0]).toMatchObject({ key: 'todos/t1', state: 'optimistic' });
  });
});
