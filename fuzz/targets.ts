// What the fuzzer feeds: every boundary that reads page, network or admin data, and the export's
// redaction. Each target takes one generated input; a target "fails" by throwing, or (redaction)
// by letting a planted token through. Pure: no chrome, no DOM; runs in node and under vitest.

import fc from 'fast-check';
import { isRecord } from '../shared/guards.ts';
import {
  classifyAttempt,
  normaliseBaseUrl,
  parseChanges,
  parseClients,
  parseErrors,
  parseInfo,
  parseJson,
  parseRowAnswer,
  suggestBaseUrl,
} from '../shared/admin/index.ts';
import { exportBundle, importBundle } from '../shared/auth/bundle.ts';
import { keyRule, redactUrl, redactValue } from '../shared/auth/redact.ts';
import { createMarker, createScrub } from '../shared/auth/scrub.ts';
import {
  createChunkAssembler,
  decodeBridgeAnswer,
  decodeBridgeMessage,
  decodeEvent,
  decodeReaderAnswer,
  recognisePlasmaStores,
  rowText,
} from '../shared/pageReader/index.ts';
import { isPageToPanel } from '../shared/protocol.ts';
import {
  decodeBase64,
  decodeCookie,
  normaliseHeaders,
  parseEntry,
  parseErrorBody,
  parsePullResponse,
  parsePushRequest,
  parsePushResponse,
  readCredential,
} from '../shared/sync/index.ts';
import type { SyncEvent } from '../shared/sync/types.ts';
import {
  adminAnswer,
  anything,
  bridgeMessage,
  harEntry,
  jsonText,
  readerAnswer,
  readerEvents,
  responseBody,
  url,
} from './arbitraries.ts';

/** What a target returns when it did not throw but still failed (a token reached the export). */
export class Leak {
  constructor(readonly why: string) {}
}

export interface Target {
  name: string;
  /** Share of the total runs (1 = an equal share). */
  weight?: number;
  arb: fc.Arbitrary<unknown>;
  /** Throws, or returns a Leak, on failure. */
  run(input: unknown): unknown;
}

const t = <T>(name: string, arb: fc.Arbitrary<T>, run: (x: T) => unknown, weight = 1): Target => ({
  name,
  arb,
  run,
  weight,
});

const B64URL = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
const planted = fc.string({ unit: fc.constantFrom(...B64URL), minLength: 20, maxLength: 48 }).map((s) => `Tk${s}`);
const where = fc.constantFrom('query', 'body', 'cookie', 'header', 'path', 'response');

type Entry = {
  request: { url: string; headers: { name: string; value: string }[]; postData?: { text: string } };
  response: { headers: unknown; content?: unknown };
};
const isEntry = (e: unknown): e is Entry =>
  isRecord(e) && isRecord(e.request) && typeof e.request.url === 'string' && Array.isArray(e.request.headers);

/** Puts the token in the Authorization header and somewhere else, so the leak check has two chances. */
function plant(entry: unknown, token: string, at: string): unknown {
  if (!isEntry(entry)) return entry;
  const e = structuredClone(entry);
  e.request.headers.push({ name: 'authorization', value: `Bearer ${token}` });
  if (at === 'query') e.request.url += `${e.request.url.includes('?') ? '&' : '?'}t=${token}`;
  if (at === 'path') e.request.url = e.request.url.replace(/(\/\/[^/]+)/, `$1/${token}`);
  if (at === 'cookie') e.request.headers.push({ name: 'cookie', value: `s=${token}` });
  if (at === 'header') e.request.headers.push({ name: 'x-whatever', value: `v ${token}` });
  if (at === 'body')
    e.request.postData = {
      text: JSON.stringify({ mutations: [{ id: 1, name: 'm', args: { note: `see ${token}` } }] }),
    };
  if (at === 'response') e.response.content = { text: JSON.stringify({ error: 'x', reason: `got ${token}` }) };
  return e;
}

async function exportLeak(entries: [unknown, string, string, string | null | undefined][]): Promise<Leak | null> {
  const events: SyncEvent[] = [];
  for (const [entry, token, at, body] of entries) {
    const e = parseEntry(plant(entry, token, at), `r${events.length}`, at === 'response' ? undefined : body);
    if (e) events.push(e);
  }
  const text = JSON.stringify(await exportBundle(events));
  const back = importBundle(JSON.parse(text));
  if (!back.ok && events.length > 0) return new Leak(`own export refused on import: ${back.reason}`);
  if (back.ok && back.bundle.events.length !== events.length)
    return new Leak(`import restored ${back.bundle.events.length} of ${events.length} events`);
  for (const [, token] of entries) if (text.includes(token)) return new Leak(`token ${token} reached the bundle`);
  return null;
}

export const TARGETS: Target[] = [
  t('sync: parseEntry(HAR entry, body)', fc.tuple(harEntry, responseBody), ([e, b]) => parseEntry(e, 'id', b), 3),
  t(
    'sync: body parsers',
    fc.oneof(jsonText, anything),
    (b) => [parsePushRequest(b), parsePushResponse(b), parsePullResponse(b), parseErrorBody(b)],
    2,
  ),
  t(
    'sync: decodeCookie',
    fc.oneof(
      fc.string().map((s) => `c1:${s}`),
      fc.string(),
      anything,
    ),
    (x) => decodeCookie(x),
  ),
  t('sync: decodeBase64', fc.string(), (x) => decodeBase64(x)),
  t('sync: readCredential(normaliseHeaders)', anything, (x) => readCredential(normaliseHeaders(x))),
  t('protocol: message guards', fc.oneof(bridgeMessage, anything), (x) => [isPageToPanel(x, 10)]),
  t(
    'admin: answer guards',
    adminAnswer,
    (x) => [parseInfo(x), parseChanges(x, 5), parseClients(x), parseErrors(x, 5), parseRowAnswer(x)],
    2,
  ),
  t('admin: parseJson', jsonText, (x) => parseJson(x)),
  t(
    'admin: classifyAttempt',
    fc.record({
      status: fc.option(fc.integer(), { nil: undefined }),
      bodyText: fc.option(jsonText, { nil: undefined }),
      thrown: fc.option(anything, { nil: undefined }),
      url: fc.option(url, { nil: undefined }),
      serverUp: fc.option(fc.boolean(), { nil: undefined }),
    }),
    (a) => classifyAttempt(a),
  ),
  t(
    'admin: base URL',
    fc.tuple(
      url,
      fc.array(fc.record({ origin: fc.oneof(url, fc.string()), basePath: fc.oneof(fc.string(), anything) }), {
        maxLength: 3,
      }),
    ),
    ([u, ev]) => [normaliseBaseUrl(u), suggestBaseUrl(u, ev as never)],
  ),
  t('pageReader: decodeReaderAnswer', readerAnswer, (x) => decodeReaderAnswer(x), 2),
  t(
    'pageReader: chunk assembly',
    readerEvents,
    (events) => {
      const a = createChunkAssembler(() => 0);
      for (const e of events) {
        const d = decodeEvent(e);
        if (d && (d.k === 'db' || d.k === 'chunk' || d.k === 'dbDone')) a.take(d);
      }
      return a.pending();
    },
    2,
  ),
  t('pageReader: bridge messages and answers', fc.tuple(bridgeMessage, fc.oneof(jsonText, anything)), ([m, ans]) => [
    decodeBridgeMessage(m, 100),
    decodeBridgeAnswer(ans),
  ]),
  t(
    'pageReader: store names and row text',
    fc.tuple(
      fc.array(
        fc.oneof(
          fc.string(),
          fc.constantFrom('_plasma_outbox', '_plasma_meta', '_plasma_base_', '_plasma_base___proto__', '__proto__'),
        ),
        { maxLength: 8 },
      ),
      anything,
    ),
    ([names, row]) => [recognisePlasmaStores(names), rowText(row)],
  ),
  t(
    'redaction: redactValue',
    anything,
    (x) => {
      const marker = createMarker();
      return redactValue(x, { marker, scrub: createScrub(['a-known-secret'], marker) });
    },
    2,
  ),
  t('redaction: redactUrl and keyRule', fc.tuple(url, fc.string()), ([u, k]) => {
    const marker = createMarker();
    return [redactUrl(u, { marker, scrub: createScrub([k], marker) }), keyRule(k)];
  }),
  t('redaction: scrub', fc.tuple(fc.array(fc.string(), { maxLength: 6 }), fc.string()), ([secrets, text]) => {
    const marker = createMarker();
    return createScrub(secrets, marker)(text);
  }),
  t(
    'redaction: export (planted token never leaves) and import',
    fc.array(fc.tuple(harEntry, planted, where, responseBody), { minLength: 1, maxLength: 3 }),
    (entries) => exportLeak(entries),
    2,
  ),
  t(
    'redaction: import of anything',
    fc.oneof(
      anything,
      fc.record({
        log: fc.record({
          version: fc.constant('1.2'),
          entries: fc.array(anything, { maxLength: 3 }),
          _plasma: fc.record({
            format: fc.constant('plasma-devtools-incident'),
            version: fc.constant(2),
            createdAt: fc.nat(),
            ledger: fc.array(anything, { maxLength: 2 }),
            findings: fc.array(anything, { maxLength: 2 }),
          }),
        }),
      }),
    ),
    (x) => importBundle(x),
  ),
];
