import { describe, expect, it } from 'vitest';
import { applyVerdictChanges, type RowVerdict, type ServerState, type Verdicts } from '../../shared/verdict/index.ts';
import { createRowMirror } from './rowMirror.ts';
import { createDeltaTracker } from './verdictDelta.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';

const row = (id: string, v: number): RowVerdict => ({
  key: `items/${id}`,
  table: 'items',
  id,
  visible: { id, v },
  base: { id, v },
  server: null,
  serverKnown: false,
  serverRowVersion: null,
  serverOp: null,
  state: 'in-sync',
  mutationKeys: [],
  evidence: [],
});

describe('createRowMirror', () => {
  it('reads what merging every answer at once would have given, merging only when read', () => {
    const mirror = createRowMirror();
    let eager: Verdicts = { mutations: [], rows: [], findings: [] };
    const answer = (rows: RowVerdict[], removedRows: string[]) => {
      const ch = { full: false, mutations: [], removedMutations: [], rows, removedRows, findings: [] };
      eager = applyVerdictChanges(eager, ch);
      mirror.change(rows, removedRows);
    };
    mirror.replace([row('a', 0), row('c', 0)]);
    eager = { mutations: [], rows: [row('a', 0), row('c', 0)], findings: [] };
    answer([row('b', 1), row('a', 1)], []);
    answer([], ['items/c']);
    answer([row('c', 2)], ['items/b']); // removed, then back; added, then removed
    answer([row('b', 3)], []);
    expect(mirror.read()).toEqual(eager.rows);
    expect(mirror.read().map((r) => r.key)).toEqual(['items/a', 'items/b', 'items/c']);
    const read = mirror.read();
    expect(mirror.read()).toBe(read); // nothing waiting: the same list
    answer([], ['items/a']);
    expect(mirror.read()).toEqual(eager.rows);
    mirror.replace([row('z', 9)]);
    expect(mirror.read()).toEqual([row('z', 9)]);
  });
});

describe('the events the verdict engine is sent', () => {
  it('carry no headers and no token, and everything else as captured', () => {
    const ev = {
      id: 'r1',
      kind: 'pull',
      status: 200,
      startedAt: 5,
      credential: { kind: 'bearer', scheme: 'Bearer', token: 'secret.jwt.token' },
      requestHeaders: [{ name: 'authorization', value: 'Bearer secret.jwt.token' }],
      responseHeaders: [{ name: 'date', value: 'x' }],
    } as unknown as SyncEvent;
    const server: ServerState = { adminAvailable: false, changes: [], errors: null, clients: [] };
    const deltas = createDeltaTracker().next({
      db: null,
      dbChanges: undefined,
      group: 'g',
      events: [ev],
      bridge: [],
      server,
    });
    const sent = deltas.flatMap((d) => d.events ?? []);
    expect(sent).toEqual([
      {
        id: 'r1',
        kind: 'pull',
        status: 200,
        startedAt: 5,
        credential: { kind: 'bearer' },
        requestHeaders: [],
        responseHeaders: [],
      },
    ]);
    expect(JSON.stringify(sent)).not.toContain('secret');
  });
});
