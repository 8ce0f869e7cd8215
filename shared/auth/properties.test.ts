// Hostile input: whatever a page sends, the analysis neither throws nor leaks a token.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseToken } from './analyseToken.ts';
import { computeFindings } from './findings.ts';
import { redactEvent, secretsOf } from './redactEvent.ts';
import { createMarker, createScrub } from './scrub.ts';
import { makeEvent, T0 } from './testFixtures.ts';
import type { Finding, TokenInfo } from './types.ts';
import { jsonText } from '../guards.ts';

const RUNS = { numRuns: 10_000 };
const B64URL = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
const b64u = (v: unknown) => Buffer.from(jsonText(v) ?? 'null', 'utf8').toString('base64url');

const segment = fc.string({ unit: fc.constantFrom(...B64URL), maxLength: 40 });
const dotted = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('.'));
const anything = fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true });
const claimLike = fc.oneof(
  anything,
  fc.record(
    {
      exp: anything,
      nbf: anything,
      iat: anything,
      aud: anything,
      sub: anything,
      role: anything,
      roles: anything,
      scope: anything,
    },
    { requiredKeys: [] },
  ),
);
const jwtLike = fc
  .tuple(fc.oneof(anything, fc.record({ alg: anything, kid: anything, typ: anything })), claimLike, segment)
  .map(([h, c, sig]) => `${b64u(h)}.${b64u(c)}.${sig}`);
const hostileToken = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), dotted, jwtLike, fc.constant(undefined));
const timing = fc.record({
  requestStart: fc.oneof(fc.double(), fc.integer(), fc.constant(T0)),
  responseDate: fc.option(fc.double(), { nil: undefined }),
});

function checkTokenInfo(info: TokenInfo, token: string | undefined): void {
  expect(['absent', 'jwt', 'opaque', 'malformed']).toContain(info.shape);
  expect(typeof info.present).toBe('boolean');
  expect(info.decodable).toBe(info.shape === 'jwt');
  expect(info.aud.every((a) => typeof a === 'string')).toBe(true);
  expect(info.warnings.every((w) => typeof w === 'string')).toBe(true);
  for (const k of ['alg', 'kid', 'typ', 'iss', 'sub', 'role'] as const)
    expect(info[k] === null || typeof info[k] === 'string').toBe(true);
  for (const k of ['exp', 'nbf', 'iat', 'expiresInSec', 'notYetValidBySec', 'ageSec', 'clockSkewSec'] as const) {
    expect(info[k] === null || Number.isFinite(info[k])).toBe(true);
  }
  expect(info.hash === null || /^[0-9a-f]{16}$/.test(info.hash)).toBe(true);
  expect(info.present).toBe(info.hash !== null);
  const trimmed = token?.trim() ?? '';
  if (trimmed.length >= 16) expect(JSON.stringify(info)).not.toContain(trimmed);
}

describe('analyseToken on hostile input', () => {
  it('never throws and always returns a well-formed TokenInfo', () => {
    const shapes = new Map<string, number>();
    fc.assert(
      fc.property(hostileToken, timing, (token, at) => {
        const info = analyseToken(token, at);
        checkTokenInfo(info, token);
        shapes.set(info.shape, (shapes.get(info.shape) ?? 0) + 1);
      }),
      RUNS,
    );
    // The generators must reach every branch, or the property proves little.
    for (const shape of ['absent', 'jwt', 'opaque', 'malformed']) expect(shapes.get(shape) ?? 0).toBeGreaterThan(100);
  });
});

const status = fc.oneof(fc.constantFrom(200, 401, 403, 409, 413, 500), fc.integer());
const headerName = fc.oneof(
  fc.constantFrom('authorization', 'Cookie', 'date', 'origin', 'sec-fetch-site', 'set-cookie', 'referer'),
  fc.string(),
);
const headerList = fc.array(
  fc.record({
    name: headerName,
    value: fc.oneof(
      fc.string(),
      hostileToken.map((t) => `Bearer ${t ?? ''}`),
    ),
  }),
  { maxLength: 5 },
);
const hostileEvent = fc
  .record({
    id: fc.string({ maxLength: 6 }),
    kind: fc.constantFrom('push' as const, 'pull' as const),
    status,
    startedAt: fc.oneof(fc.integer({ min: T0 - 1e6, max: T0 + 1e6 }), fc.double()),
    durationMs: fc.oneof(fc.nat(), fc.double()),
    bearer: fc.option(
      hostileToken.map((t) => t ?? ''),
      { nil: undefined },
    ),
    url: fc.oneof(fc.webUrl(), fc.string()),
    requestHeaders: headerList,
    responseHeaders: headerList,
    clientGroupID: fc.option(fc.string({ maxLength: 4 }), { nil: null }),
    body: fc.record({
      error: fc.option(fc.string(), { nil: null }),
      expected: fc.option(fc.string(), { nil: null }),
      max: fc.option(fc.double(), { nil: null }),
      details: fc.option(fc.dictionary(fc.string(), anything), { nil: null }),
    }),
  })
  .map(({ bearer, requestHeaders, ...o }) => {
    const base = makeEvent({ ...o, ...(bearer !== undefined ? { bearer } : {}) });
    return { ...base, requestHeaders: [...base.requestHeaders, ...requestHeaders] };
  });

function checkFinding(f: Finding, ids: Set<string>): void {
  expect(['error', 'warning', 'info']).toContain(f.severity);
  for (const text of [f.id, f.code, f.title, f.cause, f.fix]) {
    expect(typeof text).toBe('string');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/[\n\r\u2028\u2029]/);
  }
  for (const id of f.requestIds) expect(ids.has(id)).toBe(true);
  if (f.link !== undefined) expect(f.link).toMatch(/^https?:\/\//);
}

describe('computeFindings on hostile events', () => {
  it('never throws; findings are well-formed, unique and name only real requests', () => {
    fc.assert(
      fc.property(fc.array(hostileEvent, { minLength: 1, maxLength: 4 }), (events) => {
        const findings = computeFindings(events);
        const ids = new Set(events.map((e) => e.id));
        for (const f of findings) checkFinding(f, ids);
        expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
      }),
      RUNS,
    );
  });
});

describe('redactEvent', () => {
  const secretToken = fc.oneof(
    fc.string({ unit: fc.constantFrom(...B64URL), minLength: 16, maxLength: 120 }),
    jwtLike.filter((t) => t.length >= 16),
  );
  const filler = fc.string({ maxLength: 20 });
  it('never leaves the token anywhere: headers, URL, bodies, mutation args', () => {
    fc.assert(
      fc.property(secretToken, filler, filler, anything, (token, before, after, args) => {
        const event = makeEvent({
          kind: 'push',
          bearer: token,
          url: `https://api.app.test/sync/push?${before}=${token}`,
          requestHeaders: [
            { name: 'authorization', value: `Bearer ${token}` },
            { name: 'x-debug', value: `${before}${token}${after}` },
          ],
          responseHeaders: [{ name: 'x-echo', value: `${token}${after}` }],
          request: {
            state: 'ok',
            value: {
              protocolVersion: 1,
              schemaVersion: '1',
              clientGroupID: 'g',
              clientID: 'c',
              mutations: [{ id: 1, name: 'm', args: { args, note: `${before} ${token}`, [token]: 1 }, timestamp: 1 }],
            },
          },
          errorBody: { state: 'unparseable', reason: 'x', raw: `${before}${token}${after}` },
        });
        const marker = createMarker();
        expect(
          JSON.stringify(redactEvent(event, { marker, scrub: createScrub(secretsOf(event), marker) })),
        ).not.toContain(token);
      }),
      RUNS,
    );
  });
});
