import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseFilter } from '../../shared/filter/parseFilter.ts';
import { harEntry, PULL_QUERY, pushBody } from '../../shared/sync/fixtures.ts';
import { filterRowOf, makeRow } from './rows.ts';
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
          expect(f.apply(list, parsed, findings)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
