// Hostile inputs for the fuzz targets: arbitrary values, arbitrary JSON text, and values shaped
// almost like what each boundary expects (plasma HAR entries, reader answers, bridge messages,
// admin pages), so the generators reach past the first "not an object" check.

import fc from 'fast-check';
import { jsonText as jsonOf } from '../shared/guards.ts';

/** Anything at all, prototype-free objects and odd keys (`__proto__`, `constructor`) included. */
export const anything = fc.anything({
  maxDepth: 4,
  maxKeys: 6,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
  key: fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'id', 'token', 'password'),
  ),
});

const jsonValue = fc.jsonValue({ maxDepth: 4 });
/** Text that is JSON of something, or nearly (cut short, or any string). */
export const jsonText = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  jsonValue.map((v) => JSON.stringify(v).slice(0, -1)),
  fc.string(),
  fc.constant(''),
);

const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.~%+/=:'.split('')),
  maxLength: 24,
});
const headerName = fc.oneof(
  word,
  fc.constantFrom(
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'content-type',
    'x-client',
    'session',
    'x-access-key',
    'referer',
    'location',
    ':path',
    'date',
  ),
);
const header = fc.record({
  name: headerName,
  value: fc.oneof(
    word,
    fc.string(),
    fc.constantFrom('Bearer ', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'a=b; c=d', 'Basic dTpw', ''),
  ),
});
const path = fc.oneof(
  fc.constantFrom('/sync/push', '/sync/pull', '/api/plasma/pull', '/push', '/pull', '/x/y'),
  word.map((w) => `/${w}/pull`),
);
const query = fc
  .array(fc.tuple(fc.oneof(word, fc.constantFrom('clientID', 'cookie', 'auth', 'key', 'sig', 'code', 'limit')), word), {
    maxLength: 5,
  })
  .map((kv) => (kv.length ? `?${kv.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));
export const url = fc.oneof(
  fc
    .tuple(fc.constantFrom('https://app.test', 'http://127.0.0.1:8787', 'https://u:p@x.example'), path, query)
    .map(([o, p, q]) => o + p + q),
  fc.string(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

const pushLike = fc.record(
  {
    protocolVersion: fc.oneof(fc.constant(1), anything),
    schemaVersion: fc.oneof(word, anything),
    clientGroupID: fc.oneof(word, anything),
    clientID: fc.oneof(word, anything),
    mutations: fc.oneof(
      fc.array(
        fc.record({
          id: fc.oneof(fc.nat(), anything),
          name: fc.oneof(word, anything),
          args: anything,
          timestamp: fc.oneof(fc.nat(), anything),
        }),
        { maxLength: 4 },
      ),
      anything,
    ),
  },
  { requiredKeys: [] },
);
const opLike = fc.record(
  {
    op: fc.constantFrom('put', 'del', 'upsert'),
    table: word,
    id: fc.oneof(word, fc.nat(), anything),
    rowId: word,
    key: word,
    value: anything,
    row: anything,
    rowVersion: fc.oneof(fc.nat(), anything),
  },
  { requiredKeys: [] },
);
const pullLike = fc.record(
  {
    cookie: fc.oneof(fc.constantFrom('c1:eyIwIjoiMTIzIn0=', 'c1:', '42', 'c1:!!!'), word, anything),
    patch: fc.oneof(fc.array(opLike, { maxLength: 4 }), anything),
    lastMutationIDs: anything,
    hasMore: anything,
  },
  { requiredKeys: [] },
);
const errorLike = fc.record(
  { error: anything, reason: anything, expected: anything, max: anything, details: anything },
  { requiredKeys: [] },
);
const bodyText = fc.oneof(pushLike, pullLike, errorLike, anything).map((v) => {
  try {
    return jsonOf(v) ?? '';
  } catch {
    return '';
  }
});
const body = fc.oneof(bodyText, jsonText);

/** Nearly a HAR entry of plasma traffic; sometimes something else entirely. */
export const harEntry = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      startedDateTime: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
      time: fc.oneof(fc.double(), fc.nat()),
      request: fc.record(
        {
          method: fc.constantFrom('GET', 'POST', 'PUT', ''),
          url,
          headers: fc.oneof(fc.array(header, { maxLength: 6 }), anything),
          postData: fc.oneof(fc.record({ mimeType: fc.constant('application/json'), text: body }), anything),
        },
        { requiredKeys: ['method', 'url', 'headers'] },
      ),
      response: fc.record(
        {
          status: fc.oneof(fc.constantFrom(200, 401, 403, 409, 413, 500, 0), fc.integer()),
          statusText: fc.string(),
          headers: fc.oneof(fc.array(header, { maxLength: 6 }), anything),
          content: fc.oneof(
            fc.record(
              { mimeType: fc.constant('application/json'), text: body, encoding: fc.constantFrom('base64', undefined) },
              { requiredKeys: [] },
            ),
            anything,
          ),
        },
        { requiredKeys: ['status', 'headers'] },
      ),
    }),
  },
  { weight: 1, arbitrary: anything },
);
export const responseBody = fc.oneof(body, fc.constant(null), fc.constant(undefined));

const status = fc.constantFrom('ok', 'missing', 'blocked', 'upgrading', 'error', 'odd');
const readerEvent = fc.oneof(
  fc.record({
    k: fc.constant('dbs'),
    supported: fc.boolean(),
    message: fc.string(),
    list: fc.array(fc.record({ name: word, version: fc.oneof(fc.nat(), anything) }), { maxLength: 3 }),
  }),
  fc.record({ k: fc.constant('status'), db: word, status, message: fc.string() }),
  fc.record({
    k: fc.constant('db'),
    db: fc.constantFrom('app', '__proto__', 'x'),
    version: fc.nat(),
    stores: fc.array(
      fc.record({
        name: fc.constantFrom(
          '_plasma_outbox',
          '_plasma_meta',
          '_plasma_base_todos',
          'todos',
          '__proto__',
          'constructor',
        ),
        count: fc.nat(5),
        read: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
  }),
  fc.record({
    k: fc.constant('chunk'),
    db: fc.constantFrom('app', '__proto__', 'x'),
    store: fc.constantFrom('_plasma_outbox', '_plasma_meta', '_plasma_base_todos', 'todos', '__proto__'),
    from: fc.nat(5),
    total: fc.nat(5),
    rows: fc.array(anything, { maxLength: 5 }),
  }),
  fc.record({ k: fc.constant('dbDone'), db: fc.constantFrom('app', '__proto__', 'x') }),
  anything,
);
/** What the page reader's eval answers: a JSON string, usually well framed. */
export const readerAnswer = fc.oneof(
  fc.record({ v: fc.constant(1), events: fc.array(readerEvent, { maxLength: 8 }), done: fc.boolean() }).map((v) => {
    try {
      return jsonOf(v) ?? '';
    } catch {
      return '';
    }
  }),
  fc
    .record(
      { v: fc.constant(1), started: fc.boolean(), gone: fc.boolean(), error: fc.oneof(fc.string(), anything) },
      { requiredKeys: ['v'] },
    )
    .map((v) => {
      try {
        return jsonOf(v) ?? '';
      } catch {
        return '';
      }
    }),
  jsonText,
  anything,
);
export const readerEvents = fc.array(readerEvent, { maxLength: 12 });

/** A page's bridge message: tagged right most of the time, so the shape checks are reached. */
export const bridgeMessage = fc.oneof(
  fc.record(
    {
      source: fc.constant('plasma-devtools'),
      v: fc.constantFrom(1, 2, '1'),
      type: fc.constantFrom('hello', 'snapshot', 'event', 'command-result', 'other'),
      dbName: anything,
      snapshot: anything,
      event: fc.oneof(
        fc.record(
          { kind: fc.constantFrom('mutate', 'push', 'pull', 'rebase', 'error'), at: anything },
          { requiredKeys: [] },
        ),
        anything,
      ),
      id: anything,
      ok: anything,
    },
    { requiredKeys: ['source', 'v', 'type'] },
  ),
  anything,
);

/** Admin API answers: right keys, hostile values. */
export const adminAnswer = fc.oneof(
  fc.record(
    {
      adminApiVersion: anything,
      schemaVersion: anything,
      tables: anything,
      maxRowVersion: anything,
      basePath: anything,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      changes: fc.oneof(
        fc.array(
          fc.record(
            {
              rowVersion: fc.oneof(fc.nat(), anything),
              table: anything,
              id: anything,
              op: fc.constantFrom('put', 'del', 'x'),
              value: anything,
              createdAt: anything,
              clientGroupID: anything,
              clientID: anything,
              mutationID: anything,
            },
            { requiredKeys: [] },
          ),
          { maxLength: 6 },
        ),
        anything,
      ),
      maxRowVersion: anything,
      hasMore: anything,
      nextSince: anything,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      clients: fc.oneof(fc.array(anything, { maxLength: 4 }), anything),
      errors: fc.oneof(fc.array(anything, { maxLength: 4 }), anything),
      tapInstalled: anything,
      row: anything,
      readable: anything,
      lastValue: anything,
    },
    { requiredKeys: [] },
  ),
  anything,
);
