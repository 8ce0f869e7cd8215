// Hostile-input properties: parseEntry, recognise and decodeCookie never throw, and whatever they
// return is well formed and structured-clone safe.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harEntry, pullResponseBody, pushBody } from './fixtures.ts';
import { decodeCookie, parseEntry, recognise, type Parsed, type SyncEvent } from './index.ts';

const RUNS = { numRuns: 10_000 };
const STATES = ['ok', 'empty', 'pending', 'unavailable', 'unparseable'];

// Plain checks rather than expect(): they run 10 000 times per property and must stay cheap.
function parsedProblem(p: Parsed<unknown>): string | null {
  if (!STATES.includes(p.state)) return `bad state ${p.state}`;
  if (p.state === 'unparseable' && (typeof p.reason !== 'string' || typeof p.raw !== 'string' || p.raw.length > 2048))
    return 'bad unparseable';
  return null;
}

function eventProblem(event: SyncEvent | null): string | null {
  if (event === null) return null;
  if (!['push', 'pull'].includes(event.kind)) return 'bad kind';
  if (!['path', 'shape', 'path+shape'].includes(event.recognisedBy)) return 'bad recognisedBy';
  for (const key of ['id', 'method', 'url', 'basePath', 'origin', 'statusText'] as const)
    if (typeof event[key] !== 'string') return `${key} not a string`;
  for (const key of ['status', 'startedAt', 'durationMs'] as const)
    if (!Number.isFinite(event[key])) return `${key} not finite`;
  if (!['bearer', 'cookie', 'none', 'other'].includes(event.credential.kind)) return 'bad credential';
  for (const h of [...event.requestHeaders, ...event.responseHeaders])
    if (typeof h.name !== 'string' || typeof h.value !== 'string') return 'bad header';
  const parsed = parsedProblem(event.request) ?? parsedProblem(event.response) ?? parsedProblem(event.errorBody);
  if (parsed !== null) return parsed;
  structuredClone(event);
  return null;
}

function assertEvent(event: SyncEvent | null): void {
  const problem = eventProblem(event);
  if (problem !== null) throw new Error(`${problem}: ${JSON.stringify(event)}`);
}

const anything = fc.anything({ maxDepth: 2, maxKeys: 4 });
const paths = fc.constantFrom(
  '/sync/push',
  '/sync/pull',
  '/push',
  '/pull/',
  '/api/plasma/pull',
  '/notifications/push',
  '/x',
  '',
);
const hostileUrl = fc.oneof(
  fc.webUrl(),
  fc.string(),
  fc.tuple(fc.webUrl(), paths, fc.string()).map(([u, p, q]) => `${u}${p}?${q}`),
);
const headerName = fc.oneof(fc.constantFrom('Authorization', 'cookie', 'x-client', 'X-Group', ':path'), fc.string());
const headers = fc.array(
  fc.oneof(
    fc.record({ name: headerName, value: fc.oneof(fc.string(), fc.constantFrom('Bearer', 'Bearer x y', 'c1:!!')) }),
    anything,
  ),
  { maxLength: 5 },
);
const bodyText = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(pushBody({ mutations: [v, { id: v }] }))),
  fc.jsonValue().map((v) => JSON.stringify(pullResponseBody({ patch: [v], cookie: v, lastMutationIDs: v }))),
  fc.string().map((s) => JSON.stringify(pullResponseBody()).slice(0, s.length)),
);
const hostileEntry = fc.record(
  {
    startedDateTime: fc.oneof(
      fc.string(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      anything,
    ),
    time: fc.oneof(fc.double(), anything),
    request: fc.record(
      {
        method: fc.oneof(fc.constantFrom('GET', 'POST', 'OPTIONS', 'post'), anything),
        url: fc.oneof(hostileUrl, anything),
        headers,
        postData: fc.oneof(fc.record({ text: bodyText }), anything),
      },
      { requiredKeys: [] },
    ),
    response: fc.record(
      {
        status: fc.oneof(fc.constantFrom(200, 401, 409, 413, 0), fc.integer(), anything),
        statusText: anything,
        headers,
        content: fc.oneof(
          fc.record(
            { text: fc.oneof(bodyText, fc.base64String()), encoding: fc.constantFrom('base64', 'utf8', undefined) },
            { requiredKeys: [] },
          ),
          anything,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const responseArg = fc.oneof(fc.constant(undefined), fc.constant(null), bodyText);

/** A valid push or pull with one part replaced by anything. */
const mutatedEntry = fc
  .tuple(
    fc.boolean(),
    fc.constantFrom(
      'method',
      'url',
      'headers',
      'postData',
      'text',
      'status',
      'content',
      'encoding',
      'request',
      'response',
      'time',
    ),
    anything,
  )
  .map(([isPush, part, value]) => {
    const base = isPush
      ? harEntry({ method: 'POST', url: 'https://a.test/sync/push', body: pushBody(), response: { ok: true } })
      : harEntry({ url: 'https://a.test/sync/pull?clientID=c', response: pullResponseBody() });
    const entry = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, Record<string, unknown>>>;
    const target: Record<string, unknown> =
      part === 'text'
        ? (entry.request?.postData ?? {})
        : part === 'encoding'
          ? (entry.response?.content ?? {})
          : ['status', 'content'].includes(part)
            ? (entry.response ?? {})
            : ['request', 'response', 'time'].includes(part)
              ? entry
              : (entry.request ?? {});
    target[part] = value;
    return entry;
  });

describe('properties', () => {
  it('parseEntry never throws on anything', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (entry, body) => assertEvent(parseEntry(entry, 'p', body as string))),
      RUNS,
    );
  });

  it('parseEntry never throws on hostile HAR entries and returns well-formed events', () => {
    fc.assert(
      fc.property(hostileEntry, responseArg, (entry, body) => assertEvent(parseEntry(entry, 'p', body))),
      RUNS,
    );
  });

  it('parseEntry survives mutated valid entries', () => {
    fc.assert(
      fc.property(mutatedEntry, responseArg, (entry, body) => assertEvent(parseEntry(entry, 'p', body))),
      RUNS,
    );
  });

  it('recognise never throws and returns a well-formed recognition', () => {
    fc.assert(
      fc.property(fc.oneof(hostileEntry, mutatedEntry, anything), (entry) => {
        const r = recognise(entry as never);
        return (
          r === null ||
          (['push', 'pull'].includes(r.kind) && typeof r.basePath === 'string' && !r.basePath.endsWith('/'))
        );
      }),
      RUNS,
    );
  });

  it('decodeCookie never throws; only null and undefined give null', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anything,
          fc.string().map((s) => `c1:${s}`),
          fc.base64String().map((s) => `c1:${s}`),
        ),
        (raw) => {
          const cookie = decodeCookie(raw);
          if (cookie === null) return raw === null || raw === undefined;
          return ['c1', 'integer', 'opaque'].includes(cookie.format) && typeof cookie.raw === 'string';
        },
      ),
      RUNS,
    );
  });

  it('decodeCookie reads back any c1 cookie, base64 or base64url, padded or not', () => {
    const regions = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }).map(String),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(regions, fc.boolean(), fc.boolean(), (map, urlSafe, unpadded) => {
        const bytes = new TextEncoder().encode(JSON.stringify(map));
        let payload = btoa(String.fromCharCode(...bytes));
        if (urlSafe) payload = payload.replace(/\+/g, '-').replace(/\//g, '_');
        if (unpadded) payload = payload.replace(/=+$/, '');
        const values = Object.values(map).map(Number);
        expect(decodeCookie(`c1:${payload}`)).toEqual({
          format: 'c1',
          raw: `c1:${payload}`,
          regions: map,
          rowVersion: values.length === 0 ? null : Math.max(...values),
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('a generated push round-trips through parseEntry', () => {
    const mutation = fc.record({ id: fc.nat(), name: fc.string(), args: fc.jsonValue(), timestamp: fc.nat() });
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.array(mutation, { maxLength: 5 }), (group, client, mutations) => {
        const body = pushBody({ clientGroupID: group, clientID: client, mutations });
        const event = parseEntry(harEntry({ method: 'POST', url: 'https://a.test/anywhere', body }), 'p');
        expect(event?.kind).toBe('push');
        expect(event?.request).toEqual({
          state: 'ok',
          value: JSON.parse(JSON.stringify({ ...body, mutations })) as unknown,
        });
      }),
      { numRuns: 2_000 },
    );
  });
});
