// Per-client watermark sources (watermarks.ts): which source covers a mutation, which is named on equal values,
// which clients a change marks for re-judging (and from where), the first pull that reported a mutation, and
// the entries each source gives.
import { describe, expect, it } from 'vitest';
import { clientEntries, createWatermarks, metaEntries, replaceEntries, type WmEntry } from './watermarks.ts';
import type { PullSeen } from './collect.ts';

const meta = (value: number): WmEntry => ({ value, source: 'meta', at: null, kind: 0, seq: 0, pull: null });
const pullSeen = (requestId: string, at: number): PullSeen => ({ requestId, at, lastMutationIDs: {} });
const pull = (value: number, at: number, seq = 0): WmEntry => ({
  value,
  source: `pull@${String(at)}`,
  at,
  kind: 1,
  seq,
  pull: pullSeen(`r${String(at)}`, at),
});
const clients = (value: number, seq = 0): WmEntry => ({ value, source: 'clients', at: 5, kind: 2, seq, pull: null });

function setup() {
  const dirty: [string, number, number][] = [];
  const wms = createWatermarks((c, lo, hi) => dirty.push([c, lo, hi]));
  return { wms, dirty };
}

describe('createWatermarks', () => {
  it('knows nothing of a client without sources', () => {
    const { wms } = setup();
    expect(wms.max('c1')).toBeNull();
    expect(wms.forMutation('c1', 1)).toBeNull();
    expect(wms.firstPull('c1', 1)).toBeNull();
  });

  it('a mutation is covered by the lowest source at or past it, else by the highest', () => {
    const { wms } = setup();
    const [m3, p5, c8] = [meta(3), pull(5, 100), clients(8)];
    wms.add('c1', c8);
    wms.add('c1', m3);
    wms.add('c1', p5);
    expect([1, 3, 4, 5, 6, 8, 9].map((id) => wms.forMutation('c1', id)?.source)).toEqual([
      'meta',
      'meta',
      'pull@100',
      'pull@100',
      'clients',
      'clients',
      'clients',
    ]);
    expect(wms.max('c1')).toBe(c8);
    expect(wms.max('c2')).toBeNull();
  });

  it('on equal values the earlier kind is named (meta, then a pull, then /clients); pulls by time, then seq', () => {
    const { wms } = setup();
    wms.add('c1', clients(4));
    wms.add('c1', pull(4, 200));
    wms.add('c1', pull(4, 100, 2));
    expect(wms.max('c1')?.source).toBe('pull@100');
    expect(wms.forMutation('c1', 4)?.source).toBe('pull@100');
    wms.add('c1', meta(4));
    expect(wms.max('c1')?.source).toBe('meta');
    const { wms: w2 } = setup();
    const a = { ...clients(4, 1), source: 'a' };
    const b = { ...clients(4, 0), source: 'b' };
    w2.add('c1', a);
    w2.add('c1', b);
    expect(w2.max('c1')?.source).toBe('b');
    const { wms: w3 } = setup();
    w3.add('c1', { ...pull(4, 100, 1), source: 'late seq' });
    w3.add('c1', { ...pull(4, 100, 0), source: 'early seq' });
    w3.add('c1', { ...pull(4, 50, 5), at: null, source: 'no time' });
    expect(w3.max('c1')?.source).toBe('no time');
  });

  it('whatever order equal values arrive in: pulls by time then seq, other kinds by seq only', () => {
    const named = (entries: WmEntry[]) => {
      const { wms } = setup();
      for (const e of entries) wms.add('c1', e);
      return wms.max('c1')?.source;
    };
    expect(named([pull(4, 100), pull(4, 200)])).toBe('pull@100');
    expect(named([pull(4, 200), pull(4, 100)])).toBe('pull@100');
    const s0 = { ...pull(4, 100, 0), source: 'seq 0' };
    const s1 = { ...pull(4, 100, 1), source: 'seq 1' };
    expect(named([s0, s1])).toBe('seq 0');
    expect(named([s1, s0])).toBe('seq 0');
    const late = { ...clients(4, 0), at: 90, source: 'seq 0, late' };
    const early = { ...clients(4, 1), at: 10, source: 'seq 1, early' };
    expect(named([late, early])).toBe('seq 0, late');
    expect(named([early, late])).toBe('seq 0, late');
  });

  it('firstPull: pulls at one time are taken in seq order', () => {
    const { wms } = setup();
    const high = { ...pull(5, 100, 0), pull: pullSeen('high', 100) };
    const low = { ...pull(3, 100, 1), pull: pullSeen('low', 100) };
    wms.add('c1', high);
    wms.add('c1', low);
    expect(wms.firstPull('c1', 3)?.requestId).toBe('high');
  });

  it('flush marks, per client whose highest source moved, mutations above the lower of old and new', () => {
    const { wms, dirty } = setup();
    const m3 = meta(3);
    wms.add('c1', m3);
    wms.flush();
    expect(dirty).toEqual([['c1', -Infinity, Infinity]]);
    dirty.length = 0;
    const p7 = pull(7, 100);
    wms.add('c1', p7);
    wms.add('c2', meta(1));
    wms.flush();
    expect(dirty).toEqual([
      ['c1', 3, Infinity],
      ['c2', -Infinity, Infinity],
    ]);
    dirty.length = 0;
    wms.add('c1', pull(5, 50));
    wms.flush();
    expect(dirty).toEqual([]);
    wms.remove('c1', p7);
    wms.flush();
    expect(dirty).toEqual([['c1', 5, Infinity]]);
    dirty.length = 0;
    wms.flush();
    expect(dirty).toEqual([]);
  });

  it('removing an entry that is not held changes nothing; removing the last forgets the client', () => {
    const { wms, dirty } = setup();
    const m3 = meta(3);
    wms.add('c1', m3);
    wms.flush();
    dirty.length = 0;
    wms.remove('c1', meta(3));
    wms.remove('c1', meta(4));
    wms.flush();
    expect(dirty).toEqual([]);
    expect(wms.max('c1')).toBe(m3);
    wms.remove('c1', m3);
    wms.flush();
    expect(dirty).toEqual([['c1', -Infinity, Infinity]]);
    expect(wms.max('c1')).toBeNull();
    expect(wms.forMutation('c1', 1)).toBeNull();
  });

  it('firstPull: the earliest pull whose reported value reaches the mutation', () => {
    const { wms } = setup();
    const p1 = pull(2, 100);
    const p2 = pull(1, 150);
    const p3 = pull(5, 200);
    const p4 = pull(9, 300);
    for (const e of [p4, p2, p1, p3]) wms.add('c1', e);
    wms.add('c1', meta(20));
    expect([1, 2, 3, 5, 6, 9, 10].map((id) => wms.firstPull('c1', id)?.requestId ?? null)).toEqual([
      'r100',
      'r100',
      'r200',
      'r200',
      'r300',
      'r300',
      null,
    ]);
    wms.remove('c1', p1);
    expect(wms.firstPull('c1', 1)?.requestId).toBe('r150');
    expect(wms.firstPull('c1', 2)?.requestId).toBe('r200');
    for (const e of [p2, p3, p4]) wms.remove('c1', e);
    expect(wms.firstPull('c1', 1)).toBeNull();
    expect(wms.max('c1')?.value).toBe(20);
  });

  it('clear forgets every client and the pending marks', () => {
    const { wms, dirty } = setup();
    wms.add('c1', pull(3, 1));
    wms.clear();
    wms.flush();
    expect(dirty).toEqual([]);
    expect(wms.max('c1')).toBeNull();
    expect(wms.firstPull('c1', 1)).toBeNull();
  });
});

describe('replaceEntries', () => {
  it('keeps unchanged entries (no re-judging), adds new ones and removes the rest', () => {
    const { wms, dirty } = setup();
    const first = replaceEntries(
      wms,
      [],
      [
        ['c1', clients(3, 0)],
        ['c2', clients(4, 1)],
      ],
    );
    wms.flush();
    expect(dirty.map((d) => d[0])).toEqual(['c1', 'c2']);
    dirty.length = 0;
    const second = replaceEntries(wms, first, [
      ['c1', clients(3, 0)],
      ['c2', clients(6, 1)],
      ['c3', clients(1, 2)],
    ]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second.map(([c, e]) => [c, e.value])).toEqual([
      ['c1', 3],
      ['c2', 6],
      ['c3', 1],
    ]);
    wms.flush();
    expect(dirty).toEqual([
      ['c2', 4, Infinity],
      ['c3', -Infinity, Infinity],
    ]);
    dirty.length = 0;
    replaceEntries(wms, second, [['c1', clients(3, 0)]]);
    wms.flush();
    expect(dirty).toEqual([
      ['c2', -Infinity, Infinity],
      ['c3', -Infinity, Infinity],
    ]);
    expect(wms.max('c2')).toBeNull();
  });

  it('an entry differing in time, order or source is a new one', () => {
    const base = clients(3, 0);
    for (const next of [
      { ...base, at: 6 },
      { ...base, seq: 1 },
      { ...base, source: 'x' },
      { ...base, value: 4 },
    ]) {
      const { wms } = setup();
      const old = replaceEntries(wms, [], [['c1', base]]);
      const out = replaceEntries(wms, old, [['c1', next]]);
      expect(out[0]?.[1]).toBe(next);
      expect(wms.max('c1')).toBe(next);
    }
  });

  it('two equal entries of one client are kept once each', () => {
    const { wms } = setup();
    const old = replaceEntries(
      wms,
      [],
      [
        ['c1', clients(3, 0)],
        ['c1', clients(3, 0)],
      ],
    );
    const out = replaceEntries(wms, old, [
      ['c1', clients(3, 0)],
      ['c1', clients(3, 0)],
    ]);
    expect(out[0]?.[1]).toBe(old[0]?.[1]);
    expect(out[1]?.[1]).toBe(old[1]?.[1]);
    expect(out.map((x) => x[0])).toEqual(['c1', 'c1']);
    const other = replaceEntries(wms, old, [['c2', clients(3, 0)]]);
    expect(other[0]?.[1]).not.toBe(old[0]?.[1]);
  });
});

describe('source entries', () => {
  it("metaEntries: one per finite lastMutationID, named the client's _plasma_meta", () => {
    expect(metaEntries({ c1: 4, c2: NaN, c3: 0, c4: Infinity })).toEqual([
      ['c1', { value: 4, source: "the client's _plasma_meta", at: null, kind: 0, seq: 0, pull: null }],
      ['c3', { value: 0, source: "the client's _plasma_meta", at: null, kind: 0, seq: 0, pull: null }],
    ]);
  });

  it('clientEntries: the accepted groups only, each numbered by its place in /clients', () => {
    const list = [
      { clientGroupID: 'g2', clientID: 'x', lastMutationID: 9, updatedAt: 1 },
      { clientGroupID: 'g1', clientID: 'c1', lastMutationID: 4, updatedAt: 70 },
    ];
    expect(clientEntries(list, (g) => g === 'g1')).toEqual([
      ['c1', { value: 4, source: 'server /clients', at: 70, kind: 2, seq: 1, pull: null }],
    ]);
    expect(clientEntries(list, () => false)).toEqual([]);
  });
});
