import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dict, type DbData, type DbDelta } from '../../shared/pageReader/index.ts';
import { createHolding, keyText } from './holding.ts';

function db(visible: { id: string; v: number }[]): DbData {
  const keyPaths = dict<string | null>();
  keyPaths.todos = 'id';
  keyPaths._plasma_base_todos = 'id';
  const base = dict<unknown[]>();
  base.todos = [];
  const vis = dict<unknown[]>();
  vis.todos = visible;
  return {
    name: 'd',
    version: 1,
    tables: ['todos'],
    outbox: [],
    base,
    visible: vis,
    meta: dict(),
    others: [],
    readAt: 0,
    keyPaths,
  };
}
const delta = (put: { id: string; v: number }[], del: string[]): DbDelta => {
  const visible = dict<{ put: unknown[]; del: string[] }>();
  visible.todos = { put, del };
  return {
    name: 'd',
    version: 1,
    base: dict(),
    visible,
    outbox: [],
    meta: dict(),
    counts: dict(),
    keyPaths: dict(),
    consistent: true,
    readAt: 1,
  };
};

describe('holding: incremental changes patch the held rows', () => {
  it('gives the same rows as a keyed model over random put/del sequences', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const step = fc.record({
      put: fc.array(fc.record({ id, v: fc.integer() }), { maxLength: 4 }),
      del: fc.array(id, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id, v: fc.integer() }), { selector: (r) => r.id }),
        fc.array(step, { maxLength: 12 }),
        (start, steps) => {
          const h = createHolding();
          let data = db(start.slice());
          const model = new Map(start.map((r) => [r.id, r]));
          for (const s of steps) {
            // A read finds a key either present or absent, never both.
            const del = s.del.filter((k) => !s.put.some((p) => p.id === k));
            const out = h.apply(data, delta(s.put, del));
            if (!out) throw new Error('not applied');
            data = out.data;
            for (const p of s.put) model.set(p.id, p);
            for (const k of del) model.delete(k);
          }
          const rows = data.visible.todos as { id: string }[];
          expect(new Map(rows.map((r) => [r.id, r]))).toEqual(model);
          expect(rows).toHaveLength(model.size);
        },
      ),
    );
  });

  it('reports only dels of rows it held, and refuses stores without a key path', () => {
    const h = createHolding();
    const out = h.apply(db([{ id: 'a', v: 1 }]), delta([], ['a', 'never']));
    expect(out?.visible.todos).toEqual({ put: [], del: ['a'] });
    const unkeyed = db([]);
    unkeyed.keyPaths!.todos = null;
    expect(h.apply(unkeyed, delta([{ id: 'x', v: 1 }], []))).toBeNull();
  });

  it('costs what changed: 100 changes on 100,000 held rows touch 100 rows', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ id: `r${i}`, v: 0 }));
    const h = createHolding();
    let data = db(rows);
    data = h.apply(data, delta([{ id: 'r0', v: 1 }], []))!.data; // builds the index once
    const held = data.visible.todos!;
    const out = h.apply(
      data,
      delta(
        Array.from({ length: 100 }, (_, i) => ({ id: `r${i * 7}`, v: 2 })),
        ['r99999'],
      ),
    );
    // Same array, patched in place: no copy of the 100,000 rows.
    expect(out?.data.visible.todos).toBe(held);
    expect(held).toHaveLength(99_999);
    expect(held[7]).toEqual({ id: 'r7', v: 2 });
  });

  it('reads keys the way the page does', () => {
    expect(keyText({ id: 'x' }, 'id')).toBe('x');
    expect(keyText({ a: { b: 5 } }, 'a.b')).toBe('5');
    expect(keyText({ id: 'x' }, null)).toBeNull();
  });
});
