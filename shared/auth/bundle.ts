// The exported incident bundle: a HAR 1.2 file (Chrome's Network panel and other HAR tools open
// it) whose entries are the redacted sync requests, with the token ledger, the findings and the
// verdicts under `log._plasma`. Every hash in it is keyed by a random key made for this export
// and never written. Import reads it back into the panel's IncidentBundle.

import { isFiniteNumber as isNum, isRecord as isObj, isString as isStr } from '../guards.ts';
import type { SyncEvent } from '../sync/types.ts';
import { safeLink } from './format.ts';
import { computeFindings } from './findings.ts';
import { tokenHash } from './hash.ts';
import { fromHarEntry, toHarEntry, type HarEntry } from './har.ts';
import { buildLedger, orderEvents } from './ledger.ts';
import { redactUrl, redactValue, type ValueContext } from './redact.ts';
import { redactEvent, secretsOf, OMITTED, type RedactOptions } from './redactEvent.ts';
import { createExportKey, createMarker, createScrub } from './scrub.ts';
import type { Finding, LedgerEntry } from './types.ts';

export const INCIDENT_BUNDLE_FORMAT = 'plasma-devtools-incident';
export const INCIDENT_BUNDLE_VERSION = 2;

/** What the panel holds of an imported bundle. */
export interface IncidentBundle {
  format: typeof INCIDENT_BUNDLE_FORMAT;
  version: typeof INCIDENT_BUNDLE_VERSION;
  /** unix ms */
  createdAt: number;
  events: SyncEvent[];
  ledger: LedgerEntry[];
  findings: Finding[];
}

export interface HarBundle {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    _plasma: {
      format: typeof INCIDENT_BUNDLE_FORMAT;
      version: typeof INCIDENT_BUNDLE_VERSION;
      createdAt: number;
      valuesOmitted: boolean;
      ledger: LedgerEntry[];
      findings: Finding[];
      verdicts?: unknown;
    };
  };
}

export interface BundleOptions extends RedactOptions {
  ledger?: readonly LedgerEntry[];
  findings?: readonly Finding[];
  /** Mutation and row verdicts, redacted like the events (args and row values too). */
  verdicts?: unknown;
  createdAt?: number;
  /** Credentials the panel holds (the admin token, a pasted HS256 secret): removed from every string. */
  secrets?: readonly string[];
}

const VERDICT_DATA_KEYS = new Set(['args', 'visible', 'base', 'server', 'value', 'lastValue', 'row']);

/** Verdicts: app data under the known keys is omitted or redacted as values; the rest scrubbed. */
function redactVerdicts(v: unknown, ctx: ValueContext, opts: RedactOptions, depth = 0): unknown {
  if (typeof v === 'string') return ctx.scrub(v);
  if (v === null || typeof v !== 'object' || depth > 16) return v;
  if (Array.isArray(v)) return v.map((x) => redactVerdicts(x, ctx, opts, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const kept =
      VERDICT_DATA_KEYS.has(k) && x !== null
        ? opts.omitValues
          ? OMITTED
          : redactValue(x, ctx)
        : redactVerdicts(x, ctx, opts, depth + 1);
    Object.defineProperty(out, k, { value: kept, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export async function exportBundle(events: readonly SyncEvent[], opts: BundleOptions = {}): Promise<HarBundle> {
  const ordered = orderEvents(events);
  const ledger = opts.ledger ? [...opts.ledger] : buildLedger(ordered);
  const findings = opts.findings ? [...opts.findings] : computeFindings(ordered);
  const marker = createMarker(await createExportKey());
  // One scrubber over every event's secrets: a token from one request may sit in another's body.
  const secrets = [...(opts.secrets ?? []), ...ordered.flatMap(secretsOf)];
  const ctx: ValueContext = { scrub: createScrub(secrets, marker), marker };
  // The ledger and findings name tokens by their unkeyed hash: map each to the token's keyed one.
  // (The detectors quote a hash's first 8 digits, so those are mapped too.)
  const hashes = new Map<string, string>();
  for (const e of ordered) {
    const t = e.credential.token?.trim() ?? '';
    if (!t) continue;
    const plain = tokenHash(t);
    hashes.set(plain, marker.id(t));
    hashes.set(plain.slice(0, 8), marker.id(t));
  }
  const rehash = (text: string) =>
    ctx.scrub(
      hashes.size
        ? text.replace(/(?<![0-9a-f])(?:[0-9a-f]{16}|[0-9a-f]{8})(?![0-9a-f])/g, (h) => hashes.get(h) ?? h)
        : text,
    );
  const scrubDeep = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return rehash(v);
    if (v === null || typeof v !== 'object' || depth > 16) return v;
    if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        k === 'url' && typeof x === 'string' ? redactUrl(x, ctx) : scrubDeep(x, depth + 1),
      ]),
    );
  };
  const bundle: HarBundle = {
    log: {
      version: '1.2',
      creator: { name: 'Plasma DevTools', version: '0.1.0' },
      pages: [],
      entries: ordered.map((e) => toHarEntry(redactEvent(e, ctx, opts))),
      _plasma: {
        format: INCIDENT_BUNDLE_FORMAT,
        version: INCIDENT_BUNDLE_VERSION,
        createdAt: opts.createdAt ?? Date.now(),
        valuesOmitted: opts.omitValues === true,
        ledger: scrubDeep(ledger) as LedgerEntry[],
        findings: scrubDeep(findings) as Finding[],
        ...(opts.verdicts !== undefined ? { verdicts: redactVerdicts(opts.verdicts, ctx, opts) } : {}),
      },
    },
  };
  return JSON.parse(await marker.resolve(JSON.stringify(bundle))) as HarBundle;
}

function isLedgerEntry(v: unknown): v is LedgerEntry {
  return (
    isObj(v) &&
    isStr(v.requestId) &&
    isStr(v.endpoint) &&
    isObj(v.token) &&
    (v.token.hash === null || isStr(v.token.hash))
  );
}

/** A finding as imported: its link passes the same check as a live one, or is dropped. */
function toFinding(v: unknown): Finding | null {
  if (!(
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.code) &&
    (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info') &&
    isStr(v.title) &&
    isStr(v.cause) &&
    isStr(v.fix) &&
    Array.isArray(v.requestIds) &&
    v.requestIds.every(isStr)
  ))
    return null;
  const { link, ...rest } = v;
  const safe = safeLink(link, 'about:blank');
  return { ...(rest as unknown as Finding), ...(safe ? { link: safe } : {}) };
}

/** Reads an exported HAR bundle into what the panel shows; a reason when it is not one. */
export function importBundle(value: unknown): { ok: true; bundle: IncidentBundle } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (!isObj(value) || !isObj(value.log) || !Array.isArray(value.log.entries))
    return fail('The file is not a HAR file.');
  const meta = value.log._plasma;
  if (!isObj(meta) || meta.format !== INCIDENT_BUNDLE_FORMAT)
    return fail('The HAR file was not exported by Plasma DevTools (no findings in it).');
  if (meta.version !== INCIDENT_BUNDLE_VERSION)
    return fail(`The bundle is version ${String(meta.version)}; this panel reads version ${INCIDENT_BUNDLE_VERSION}.`);
  if (!isNum(meta.createdAt) || !Array.isArray(meta.ledger) || !Array.isArray(meta.findings))
    return fail('The bundle has no ledger or findings.');
  const events: SyncEvent[] = [];
  for (const entry of value.log.entries) {
    const e = fromHarEntry(entry);
    if (!e) return fail('An entry of the bundle is not a plasma sync request, or still holds a raw token.');
    events.push(e);
  }
  if (!meta.ledger.every(isLedgerEntry)) return fail('The bundle ledger is malformed.');
  const findings: Finding[] = [];
  for (const f of meta.findings) {
    const got = toFinding(f);
    if (!got) return fail('A finding of the bundle is malformed.');
    findings.push(got);
  }
  return {
    ok: true,
    bundle: {
      format: INCIDENT_BUNDLE_FORMAT,
      version: INCIDENT_BUNDLE_VERSION,
      createdAt: meta.createdAt,
      events,
      ledger: meta.ledger,
      findings,
    },
  };
}

/** The in-memory shape, for code that receives one from elsewhere. */
export function isIncidentBundle(value: unknown): value is IncidentBundle {
  return (
    isObj(value) &&
    value.format === INCIDENT_BUNDLE_FORMAT &&
    value.version === INCIDENT_BUNDLE_VERSION &&
    isNum(value.createdAt) &&
    Array.isArray(value.events) &&
    value.events.every((e) => isObj(e) && isObj(e.credential) && e.credential.token === undefined) &&
    Array.isArray(value.ledger) &&
    value.ledger.every(isLedgerEntry) &&
    Array.isArray(value.findings) &&
    value.findings.every((f) => toFinding(f) !== null)
  );
}
