import { describe, expect, it } from 'vitest';
import { harEntry, pushBody } from '../../shared/sync/fixtures.ts';
import type { DbData } from '../../shared/pageReader/types.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { makeRow } from './rows.ts';
import { captureWindowNote, coverageOf, noFindingsText } from './coverage.ts';

const SINCE = Date.UTC(2025, 0, 2, 3, 4, 0);
const at = (sec: number) => new Date(SINCE + sec * 1000).toISOString();
const clock = (ms: number) => `T+${(ms - SINCE) / 1000}s`;
const ev = (entry: ReturnType<typeof harEntry>, n: number): SyncEvent => makeRow(`r${n}`, n, entry, false).event!;
const pull = (sec: number, cookie?: string) =>
  ev(
    harEntry({
      url: `https://app.test/sync/pull?clientGroupID=g&clientID=c1&schemaVersion=1&protocolVersion=1${cookie ? `&cookie=${encodeURIComponent(cookie)}` : ''}`,
      startedDateTime: at(sec),
    }),
    sec,
  );
const push = (sec: number, ...ids: number[]) =>
  ev(
    harEntry({
      method: 'POST',
      url: 'https://app.test/sync/push',
      startedDateTime: at(sec),
      body: pushBody({ clientID: 'c1', mutations: ids.map((id) => ({ id, name: 'm', args: {}, timestamp: 0 })) }),
    }),
    sec,
  );
const db = (meta: Record<string, unknown>, outboxTimes: number[] = []): DbData => ({
  name: 'app',
  version: 1,
  tables: [],
  base: {},
  visible: {},
  others: [],
  readAt: SINCE,
  meta,
  outbox: outboxTimes.map((t, i) => ({ clientID: 'c1', mutationID: i + 1, name: 'm', args: {}, timestamp: t })),
});

describe('coverage: what a capture that began part-way could not see', () => {
  it('a session captured from its start is called healthy as a whole', () => {
    const c = coverageOf(
      [pull(1), push(2, 1, 2), pull(3, 'c1:eyIwIjoiMTIzIn0=')],
      [db({ cookie: 'c1:eyIwIjoiMTIzIn0=' }, [SINCE + 2500])],
      SINCE,
    );
    expect(c.before).toEqual([]);
    expect(noFindingsText(c, clock)).toBe('No findings: every captured sync request looks healthy.');
    expect(captureWindowNote(c, clock)).toBeNull();
  });

  it('a first captured pull that already carries a cookie means earlier pulls were missed', () => {
    const c = coverageOf([pull(1, 'c1:eyIwIjoiMTIzIn0='), pull(2, 'c1:eyIwIjoiMTIzIn0=')], [], SINCE);
    expect(c.before).toEqual([
      'the first captured pull already carried a cookie (row_version 123), so earlier pulls were not seen',
    ]);
    const text = noFindingsText(c, clock);
    expect(text).not.toContain('looks healthy');
    expect(text).toContain('captured since T+0s, but that is not the whole session');
    expect(text).toContain('Requests from before cannot be recovered');
    expect(captureWindowNote(c, clock)).toContain('part-way through the app');
  });

  it('a client whose first captured push is not its first mutation had pushed before', () => {
    const c = coverageOf([push(1, 7, 8), push(2, 9)], [], SINCE);
    expect(c.before).toEqual([
      `client "c1"'s first captured push starts at mutation 7, so mutations 1–6 were sent before`,
    ]);
  });

  it('reads the page: a cookie with no pull captured, outbox entries older than the capture', () => {
    const c = coverageOf([], [db({ cookie: 'c1:eyIwIjoiMTIzIn0=' }, [SINCE - 60_000, SINCE - 1, SINCE + 1])], SINCE);
    expect(c.before).toEqual([
      `the page's database "app" already holds a sync cookie, though no pull was captured`,
      '2 outbox entries in "app" were written before capture began',
    ]);
  });

  it('an unparsed request is no evidence either way', () => {
    const odd = ev(
      harEntry({
        method: 'POST',
        url: 'https://app.test/sync/push',
        body: { clientGroupID: 'g', clientID: 'c1', mutations: 'x' },
        startedDateTime: at(1),
      }),
      1,
    );
    expect(odd.request.state).not.toBe('ok');
    expect(coverageOf([odd], [db({ cookie: null })], SINCE).before).toEqual([]);
  });
});
