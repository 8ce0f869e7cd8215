import { describe, expect, it } from 'vitest';
import { computeFindings, type Finding } from '../../shared/auth/index.ts';
import { makeEvent, T0 } from '../../shared/auth/testFixtures.ts';
import { createFindingsHost, sameFinding, sameValue, type FindingsReply } from './findingsHost.ts';

const denied = (i: number) => makeEvent({ id: `d${String(i)}`, status: 401, startedAt: T0 + i * 1000 });

describe('findings host', () => {
  it('answers the updates applied while a pass was due with one pass over all of them', () => {
    const replies: FindingsReply[] = [];
    const host = createFindingsHost((r) => replies.push(r));
    host.apply({ type: 'update', events: { upsert: [['d0', denied(0)]] } });
    host.apply({ type: 'update', events: { upsert: [['d1', denied(1)]] } });
    host.apply({ type: 'not an update' });
    expect(replies).toHaveLength(0);
    host.flush();
    host.flush(); // nothing new: no second answer
    expect(replies).toHaveLength(1);
    const want = computeFindings([denied(0), denied(1)]);
    expect(replies[0]?.changed).toEqual(want);
    expect(replies[0]?.order).toEqual(want.map((f) => f.id));
    // The next request joins the same finding: only it changed, and it is sent again.
    host.handle({ type: 'update', events: { upsert: [['d2', denied(2)]] } });
    expect(replies[1]?.changed.map((f) => f.requestIds)).toEqual([['d0', 'd1', 'd2']]);
    // Nothing new in an update that only repeats the options: nothing changed.
    host.handle({ type: 'update', options: {} });
    expect(replies[2]?.changed).toEqual([]);
  });

  it('compares findings field by field, request ids item by item', () => {
    const f: Finding = {
      id: 'a',
      code: 'expired',
      severity: 'error',
      title: 't',
      cause: 'c',
      fix: 'f',
      requestIds: ['r1', 'r2'],
    };
    expect(sameFinding(f, { ...f, requestIds: ['r1', 'r2'] })).toBe(true);
    expect(sameFinding(f, { ...f, requestIds: ['r1'] })).toBe(false);
    expect(sameFinding(f, { ...f, requestIds: ['r1', 'r3'] })).toBe(false);
    expect(sameFinding(f, { ...f, title: 'u' })).toBe(false);
    expect(sameFinding(f, { ...f, link: 'https://x.test' })).toBe(false);
    expect(sameFinding({ ...f, link: 'https://x.test' }, { ...f, source: 'server' })).toBe(false);
  });
});

describe('options that cross again unchanged', () => {
  it('compares them by value: Maps entry by entry, plain objects key by key', () => {
    expect(sameValue(new Map([['a', { x: [1, 2] }]]), new Map([['a', { x: [1, 2] }]]))).toBe(true);
    expect(sameValue(new Map([['a', { x: [1, 2] }]]), new Map([['a', { x: [1, 3] }]]))).toBe(false);
    expect(sameValue(new Map([['a', 1]]), new Map([['b', 1]]))).toBe(false);
    expect(sameValue({ joined: new Map(), tapInstalled: null }, { joined: new Map(), tapInstalled: null })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameValue(new Map(), {})).toBe(false);
    expect(sameValue(new Set([1]), new Set([2]))).toBe(false);
    expect(sameValue([1, [2]], [1, [2]])).toBe(true);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
  });

  it('a re-sent copy of the same settings does not restart the fold: the same findings, and only new requests folded', () => {
    const replies: FindingsReply[] = [];
    const host = createFindingsHost((r) => replies.push(r));
    const options = () => structuredClone({ server: { joined: new Map(), tapInstalled: null, expectations: null } });
    host.handle({ type: 'update', events: { upsert: [['d0', denied(0)]] }, options: options() });
    host.handle({ type: 'update', events: { upsert: [['d1', denied(1)]] }, options: options() });
    expect(host.stats).toEqual({ resumed: 2, restarted: 0 }); // the first pass has nothing to restart
    expect(replies[1]?.changed).toEqual(computeFindings([denied(0), denied(1)], options()));
  });
});
