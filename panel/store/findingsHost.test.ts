import { describe, expect, it } from 'vitest';
import { computeFindings, type Finding } from '../../shared/auth/index.ts';
import { makeEvent, T0 } from '../../shared/auth/testFixtures.ts';
import { createFindingsHost, sameFinding, type FindingsReply } from './findingsHost.ts';

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
