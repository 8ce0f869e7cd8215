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
const ops = fc.array(fc.record({ del: fc.boolean(), k: key, v: fc.integer() }), { maxLength: 300 });

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
    fc.assert(fc.property(ops, check), { numRuns: 300 });
  });

  it('keeps a run of ids in order whatever order they arrive in, the high ones first too', () => {
    const list: Op[] = [];
    for (let k = 2000; k < 2100; k++) list.push({ del: false, k, v: k });
    for (let k = 1; k < 2000; k++) list.push({ del: false, k, v: -k });
    for (let k = 1; k < 2100; k += 7) list.push({ del: true, k, v: 0 });
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
