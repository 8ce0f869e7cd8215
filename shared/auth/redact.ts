// What an export keeps, by allow-list: values of headers and query parameters known to be safe,
// and plasma's own fields. Every other header and query value is replaced by a keyed marker;
// password-like and cookie values by a bare `<redacted>`; app data (mutation args, row values)
// keeps its shape with secret-named keys redacted, and every string scrubbed. The headers pane
// masks with the same list.

import { BARE, type Marker, type Scrub } from './scrub.ts';
import { jsonText } from '../guards.ts';

/** Headers whose values carry no credential: kept (still scrubbed of known secrets). */
const SAFE_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'age',
  'allow',
  'alt-svc',
  'cache-control',
  'connection',
  'content-encoding',
  'content-language',
  'content-length',
  'content-type',
  'date',
  'dnt',
  'etag',
  'expires',
  'host',
  'if-modified-since',
  'if-none-match',
  'keep-alive',
  'last-modified',
  'origin',
  'pragma',
  'priority',
  'retry-after',
  'server',
  'strict-transport-security',
  'timing-allow-origin',
  'transfer-encoding',
  'upgrade-insecure-requests',
  'user-agent',
  'vary',
  'via',
  'x-content-type-options',
  'x-frame-options',
  'x-requested-with',
  'x-xss-protection',
  'www-authenticate',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-request-headers',
  'access-control-request-method',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-fetch-dest',
  'sec-fetch-mode',
  'sec-fetch-site',
  'sec-fetch-user',
  ':method',
  ':scheme',
  ':authority',
  ':status',
  // plasma's own (the reference client sends them; ids, not credentials)
  'x-client',
  'x-group',
]);
/** Headers holding a URL: kept with the URL's own redaction. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location', ':path']);

/** Query parameters kept as they are: plasma's own and the admin API's. */
const SAFE_QUERY = new Set([
  'clientGroupID',
  'clientID',
  'schemaVersion',
  'protocolVersion',
  'cookie',
  'limit',
  'since',
  'table',
  'as',
]);

export type HeaderRule = 'keep' | 'url' | 'authorization' | 'cookie' | 'set-cookie' | 'redact';

export function headerRule(name: string): HeaderRule {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') return 'authorization';
  if (n === 'cookie') return 'cookie';
  if (n === 'set-cookie') return 'set-cookie';
  if (URL_HEADERS.has(n)) return 'url';
  return SAFE_HEADERS.has(n) ? 'keep' : 'redact';
}

/** The headers pane shows these as they are; every other value is masked until revealed. */
export function isSafeHeader(name: string): boolean {
  const rule = headerRule(name);
  return rule === 'keep' || rule === 'url';
}

export const isSafeQueryParam = (name: string): boolean => SAFE_QUERY.has(name);

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode', 'pin']);
const COOKIE_WORDS = new Set(['cookie', 'cookies']);
const SECRET_WORDS = new Set([
  'token',
  'tokens',
  'secret',
  'secrets',
  'auth',
  'oauth',
  'authorization',
  'authentication',
  'authn',
  'authz',
  'credential',
  'credentials',
  'cred',
  'creds',
  'session',
  'sessionid',
  'sid',
  'jwt',
  'apikey',
  'signature',
  'sig',
  'otp',
  'totp',
  'mfa',
  'ssn',
  'cvv',
  'cvc',
  'bearer',
  'private',
  'privkey',
  'nonce',
  'salt',
]);
const CODE_BEFORE = new Set([
  'auth',
  'verification',
  'verify',
  'reset',
  'otp',
  'recovery',
  'invite',
  'access',
  'login',
  'confirmation',
  'confirm',
  'security',
  'pairing',
  'activation',
  'authorization',
]);

export type KeyRule = 'keep' | 'password' | 'cookie' | 'secret';

/** How a value under this object key is exported, judged by the key's words (camelCase, snake, kebab). */
export function keyRule(key: string): KeyRule {
  const w = words(key);
  if (w.some((x) => PASSWORD_WORDS.has(x))) return 'password';
  if (w.some((x) => COOKIE_WORDS.has(x))) return 'cookie';
  if (w.some((x) => SECRET_WORDS.has(x))) return 'secret';
  const last = w.length - 1;
  if (w[last] === 'key' || w[last] === 'keys') return 'secret'; // key, apiKey, privateKey, x-access-key
  if (w[last] === 'code' && last > 0 && CODE_BEFORE.has(w[last - 1] ?? '')) return 'secret';
  return 'keep';
}

export interface ValueContext {
  scrub: Scrub;
  marker: Marker;
}

const MAX_DEPTH = 64;

function setOwn(o: Record<string, unknown>, k: string, v: unknown) {
  // defineProperty: a key named __proto__ stays a plain field instead of replacing the prototype.
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function markAny(v: unknown, ctx: ValueContext): string {
  let text: string;
  try {
    text = typeof v === 'string' ? v : (jsonText(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return ctx.marker.mark(text);
}

/** A deep copy of app data: secret-named keys redacted, every other string scrubbed. Never throws. */
export function redactValue(value: unknown, ctx: ValueContext): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return ctx.scrub(v);
    if (v === null || typeof v !== 'object')
      return typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' ? undefined : v;
    if (depth > MAX_DEPTH || seen.has(v)) return '[omitted]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const rule = keyRule(k);
      const kept =
        x === null || x === undefined || x === '' || rule === 'keep'
          ? walk(x, depth + 1)
          : rule === 'secret'
            ? markAny(x, ctx)
            : BARE;
      setOwn(out, ctx.scrub(k), kept);
    }
    return out;
  };
  try {
    return walk(value, 0);
  } catch {
    return BARE;
  }
}

/** Splits `a=1&b=2` keeping the raw pieces (no re-encoding of what is kept). */
function redactQuery(search: string, ctx: ValueContext): string {
  if (!search) return '';
  const parts = search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      if (eq === -1 || rawValue === '') return ctx.scrub(rawName) + (eq === -1 ? '' : '=');
      if (isSafeQueryParam(name)) return `${ctx.scrub(rawName)}=${ctx.scrub(rawValue)}`;
      let value = rawValue;
      try {
        value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        // hash the raw value
      }
      const rule = keyRule(name);
      return `${ctx.scrub(rawName)}=${rule === 'password' || rule === 'cookie' ? BARE : ctx.marker.mark(value)}`;
    });
  return `?${parts.join('&')}`;
}

/**
 * A URL with every query value outside the allow-list, the fragment and any userinfo redacted,
 * and the path scrubbed. A relative URL (`:path`) stays relative; text that is not a URL is scrubbed.
 */
export function redactUrl(url: string, ctx: ValueContext): string {
  let u: URL;
  const relative = url.startsWith('/');
  try {
    u = new URL(url, relative ? 'http://relative.invalid' : undefined);
  } catch {
    return ctx.scrub(url);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return ctx.scrub(url);
  const userinfo = u.username || u.password ? `${BARE}@` : '';
  const origin = relative ? '' : `${u.protocol}//${userinfo}${u.host}`;
  const hash = u.hash ? `#${ctx.marker.mark(u.hash.slice(1))}` : '';
  return `${origin}${ctx.scrub(u.pathname)}${redactQuery(u.search, ctx)}${hash}`;
}
