import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseFilter } from '../../shared/filter/parseFilter.ts';
import { harEntry, PULL_QUERY, pushBody } from '../../shared/sync/fixtures.ts';
import { filterRowOf, makeRow, type CapturedRow } from './rows.ts';
import { prepareRow } from '../../shared/filter/parseFilter.ts';
import { createRowFilter } from './rowFilter.ts';

const rows = [
  makeRow('a', 1, harEntry({ url: `https://app.test/sync/pull${PULL_QUERY}`, status: 401 }), false),
  makeRow(
    'b',
    2,
    harEntry({
      method: 'POST',
      url: 'https://app.test/sync/push',
      body: pushBody(),
      requestHeaders: [{ name: 'Authorization', value: 'Bearer x.y.z' }],
    }),
    false,
  ),
  makeRow('c', 3, harEntry({ url: 'https://app.test/API/Other' }), false),
];

describe('createRowFilter', () => {
  it('keeps exactly the rows matchesFilter keeps, for every filter, as rows come and go', () => {
    const f = createRowFilter();
    const findings = new Map([['a', []]]);
    for (const text of [
      '',
      'sync',
      'PULL',
      'api/other',
      '401',
      'post',
      '-status:200',
      'kind:push',
      'cred:bearer',
      'has:finding',
      '-has:finding sync',
      'method:get status:4xx',
    ]) {
      const parsed = parseFilter(text);
      const expected = rows.filter((r) => matchesFilter(filterRowOf(r, findings.has(r.id)), parsed)).map((r) => r.id);
      expect(
        f.apply(rows, parsed, findings).map((r) => r.id),
        text,
      ).toEqual(expected);
      // Again, from the per-row cache, on a longer list.
      expect(
        f.apply(rows.slice(1), parsed, findings).map((r) => r.id),
        text,
      ).toEqual(expected.filter((id) => id !== 'a'));
    }
  });

  it('tests a has:finding filter again when the findings change', () => {
    const f = createRowFilter();
    const parsed = parseFilter('has:finding');
    expect(f.apply(rows, parsed, new Map()).map((r) => r.id)).toEqual([]);
    expect(f.apply(rows, parsed, new Map([['b', []]])).map((r) => r.id)).toEqual(['b']);
  });

  it('matches matchesFilter after any sequence of appends, drops, bodies and keystrokes', () => {
    const texts = ['', 'sync', 'pull', 'status:4xx', '-kind:push', 'has:finding', 'api'];
    const op = fc.record({
      add: fc.nat({ max: 3 }),
      drop: fc.nat({ max: 2 }),
      body: fc.option(fc.nat(), { nil: undefined }),
      text: fc.constantFrom(...texts),
      findings: fc.boolean(),
      /** Prepared ahead (idle time) before the keystroke. */
      warm: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        const f = createRowFilter();
        let list: typeof rows = [];
        let n = 0;
        for (const o of ops) {
          list = list.slice(o.drop);
          for (let k = 0; k < o.add; k++) {
            const r = rows[n % rows.length]!;
            list = list.concat({ ...r, id: `${r.id}${String(n++)}` });
          }
          if (o.body !== undefined && list.length) {
            const i = o.body % list.length;
            list = list.slice();
            list[i] = { ...list[i]! };
          }
          const findings = o.findings ? new Map(list.filter((_, i) => i % 2 === 0).map((r) => [r.id, []])) : null;
          const parsed = parseFilter(o.text);
          const expected = list.filter((r) => matchesFilter(filterRowOf(r, findings?.has(r.id) ?? false), parsed));
          if (o.warm) expect(f.prepare(list, () => false)).toBe(true);
          expect(f.apply(list, parsed, findings)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe('prepare', () => {
    /** A row filter that counts the rows it prepares. */
    const counting = () => {
      const calls = { n: 0 };
      const f = createRowFilter((row) => {
        calls.n++;
        return prepareRow(filterRowOf(row, false));
      });
      return { f, calls };
    };
    const many = (n: number): CapturedRow[] =>
      Array.from({ length: n }, (_, i) => {
        const r = rows[i % rows.length]!;
        return { ...r, id: `${r.id}${String(i)}` };
      });

    it('prepares a list ahead, in slices while time is left, so the next apply prepares nothing', () => {
      const { f, calls } = counting();
      const list = many(1000);
      let slices = 0;
      // No time left: each call prepares one slice (256 rows) and says it is not done.
      while (!f.prepare(list, () => false)) slices++;
      expect(slices).toBe(3);
      expect(calls.n).toBe(1000);
      const parsed = parseFilter('sync');
      expect(f.apply(list, parsed, null)).toEqual(list.filter((r) => matchesFilter(filterRowOf(r, false), parsed)));
      expect(calls.n).toBe(1000);
      // Ready: a second call has nothing to do.
      expect(f.prepare(list, () => false)).toBe(true);
    });

    it('prepares only the rows a grown list adds, and keeps the verdicts made for the rows before', () => {
      const { f, calls } = counting();
      const first = many(300);
      const parsed = parseFilter('-kind:push');
      const expected = (list: CapturedRow[]) => list.filter((r) => matchesFilter(filterRowOf(r, false), parsed));
      expect(f.apply(first, parsed, null)).toEqual(expected(first));
      const grown = first.concat(many(310).slice(300));
      expect(f.prepare(grown, () => true)).toBe(true);
      expect(calls.n).toBe(310);
      expect(f.apply(grown, parsed, null)).toEqual(expected(grown));
    });

    it('gives the same rows as apply alone when applies come between the slices', () => {
      const { f } = counting();
      const list = many(700);
      const other = list.slice(100);
      const parsed = parseFilter('status:4xx');
      const expected = (l: CapturedRow[]) => l.filter((r) => matchesFilter(filterRowOf(r, false), parsed));
      expect(f.prepare(list, () => false)).toBe(false);
      // A keystroke on another list meanwhile: the slices go on from where they were.
      expect(f.apply(other, parsed, null)).toEqual(expected(other));
      while (!f.prepare(list, () => false));
      expect(f.apply(list, parsed, null)).toEqual(expected(list));
      expect(f.apply(other, parsed, null)).toEqual(expected(other));
    });
  });
});
