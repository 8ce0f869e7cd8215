// End to end inside shared/: HAR entries through the sync parser, then verification, findings and
// the exported bundle, the way the panel chains them.

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../sync/entry.ts';
import { harEntry, PULL_QUERY, pushBody } from '../sync/fixtures.ts';
import type { SyncEvent } from '../sync/types.ts';
import { exportBundle, importBundle } from './bundle.ts';
import { computeFindings } from './findings.ts';
import { buildLedger } from './ledger.ts';
import { verifyEvents } from './verifyEvents.ts';

const SECRET = 'test-only-scenario-secret';
const START = Date.parse('2025-01-02T03:04:05.000Z');

function sign(exp: number, sub = 'alice'): Promise<string> {
  return new SignJWT({ sub, aud: 'plasma-app' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
}

function pull(id: string, at: number, status: number, auth?: string): SyncEvent {
  const event = parseEntry(
    harEntry({
      url: `https://app.test/sync/pull${PULL_QUERY}`,
      startedDateTime: new Date(at).toISOString(),
      requestHeaders: auth
        ? [
            { name: 'authorization', value: `Bearer ${auth}` },
            { name: 'accept', value: '*/*' },
          ]
        : [{ name: 'accept', value: '*/*' }],
      status,
      response: status === 401 ? { error: 'unauthorized' } : { cookie: null, patch: [], lastMutationIDs: {} },
    }),
    id,
  );
  if (!event) throw new Error('not recognised');
  return event;
}

describe('a captured session: booted anonymous, then an expired token retried', () => {
  it('explains it end to end and exports it without tokens', async () => {
    const expired = await sign(START / 1000 - 120);
    const fresh = await sign(START / 1000 + 3600);
    const events = [
      pull('p1', START, 401),
      pull('p2', START + 1000, 200, fresh),
      ...[0, 1, 2, 3].map((i) => pull(`p${3 + i}`, START + 10_000 + i * 1000, 401, expired)),
    ];
    const push = parseEntry(
      harEntry({
        method: 'POST',
        url: 'https://app.test/sync/push',
        startedDateTime: new Date(START + 20_000).toISOString(),
        requestHeaders: [{ name: 'authorization', value: `Bearer ${fresh}` }],
        body: pushBody({ schemaVersion: 'v1' }),
        status: 409,
        response: { error: 'schema mismatch', expected: 'v2' },
      }),
      'push1',
    );
    events.push(push!);

    const verifications = await verifyEvents(events, { kind: 'hs256', secret: SECRET });
    expect([...verifications.values()].map((v) => (v.ok ? 'ok' : v.code)).sort()).toEqual(['expired', 'ok']);
    const findings = computeFindings(events, { verifications });
    expect(findings.map((f) => [f.code, f.requestIds])).toEqual([
      ['no-credentials', ['p1']],
      ['expired', ['p3', 'p4', 'p5', 'p6']],
      ['schema-mismatch', ['push1']],
      ['booted-unauthenticated', ['p1']],
      ['retry-loop', ['p3', 'p4', 'p5', 'p6']],
    ]);
    expect(findings[1]?.cause).toMatch(/expired 2 min 10 s before/);
    expect(buildLedger(events).map((e) => e.tokenChanged)).toEqual([false, true, true, false, false, false, true]);

    const bundle: unknown = JSON.parse(JSON.stringify(await exportBundle(events, { findings })));
    expect(importBundle(bundle).ok).toBe(true);
    const text = JSON.stringify(bundle);
    expect(text).not.toContain(expired);
    expect(text).not.toContain(fresh);
  });
});
