// Set-Cookie parsing and the site rules the browser applies when deciding whether to attach a
// cookie, approximated without the Public Suffix List (the last two host labels are the "site").

export type SameSite = 'lax' | 'strict' | 'none' | null;

export interface SetCookie {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  sameSite: SameSite;
  secure: boolean;
  httpOnly: boolean;
  /** Max-Age=0 or an Expires in the past (relative to `at`): the server is deleting the cookie. */
  deletes: boolean;
  /** Attributes as sent, for redaction ("Path=/", "HttpOnly", ...). */
  attributes: string[];
}

export function parseSetCookie(raw: string, at = Number.NaN): SetCookie | null {
  if (typeof raw !== 'string') return null;
  const [pair = '', ...attrs] = raw.split(';');
  const eq = pair.indexOf('=');
  const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
  if (!name) return null;
  const cookie: SetCookie = {
    name,
    value: pair.slice(eq + 1).trim(),
    domain: null,
    path: null,
    sameSite: null,
    secure: false,
    httpOnly: false,
    deletes: false,
    attributes: [],
  };
  for (const attr of attrs) {
    const text = attr.trim();
    if (!text) continue;
    cookie.attributes.push(text);
    const [k = '', ...rest] = text.split('=');
    const key = k.trim().toLowerCase();
    const val = rest.join('=').trim();
    if (key === 'domain') cookie.domain = val.replace(/^\./, '').toLowerCase() || null;
    else if (key === 'path') cookie.path = val || null;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = sameSiteOf(val);
    else if (key === 'max-age') cookie.deletes ||= Number(val) <= 0;
    else if (key === 'expires') cookie.deletes ||= Date.parse(val) < (Number.isFinite(at) ? at : Date.now());
  }
  return cookie;
}

function sameSiteOf(v: string): SameSite {
  const s = v.toLowerCase();
  return s === 'lax' || s === 'strict' || s === 'none' ? s : null;
}

/** Chrome and HAR sometimes fold several Set-Cookie headers into one value separated by newlines. */
export function splitSetCookieHeader(value: string): string[] {
  return value
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Names that usually carry a login: session ids, auth tokens, "remember me". */
export function isSessionCookieName(name: string): boolean {
  const bare = name.replace(/^__(host|secure)-/i, '');
  return /sess|auth|token|jwt|login|remember|identity|^sid$|[-_.]sid$|^sid[-_.]/i.test(bare);
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Approximate registrable domain: an IP or single label as is, else the last two labels. */
export function siteOf(host: string): string {
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host;
  return host.split('.').slice(-2).join('.');
}

/** Whether the browser would attach a cookie set by `setUrl` to a request for `requestUrl` (host only). */
export function cookieHostMatches(cookie: SetCookie, setUrl: string, requestUrl: string): boolean {
  const reqHost = hostOf(requestUrl);
  if (reqHost === null) return false;
  if (cookie.domain) return reqHost === cookie.domain || reqHost.endsWith(`.${cookie.domain}`);
  return reqHost === hostOf(setUrl);
}

export function cookiePathMatches(cookie: SetCookie, requestUrl: string): boolean {
  if (!cookie.path || cookie.path === '/') return true;
  try {
    const path = new URL(requestUrl).pathname;
    const prefix = cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`;
    return path === cookie.path || path.startsWith(prefix);
  } catch {
    return true;
  }
}
