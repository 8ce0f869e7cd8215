// bundle.ts case by case: the bundle's fixed fields, how ledger/finding hashes are re-keyed, how verdicts
// are redacted, and each reason importBundle gives and each check isIncidentBundle makes.
import { describe, expect, it } from 'vitest';
import {
  exportBundle,
  importBundle,
  INCIDENT_BUNDLE_FORMAT,
  INCIDENT_BUNDLE_VERSION,
  isIncidentBundle,
} from './bundle.ts';
import { tokenHash } from './hash.ts';
import { makeEvent } from './testFixtures.ts';
import type { Finding, LedgerEntry } from './types.ts';

const TOKEN = 'opaque-token-value-1234';
const finding = (o: Partial<Finding> = {}): Finding => ({
  id: 'f1',
  code: 'expired',
  severity: 'error',
  title: 't',
  cause: 'c',
  fix: 'f',
  requestIds: ['r1'],
  ...o,
});
const ledgerEntry = (hash: string | null): LedgerEntry =>
  ({ requestId: 'r1', endpoint: 'https://a.test/sync', token: { hash } }) as unknown as LedgerEntry;

describe('exportBundle', () => {
  it('writes the fixed HAR header and plasma fields; no verdicts key without verdicts', async () => {
    const b = await exportBundle([], { createdAt: 5, ledger: [], findings: [] });
    expect(b).toEqual({
      log: {
        version: '1.2',
        creator: { name: 'Plasma DevTools', version: '0.1.0' },
        pages: [],
        entries: [],
        _plasma: {
          format: 'plasma-devtools-incident',
          version: 2,
          createdAt: 5,
          valuesOmitted: false,
          ledger: [],
          findings: [],
        },
      },
    });
  });

  it('stamps the time of the export by default', async () => {
    const before = Date.now();
    const b = await exportBundle([]);
    expect(b.log._plasma.createdAt).toBeGreaterThanOrEqual(before);
    expect(b.log._plasma.createdAt).toBeLessThanOrEqual(Date.now());
  });

  it('re-keys the unkeyed token hash (whole and first 8 digits) in the ledger and findings', async () => {
    const plain = tokenHash(TOKEN);
    const events = [makeEvent({ bearer: TOKEN })];
    const b = await exportBundle(events, {
      ledger: [ledgerEntry(plain)],
      findings: [finding({ cause: `token ${plain.slice(0, 8)} and ${plain}; other 0123456789abcdef, f${plain}` })],
    });
    const keyed = b.log._plasma.ledger[0]!.token.hash!;
    expect(keyed).toMatch(/^[0-9a-f]{16}$/);
    expect(keyed).not.toBe(plain);
    expect(b.log._plasma.findings[0]!.cause).toBe(`token ${keyed} and ${keyed}; other 0123456789abcdef, f${plain}`);
    const auth = b.log.entries[0]!.request.headers.find((h) => h.name === 'authorization')!.value;
    expect(auth).toBe(`Bearer <redacted:${keyed}>`);
  });

  it('leaves hex text alone when no event had a token; a blank token is none', async () => {
    const ev = makeEvent({ bearer: '  ' });
    const b = await exportBundle([ev], {
      ledger: [ledgerEntry('0123456789abcdef')],
      findings: [finding({ cause: `${tokenHash('')} 01234567` })],
    });
    expect(b.log._plasma.ledger[0]!.token.hash).toBe('0123456789abcdef');
    expect(b.log._plasma.findings[0]!.cause).toBe(`${tokenHash('')} 01234567`);
  });

  it('redacts URLs in findings and ledger by URL rules, and scrubs other strings of known secrets', async () => {
    const b = await exportBundle([makeEvent({ bearer: TOKEN })], {
      secrets: ['admin-secret-1'],
      findings: [finding({ link: 'https://id.test/login?ticket=abc', title: 'admin-secret-1 seen' })],
      ledger: [{ ...ledgerEntry(null), url: 'https://a.test/p?x=1' }],
    });
    expect(b.log._plasma.findings[0]!.link).toBe('https://id.test/login?ticket=abc');
    expect(b.log._plasma.findings[0]!.title).toMatch(/^<redacted:[0-9a-f]{16}> seen$/);
    expect(b.log._plasma.ledger[0]!.url).toMatch(/^https:\/\/a\.test\/p\?x=<redacted:[0-9a-f]{16}>$/);
  });

  it('keeps structure deeper than 16 levels in ledger and findings as it is', async () => {
    let deep: unknown = 'https://a.test/?x=1';
    for (let i = 0; i < 18; i++) deep = [deep];
    const b = await exportBundle([], { findings: [finding({ extra: deep } as Partial<Finding>)] });
    expect(JSON.stringify(b.log._plasma.findings[0])).toContain('"https://a.test/?x=1"');
  });

  it('redacts verdicts: data keys as values (or omitted), null data kept, other strings scrubbed', async () => {
    const verdicts = {
      mutations: [{ key: 'k admin-secret-1', args: { token: 'x', title: 'keep' }, server: null, n: 1 }],
      rows: [{ visible: 'admin-secret-1', base: { password: 'p' }, lastValue: 3, row: true, value: [1] }],
      flag: false,
    };
    const b = await exportBundle([], { verdicts, secrets: ['admin-secret-1'] });
    const v = b.log._plasma.verdicts as typeof verdicts;
    expect(v.mutations[0]!.key).toMatch(/^k <redacted:[0-9a-f]{16}>$/);
    expect(v.mutations[0]!.args).toEqual({
      token: expect.stringMatching(/^<redacted:[0-9a-f]{16}>$/) as unknown,
      title: 'keep',
    });
    expect(v.mutations[0]!.server).toBeNull();
    expect(v.mutations[0]!.n).toBe(1);
    expect(v.rows[0]!.visible).toMatch(/^<redacted:[0-9a-f]{16}>$/);
    expect(v.rows[0]!.base).toEqual({ password: '<redacted>' });
    expect([v.rows[0]!.lastValue, v.rows[0]!.row, v.rows[0]!.value, v.flag]).toEqual([3, true, [1], false]);
    const omitted = await exportBundle([], { verdicts, omitValues: true });
    const o = omitted.log._plasma.verdicts as Record<string, Record<string, unknown>[]>;
    expect(o.mutations![0]).toEqual({ key: 'k admin-secret-1', args: '<omitted>', server: null, n: 1 });
    expect(o.rows![0]).toEqual({
      visible: '<omitted>',
      base: '<omitted>',
      lastValue: '<omitted>',
      row: '<omitted>',
      value: '<omitted>',
    });
    expect(omitted.log._plasma.valuesOmitted).toBe(true);
  });

  it('verdicts: a __proto__ key stays a field; past 16 levels values are kept as they are', async () => {
    let deep: unknown = { args: 'raw' };
    for (let i = 0; i < 17; i++) deep = [deep];
    const b = await exportBundle([], { verdicts: JSON.parse('{"__proto__":{"x":"y"}}'), omitValues: true });
    expect(JSON.stringify(b.log._plasma.verdicts)).toBe('{"__proto__":{"x":"y"}}');
    const d = await exportBundle([], { verdicts: deep, omitValues: true });
    expect(JSON.stringify(d.log._plasma.verdicts)).toContain('"args":"raw"');
    let edge: unknown = { args: 'raw' };
    for (let i = 0; i < 16; i++) edge = [edge];
    const e = await exportBundle([], { verdicts: edge, omitValues: true });
    expect(JSON.stringify(e.log._plasma.verdicts)).toContain('"args":"<omitted>"');
  });
});

interface Exported {
  log: Record<string, unknown> & { _plasma: Record<string, unknown> };
}

describe('exportBundle, more cases', () => {
  it('re-keys the hash of a token sent with spaces around it', async () => {
    const plain = tokenHash(TOKEN);
    const b = await exportBundle([makeEvent({ bearer: ` ${TOKEN} ` })], { ledger: [ledgerEntry(plain)] });
    expect(b.log._plasma.ledger[0]!.token.hash).not.toBe(plain);
  });

  it('keeps nulls and non-string urls in ledger and findings; redacts urls only down to 16 levels', async () => {
    const nest = (n: number): unknown => {
      let v: unknown = { url: 'https://a.test/?x=1' };
      for (let i = 0; i < n; i++) v = { a: v };
      return v;
    };
    const b = await exportBundle([], {
      ledger: [{ ...ledgerEntry(null), url: 5 } as unknown as LedgerEntry],
      findings: [finding({ extra: null, shallow: nest(14), deep: nest(17) } as Partial<Finding>)],
    });
    expect((b.log._plasma.ledger[0] as unknown as { url: unknown }).url).toBe(5);
    const f = JSON.stringify(b.log._plasma.findings[0]);
    expect(f).toContain('"extra":null');
    expect(f.match(/x=<redacted:/g)).toHaveLength(1);
    expect(f).toContain('https://a.test/?x=1');
  });

  it('verdicts keep their arrays, and objects deeper than 16 levels as they are', async () => {
    const b = await exportBundle([], { verdicts: { rows: [{ key: 'k' }] } });
    expect(b.log._plasma.verdicts).toEqual({ rows: [{ key: 'k' }] });
    let deep: unknown = { args: 'raw' };
    for (let i = 0; i < 17; i++) deep = { a: deep };
    const d = await exportBundle([], { verdicts: deep, omitValues: true });
    expect(JSON.stringify(d.log._plasma.verdicts)).toContain('"args":"raw"');
  });
});

describe('importBundle', () => {
  const exported = async () =>
    JSON.parse(JSON.stringify(await exportBundle([makeEvent({ bearer: TOKEN })], { createdAt: 7 }))) as Exported;

  it('reads a bundle back with its time, events, ledger and findings', async () => {
    const b = await exported();
    const got = importBundle(b);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.bundle.format).toBe(INCIDENT_BUNDLE_FORMAT);
    expect(got.bundle.createdAt).toBe(7);
    expect(got.bundle.events).toHaveLength(1);
    expect(got.bundle.ledger).toEqual(b.log._plasma.ledger);
  });

  it.each<[string, (b: Exported) => unknown, string]>([
    ['not an object', () => 3, 'The file is not a HAR file.'],
    ['no log', () => ({}), 'The file is not a HAR file.'],
    ['entries not a list', (b) => ({ log: { ...b.log, entries: {} } }), 'The file is not a HAR file.'],
    [
      'no _plasma',
      (b) => ({ log: { ...b.log, _plasma: undefined } }),
      'The HAR file was not exported by Plasma DevTools (no findings in it).',
    ],
    [
      'another format',
      (b) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, format: 'x' } } }),
      'The HAR file was not exported by Plasma DevTools (no findings in it).',
    ],
    [
      'version 3',
      (b) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, version: 3 } } }),
      'The bundle is version 3; this panel reads version 2.',
    ],
    [
      'no createdAt',
      (b) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, createdAt: '7' } } }),
      'The bundle has no ledger or findings.',
    ],
    [
      'no ledger',
      (b) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, ledger: null } } }),
      'The bundle has no ledger or findings.',
    ],
    [
      'no findings',
      (b) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, findings: {} } } }),
      'The bundle has no ledger or findings.',
    ],
    [
      'a foreign entry',
      (b) => ({ log: { ...b.log, entries: [{}] } }),
      'An entry of the bundle is not a plasma sync request, or still holds a raw token.',
    ],
    ...(
      [
        ['a ledger entry without request id', { requestId: 1, endpoint: 'e', token: { hash: null } }],
        ['a ledger entry without endpoint', { requestId: 'r', endpoint: null, token: { hash: null } }],
        ['a ledger entry without token', { requestId: 'r', endpoint: 'e' }],
        ['a ledger entry with a numeric hash', { requestId: 'r', endpoint: 'e', token: { hash: 1 } }],
      ] as const
    ).map(
      ([n, entry]) =>
        [
          n,
          (b: Exported) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, ledger: [entry] } } }),
          'The bundle ledger is malformed.',
        ] satisfies [string, (b: Exported) => unknown, string],
    ),
    ...(
      [
        ['a finding without id', { ...finding(), id: 1 }],
        ['a finding without code', { ...finding(), code: null }],
        ['a finding of unknown severity', { ...finding(), severity: 'fatal' }],
        ['a finding without title', { ...finding(), title: 1 }],
        ['a finding without cause', { ...finding(), cause: 1 }],
        ['a finding without fix', { ...finding(), fix: 1 }],
        ['a finding without request ids', { ...finding(), requestIds: 'r1' }],
        ['a finding with a numeric request id', { ...finding(), requestIds: ['r1', 2] }],
        ['a finding that is not an object', 'f'],
      ] as const
    ).map(
      ([n, f]) =>
        [
          n,
          (b: Exported) => ({ log: { ...b.log, _plasma: { ...b.log._plasma, findings: [f] } } }),
          'A finding of the bundle is malformed.',
        ] satisfies [string, (b: Exported) => unknown, string],
    ),
  ])('refuses %s', async (_n, edit, reason) => {
    expect(importBundle(edit(await exported()))).toEqual({ ok: false, reason });
  });

  it('refuses a bundle with one bad ledger entry or finding among good ones', async () => {
    const b = await exported();
    b.log._plasma.ledger = [ledgerEntry(null), {}];
    expect(importBundle(b)).toEqual({ ok: false, reason: 'The bundle ledger is malformed.' });
  });

  it('accepts each severity and a null hash; keeps http links, drops others', async () => {
    const b = await exported();
    b.log._plasma.ledger = [ledgerEntry(null), ledgerEntry('abc')];
    b.log._plasma.findings = [
      finding({ severity: 'warning', link: 'https://ok.test/a' }),
      finding({ severity: 'info', link: 'ftp://x' }),
      finding({ severity: 'error' }),
    ];
    const got = importBundle(b);
    expect(got.ok && got.bundle.findings).toEqual([
      finding({ severity: 'warning', link: 'https://ok.test/a' }),
      finding({ severity: 'info' }),
      finding({ severity: 'error' }),
    ]);
    expect(got.ok && got.bundle.ledger).toHaveLength(2);
  });
});

describe('isIncidentBundle', () => {
  const good = () => ({
    format: INCIDENT_BUNDLE_FORMAT,
    version: INCIDENT_BUNDLE_VERSION,
    createdAt: 1,
    events: [{ credential: { kind: 'none' } }],
    ledger: [ledgerEntry(null)],
    findings: [finding()],
  });
  it('accepts the in-memory shape', () => expect(isIncidentBundle(good())).toBe(true));
  it.each<[string, Record<string, unknown>]>([
    ['another format', { format: 'x' }],
    ['another version', { version: 1 }],
    ['no time', { createdAt: null }],
    ['events not a list', { events: {} }],
    ['an event that is not an object', { events: [1] }],
    ['an event without credential', { events: [{}] }],
    ['an event holding a token', { events: [{ credential: { kind: 'bearer', token: 't' } }] }],
    ['ledger not a list', { ledger: {} }],
    ['a bad ledger entry', { ledger: [{}] }],
    ['findings not a list', { findings: {} }],
    ['a bad finding', { findings: [{}] }],
    [
      'one event holding a token',
      { events: [{ credential: { kind: 'none' } }, { credential: { kind: 'bearer', token: 't' } }] },
    ],
    ['one bad ledger entry', { ledger: [ledgerEntry(null), {}] }],
    ['one bad finding', { findings: [finding(), {}] }],
  ])('refuses %s', (_n, edit) => expect(isIncidentBundle({ ...good(), ...edit })).toBe(false));
  it('refuses what is not an object', () => expect(isIncidentBundle(null)).toBe(false));
});
