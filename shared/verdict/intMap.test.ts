// IntMap (intMap.ts) answers as a Map does for any sequence of sets and deletes, whatever the keys
// (runs from 0, scattered, negative, fractional, huge), and walks its keys in ascending order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntMap } from './intMap.ts';

type Op = { del: boolean; k: number; v: number };

const key = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 5000 }),
  fc.integer({ min: -50, max: 50 }),
  fc.constantFrom(-0, 0.5, 1.5, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, Number.NaN, Infinity, -Infinity),
);
const one = fc.record({ del: fc.boolean(), k: key, v: fc.integer() }).map((op) => [op]);
// A run of ids set one after another (as a client's mutations come), so the array grows up to ids held beside it.
const run = fc
  .record({ from: fc.integer({ min: 0, max: 3000 }), len: fc.integer({ min: 1, max: 1500 }), v: fc.integer() })
  .map(({ from, len, v }) => Array.from({ length: len }, (_, i): Op => ({ del: false, k: from + i, v: v + i })));
const ops = fc
  .array(fc.oneof({ arbitrary: one, weight: 8 }, { arbitrary: run, weight: 1 }), { maxLength: 60 })
  .map((groups) => groups.flat());

function check(list: Op[]): void {
  const m = new Map<number, number>();
  const im = new IntMap<number>();
  for (const { del, k, v } of list) {
    if (del) expect(im.delete(k)).toBe(m.delete(k));
    else im.set(k, v);
    if (!del) m.set(k, v);
    expect(im.size).toBe(m.size);
    expect(im.get(k)).toBe(m.get(k));
    expect(im.has(k)).toBe(m.has(k));
  }
  // Ascending, NaN (a key a Map takes) last.
  const sorted = [...m.keys()].sort((a, b) => Number(Number.isNaN(a)) - Number(Number.isNaN(b)) || a - b);
  expect(im.keys()).toEqual(sorted);
  const walked: [number, number][] = [];
  im.forEach((v, k) => walked.push([k, v]));
  expect(walked).toEqual(sorted.map((k) => [k, m.get(k)]));
  for (const k of [...m.keys(), 0, 1, 7, 4999, -1, 0.25]) expect(im.get(k)).toBe(m.get(k));
}

describe('IntMap', () => {
  it('answers as a Map does, and walks its keys in ascending order', () => {
    fc.assert(fc.property(ops, check), { numRuns: 100 });
  });

  it('keeps a run of ids in order whatever order they arrive in, the high ones first too', () => {
    const list: Op[] = [];
    for (let k = 2000; k < 2100; k++) list.push({ del: false, k, v: k });
    for (let k = 1; k < 2000; k++) list.push({ del: false, k, v: -k });
    for (let k = 1; k < 2100; k += 7) list.push({ del: true, k, v: 0 });
    check(list);
  });

  it('an id first held beside the array, set again once the array has grown to it, keeps the new value', () => {
    const list: Op[] = [{ del: false, k: 2000, v: 1 }];
    for (let k = 0; k < 1000; k++) list.push({ del: false, k, v: k });
    list.push({ del: false, k: 2000, v: 2 }, { del: false, k: 2001, v: 3 });
    check(list);
  });

  it('scattered ids (far apart) stay correct and are walked in order', () => {
    const list: Op[] = [];
    for (let k = 0; k < 200; k++) list.push({ del: false, k: k * 100_000 + 3, v: k });
    list.push({ del: false, k: 5, v: 1 }, { del: false, k: -5, v: 2 }, { del: true, k: 300_003, v: 0 });
    check(list);
  });

  it('a walk may replace or delete the entry it is given', () => {
    const im = new IntMap<string>();
    for (const k of [3, 1, 2, 900_000, -4]) im.set(k, `v${k}`);
    im.forEach((v, k) => {
      if (k === 2 || k === 900_000) im.delete(k);
      else im.set(k, `${v}!`);
    });
    expect(im.keys()).toEqual([-4, 1, 3]);
    expect([im.get(-4), im.get(1), im.get(3), im.size]).toEqual(['v-4!', 'v1!', 'v3!', 3]);
    im.clear();
    expect([im.size, im.get(1), im.keys()]).toEqual([0, undefined, []]);
  });
});
