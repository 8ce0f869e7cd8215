import { describe, expect, it } from 'vitest';
import type { RowState, RowVerdict, VerdictChanges } from '../../shared/verdict/index.ts';
import { rowsOnDemand } from './rowMirror.ts';
import { createVerdictClient } from './verdictClient.ts';

const row = (id: string, state: RowState = 'in-sync'): RowVerdict => ({
  key: `items/${id}`,
  table: 'items',
  id,
  visible: { id },
  base: { id },
  server: null,
  serverKnown: false,
  serverRowVersion: null,
  serverOp: null,
  state,
  mutationKeys: [],
  evidence: [],
});

const changes = (rows: RowVerdict[], removedRows: string[] = [], full = false) => ({
  type: 'changes' as const,
  ms: 1,
  changes: { full, mutations: [], removedMutations: [], rows, removedRows, findings: [] } satisfies VerdictChanges,
});

type Sent = { type: string; rows?: RowVerdict[]; changes?: VerdictChanges };

describe('rowsOnDemand: row verdicts cross only while the panel wants them', () => {
  it('sends only filtered rows, and the next change of a row it sent as filtered, until rows are wanted', () => {
    const sent: Sent[] = [];
    const wire = rowsOnDemand((m) => sent.push(m as Sent));
    wire.reply(changes([row('a'), row('b', 'filtered'), row('c')], [], true));
    expect(sent.at(-1)?.changes?.rows.map((r) => r.key)).toEqual(['items/b']);
    expect(sent.at(-1)?.changes?.full).toBe(true);
    wire.reply(changes([row('a', 'optimistic'), row('b')]));
    // b was held as filtered: its change goes, so the panel's copy is not left saying filtered.
    expect(sent.at(-1)?.changes?.rows.map((r) => [r.key, r.state])).toEqual([['items/b', 'in-sync']]);
    wire.reply(changes([row('b', 'stale')]));
    expect(sent.at(-1)?.changes?.rows).toEqual([]);
    wire.reply(changes([], ['items/c']));
    expect(sent.at(-1)?.changes?.removedRows).toEqual(['items/c']);
    wire.reply({ type: 'error', message: 'x' });
    expect(sent.at(-1)).toEqual({ type: 'error', message: 'x' });

    wire.want(true);
    expect(sent.at(-1)).toEqual({ type: 'rows', rows: [row('a', 'optimistic'), row('b', 'stale')] });
    wire.reply(changes([row('d')]));
    expect(sent.at(-1)?.changes?.rows.map((r) => r.key)).toEqual(['items/d']);
    wire.reply(changes([row('e', 'filtered')]));

    wire.want(false);
    // The panel holds e as filtered from the whole list: e's next change goes, d's does not.
    wire.reply(changes([row('d', 'optimistic'), row('e')]));
    expect(sent.at(-1)?.changes?.rows.map((r) => r.key)).toEqual(['items/e']);
  });
});

class FakeWorker extends EventTarget {
  posted: unknown[] = [];
  postMessage(msg: unknown) {
    this.posted.push(msg);
  }
  answer(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  terminate() {}
}

describe('the verdict client asks for rows while a reader wants them', () => {
  it('wantRows is counted; rowsNow waits for the whole list and lets go after', async () => {
    const worker = new FakeWorker();
    const client = createVerdictClient({ worker: worker as unknown as Worker });
    worker.answer(changes([row('b', 'filtered')], [], true));
    expect(client.verdicts.value.rows.map((r) => r.key)).toEqual(['items/b']);

    const release1 = client.wantRows();
    const release2 = client.wantRows();
    expect(worker.posted).toEqual([{ type: 'wantRows', on: true }]);
    worker.answer({ type: 'rows', rows: [row('a'), row('b', 'filtered')] });
    expect(client.verdicts.value.rows.map((r) => r.key)).toEqual(['items/a', 'items/b']);
    release1();
    release1(); // twice: counted once
    expect(worker.posted).toHaveLength(1);
    release2();
    expect(worker.posted.at(-1)).toEqual({ type: 'wantRows', on: false });

    const now = client.rowsNow();
    expect(worker.posted.at(-1)).toEqual({ type: 'wantRows', on: true });
    worker.answer({ type: 'rows', rows: [row('a'), row('b'), row('c')] });
    expect((await now).map((r) => r.key)).toEqual(['items/a', 'items/b', 'items/c']);
    expect(worker.posted.at(-1)).toEqual({ type: 'wantRows', on: false });
  });

  it('in-process, every row is there: rowsNow answers at once and nothing is posted', async () => {
    const client = createVerdictClient({ worker: null });
    const release = client.wantRows();
    expect(await client.rowsNow()).toEqual([]);
    release();
  });
});
