import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterRange } from './filterPasses.ts';
import { matchesPrepared, parseFilter, prepareRow } from './parseFilter.ts';

const row = fc.record({
  url: fc.constantFrom(
    'https://app.test/sync/pull?x=1',
    'https://app.test/sync/push',
    'https://app.test/API/other/401',
  ),
  method: fc.constantFrom('GET', 'POST'),
  status: fc.constantFrom(0, 200, 401, 403, 500),
  kind: fc.constantFrom('push', 'pull', null),
  credential: fc.constantFrom('bearer', 'cookie', 'none'),
  hasFinding: fc.boolean(),
});
const token = fc.constantFrom(
  'sync',
  'PULL',
  'api/other',
  '401',
  'post',
  'bearer',
  'status:4xx',
  'status:401',
  'status:200',
  'kind:push',
  'kind:pull',
  'cred:bearer',
  'method:get',
  'has:finding',
  'bogus:x',
);
const filterText = fc
  .array(fc.tuple(fc.boolean(), token), { maxLength: 4 })
  .map((ts) => ts.map(([neg, t]) => (neg ? `-${t}` : t)).join(' '));

describe('filterRange', () => {
  it('keeps exactly the rows matchesPrepared keeps, over any range of the list', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), filterText, fc.nat(), fc.nat(), (list, text, a, b) => {
        const filter = parseFilter(text);
        const prepared = list.map((r) => prepareRow(r));
        const from = list.length ? a % list.length : 0;
        const to = list.length ? from + (b % (list.length - from + 1)) : 0;
        const keep = new Int8Array(list.length).fill(-1);
        filterRange(prepared, from, to, filter, (i) => list[i]?.hasFinding ?? false, keep);
        list.forEach((r, i) => {
          const want = i < from || i >= to ? -1 : matchesPrepared(prepared[i]!, r.hasFinding, filter) ? 1 : 0;
          expect(keep[i], `${text} row ${String(i)}`).toBe(want);
        });
      }),
      { numRuns: 500 },
    );
  });
});
