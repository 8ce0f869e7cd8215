// Redaction of one captured sync event for an export, by the allow-list of redact.ts: headers,
// URL, plasma's own body fields kept; credentials and app data redacted or (on request) omitted.
// The result is still a SyncEvent, without the token, ready to be written as a HAR entry.

import { parseSetCookie, splitSetCookieHeader } from './setCookie.ts';
import { headerRule, keyRule, redactUrl, redactValue, isSafeQueryParam, type ValueContext } from './redact.ts';
import { BARE } from './scrub.ts';
import type {
  ChangeOp,
  DecodedCookie,
  ErrorBody,
  HarHeader,
  Parsed,
  PullRequest,
  PullResponse,
  PushRequest,
  SyncEvent,
} from '../sync/types.ts';

export interface RedactOptions {
  /** Leave mutation args, row values and unrecognised bodies out entirely. */
  omitValues?: boolean;
}

export const OMITTED = '<omitted>';
const LONG_ENOUGH = 16;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Credential strings an event carries, to be scrubbed wherever else they turn up (bodies, paths). */
export function secretsOf(event: SyncEvent): string[] {
  const out: string[] = [];
  if (typeof event.credential.token === 'string') out.push(event.credential.token);
  for (const h of [...event.requestHeaders, ...event.responseHeaders]) {
    const name = h.name,
      value = h.value.trim();
    const rule = headerRule(name);
    if (rule === 'authorization') out.push(value, value.replace(/^\S+\s+/, ''));
    else if (rule === 'cookie') for (const pair of value.split(';')) out.push(pair.slice(pair.indexOf('=') + 1).trim());
    else if (rule === 'set-cookie')
      for (const one of splitSetCookieHeader(value)) out.push(parseSetCookie(one)?.value ?? '');
    else if (rule === 'redact' && (keyRule(name) !== 'keep' || value.length >= LONG_ENOUGH))
      out.push(value, value.replace(/^\S+\s+/, ''));
  }
  try {
    for (const [name, value] of new URL(str(event.url)).searchParams) {
      if (!isSafeQueryParam(name) && (keyRule(name) !== 'keep' || value.length >= 8)) out.push(value);
    }
  } catch {
    // not a URL: nothing to collect
  }
  if (event.kind === 'push' && event.request.state === 'ok')
    collectSecretArgs(
      event.request.value.mutations.map((m) => m.args),
      out,
    );
  return out;
}

function collectSecretArgs(v: unknown, out: string[], depth = 0): void {
  if (depth > 32 || v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' && keyRule(k) !== 'keep') out.push(x);
    else collectSecretArgs(x, out, depth + 1);
  }
}

function redactHeader(h: HarHeader, ctx: ValueContext): HarHeader {
  const name = h.name,
    value = h.value;
  switch (headerRule(name)) {
    case 'keep':
      return { name, value: ctx.scrub(value) };
    case 'url':
      return { name, value: redactUrl(value, ctx) };
    case 'authorization': {
      const t = value.trim();
      const space = t.search(/\s/);
      if (space === -1) return { name, value: t ? ctx.marker.mark(t) : '' };
      const scheme = t.slice(0, space);
      const rest = t.slice(space).trim();
      // Basic carries user:password: no hash at all.
      return { name, value: `${ctx.scrub(scheme)} ${/^basic$/i.test(scheme) ? BARE : ctx.marker.mark(rest)}` };
    }
    case 'cookie': {
      const names = value
        .split(';')
        .map((p) => p.split('=')[0]?.trim() ?? '')
        .filter(Boolean);
      return { name, value: names.map((n) => `${ctx.scrub(n)}=${BARE}`).join('; ') };
    }
    case 'set-cookie': {
      const lines = splitSetCookieHeader(value).map((one) => {
        const c = parseSetCookie(one);
        return c ? [`${ctx.scrub(c.name)}=${BARE}`, ...c.attributes.map(ctx.scrub)].join('; ') : BARE;
      });
      return { name, value: lines.join('\n') };
    }
    default: {
      const rule = keyRule(name);
      return {
        name: ctx.scrub(name),
        value: value === '' ? '' : rule === 'password' || rule === 'cookie' ? BARE : ctx.marker.mark(value),
      };
    }
  }
}

export function redactHeaders(headers: readonly HarHeader[] | undefined, ctx: ValueContext): HarHeader[] {
  return headers ? headers.map((h) => redactHeader(h, ctx)) : [];
}

/** App data: redacted, or left out when asked. */
const data = (v: unknown, ctx: ValueContext, opts: RedactOptions): unknown =>
  opts.omitValues ? OMITTED : redactValue(v, ctx);

/** A body plasma's parser could not read: JSON is redacted as app data, anything else scrubbed. */
function redactRaw(raw: string, ctx: ValueContext, opts: RedactOptions): string {
  if (opts.omitValues) return OMITTED;
  try {
    return JSON.stringify(redactValue(JSON.parse(raw) as unknown, ctx));
  } catch {
    return ctx.scrub(raw);
  }
}

function parsed<T>(p: Parsed<T> | undefined, ctx: ValueContext, opts: RedactOptions, value: (v: T) => T): Parsed<T> {
  if (!p || typeof p !== 'object') return { state: 'unavailable' };
  if (p.state === 'ok') return { state: 'ok', value: value(p.value) };
  if (p.state === 'unparseable')
    return { state: 'unparseable', reason: ctx.scrub(str(p.reason)), raw: redactRaw(str(p.raw), ctx, opts) };
  return { state: p.state };
}

function cookie(c: DecodedCookie | null, ctx: ValueContext): DecodedCookie | null {
  return c === null ? null : { ...c, raw: ctx.scrub(str(c.raw)) };
}

const ids = <T extends { schemaVersion: string | null; clientGroupID: string | null; clientID: string | null }>(
  v: T,
  ctx: ValueContext,
): T => ({
  ...v,
  schemaVersion: v.schemaVersion === null ? null : ctx.scrub(v.schemaVersion),
  clientGroupID: v.clientGroupID === null ? null : ctx.scrub(v.clientGroupID),
  clientID: v.clientID === null ? null : ctx.scrub(v.clientID),
});

function op(o: ChangeOp, ctx: ValueContext, opts: RedactOptions): ChangeOp {
  const base = { table: ctx.scrub(o.table), id: ctx.scrub(o.id), rowVersion: o.rowVersion };
  return o.op === 'put' ? { op: 'put', ...base, value: data(o.value, ctx, opts) } : { op: 'del', ...base };
}

function errorBody(b: ErrorBody, ctx: ValueContext): ErrorBody {
  const s = (x: string | null) => (x === null ? null : ctx.scrub(x));
  let details: Record<string, unknown> | null = null;
  if (b.details) {
    const { signInUrl, ...rest } = b.details;
    details = redactValue(rest, ctx) as Record<string, unknown>;
    if (typeof signInUrl === 'string') details.signInUrl = redactUrl(signInUrl, ctx);
  }
  return { error: s(b.error), reason: s(b.reason), expected: s(b.expected), max: b.max, details };
}

export function redactEvent(event: SyncEvent, ctx: ValueContext, opts: RedactOptions = {}): SyncEvent {
  const c = event.credential;
  const credential: SyncEvent['credential'] = { kind: c.kind };
  if (typeof c.scheme === 'string') credential.scheme = ctx.scrub(c.scheme);
  if (Array.isArray(c.cookieNames)) credential.cookieNames = c.cookieNames.map((n) => ctx.scrub(n));
  if (typeof c.malformed === 'string') credential.malformed = ctx.scrub(c.malformed);
  const common = {
    id: str(event.id),
    method: ctx.scrub(str(event.method)),
    url: redactUrl(str(event.url), ctx),
    basePath: ctx.scrub(str(event.basePath)),
    origin: ctx.scrub(str(event.origin)),
    status: event.status,
    statusText: ctx.scrub(str(event.statusText)),
    startedAt: event.startedAt,
    durationMs: event.durationMs,
    credential,
    requestHeaders: redactHeaders(event.requestHeaders, ctx),
    responseHeaders: redactHeaders(event.responseHeaders, ctx),
    recognisedBy: event.recognisedBy,
    errorBody: parsed(event.errorBody, ctx, opts, (b) => errorBody(b, ctx)),
  };
  if (event.kind === 'push') {
    return {
      ...common,
      kind: 'push',
      request: parsed<PushRequest>(event.request, ctx, opts, (v) => ({
        ...ids(v, ctx),
        mutations: v.mutations.map((m) => ({
          id: m.id,
          name: ctx.scrub(m.name),
          args: data(m.args, ctx, opts),
          timestamp: m.timestamp,
        })),
      })),
      response: parsed(event.response, ctx, opts, (v) => ({ ok: v.ok })),
    };
  }
  return {
    ...common,
    kind: 'pull',
    request: parsed<PullRequest>(event.request, ctx, opts, (v) => ({ ...ids(v, ctx), cookie: cookie(v.cookie, ctx) })),
    response: parsed<PullResponse>(event.response, ctx, opts, (v) => {
      const lmids: Record<string, number> = {};
      for (const [k, n] of Object.entries(v.lastMutationIDs))
        Object.defineProperty(lmids, ctx.scrub(k), { value: n, enumerable: true, writable: true, configurable: true });
      return {
        ...v,
        cookie: cookie(v.cookie, ctx),
        patch: v.patch.map((o) => op(o, ctx, opts)),
        lastMutationIDs: lmids,
      };
    }),
  };
}
