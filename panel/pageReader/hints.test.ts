import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { emptyHint, hintFromSyncEvents, hintSize, mergeHint } from './hints.ts';

// Only the fields the hint reads; the rest of a captured event does not matter here.
const pull = (value: unknown) => ({ kind: 'pull', response: { state: 'ok', value } }) as unknown as SyncEvent;
const push = (mutations: unknown[]) =>
  ({ kind: 'push', request: { state: 'ok', value: { mutations } } }) as unknown as SyncEvent;

describe('what a captured push or pull names', () => {
  it('takes table + id from pull patches, arg ids from pushed mutations, and the pull cookie', () => {
    const h = hintFromSyncEvents([
      pull({
        cookie: { raw: 'c1:x' },
        patch: [
          { op: 'put', table: 'todos', id: 't1' },
          { op: 'del', table: 'lists', id: 'l1' },
        ],
        lastMutationIDs: {},
        hasMore: false,
      }),
      push([
        { id: 1, name: 'move', args: { id: 't2', listId: 'l2', ids: ['t3', 4], title: 'not an id', owner_id: 'u1' } },
      ]),
      { kind: 'pull', response: { state: 'pending' } } as unknown as SyncEvent,
    ]);
    expect(Object.fromEntries([...h.tables].map(([t, s]) => [t, [...s]]))).toEqual({ todos: ['t1'], lists: ['l1'] });
    expect([...h.any].sort()).toEqual(['l2', 't2', 't3', 'u1']);
    expect([...h.cookies]).toEqual(['c1:x']);
  });

  it('merges hints and counts their keys', () => {
    const a = hintFromSyncEvents([pull({ cookie: null, patch: [{ op: 'put', table: 't', id: '1' }] })]);
    const b = hintFromSyncEvents([
      pull({
        cookie: null,
        patch: [
          { op: 'put', table: 't', id: '2' },
          { op: 'put', table: 't', id: '1' },
        ],
      }),
    ]);
    expect(hintSize(mergeHint(mergeHint(emptyHint(), a), b))).toBe(2);
  });
});
