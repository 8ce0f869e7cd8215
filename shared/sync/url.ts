// Splits a request URL into what recognition needs: origin, path, query, and the push/pull segment.
// HAR URLs are absolute; relative or malformed ones are still split by hand rather than rejected.
// The panel splits every captured URL, so the common shape (http or https, a lowercase host, plain
// path and query characters) is split by hand: those are the URLs every URL parser (WHATWG's and
// Chromium's alike) leaves exactly as written. Anything else goes through `new URL`.

import type { SyncKind } from './types.ts';

/** Query parameters in order, decoded as URLSearchParams decodes them. */
export type QueryPairs = readonly (readonly [string, string])[];

export interface UrlParts {
  origin: string;
  /** Path without trailing slashes ("" for the root). */
  path: string;
  query: QueryPairs;
}

export function splitUrl(url: string): UrlParts {
  return splitPlainUrl(url) ?? splitByParser(url);
}

/** The URL parser's split (the rule the hand split agrees with); a URL it refuses is split by hand. */
export function splitByParser(url: string): UrlParts {
  try {
    const parsed = new URL(url);
    return {
      origin: parsed.origin === 'null' ? '' : parsed.origin,
      path: trimSlashes(parsed.pathname),
      query: [...parsed.searchParams],
    };
  } catch {
    const noFragment = url.split('#')[0] ?? '';
    const q = noFragment.indexOf('?');
    const path = q === -1 ? noFragment : noFragment.slice(0, q);
    const search = q === -1 ? '' : noFragment.slice(q + 1);
    return { origin: '', path: trimSlashes(path), query: [...new URLSearchParams(search)] };
  }
}

/**
 * scheme://host[:port] then the path and query, each of characters no parser rewrites: no
 * userinfo, no uppercase, no percent sign or dot segment in the path, no IDNA label, no host that
 * is a number other than a plain dotted IPv4 address, no port with a leading zero.
 */
const PLAIN =
  /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([1-9][0-9]{0,4}))?(\/[A-Za-z0-9\-._~!$&()*+,;=:@/]*)?(?:\?([A-Za-z0-9\-._~!$&()*+,;=:@/?%]*))?(?:#|$)/;
const IPV4_PART = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const PLAIN_IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/** The parts of a URL of the plain shape, as written, or null for anything else. */
function matchPlain(
  url: string,
): { scheme: string; host: string; port?: string; path: string; search?: string } | null {
  const m = PLAIN.exec(url);
  if (!m) return null;
  const [, scheme = '', host = '', port, path = '/', search] = m;
  // A last label that starts with a digit makes the host an IPv4 address to parsers, which rewrite
  // most spellings of one ("127.1", "0x7f.0.0.1"); an "xn--" label is punycode to validate.
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (/^[0-9]/.test(last) && !PLAIN_IPV4.test(host)) return null;
  if (host.startsWith('xn--') || host.includes('.xn--')) return null;
  if (port !== undefined && Number(port) > 65535) return null;
  if (DOT_SEGMENT.test(path)) return null;
  return { scheme, host, port, path, search };
}

/** The split of a URL of the plain shape, or null for anything else. */
export function splitPlainUrl(url: string): UrlParts | null {
  const m = matchPlain(url);
  if (!m) return null;
  const { scheme, host, port, path, search } = m;
  const defaultPort = scheme === 'https' ? '443' : '80';
  return {
    origin: `${scheme}://${host}${port === undefined || port === defaultPort ? '' : `:${port}`}`,
    path: trimSlashes(path),
    query: search ? queryPairs(search) : [],
  };
}

/** `pathname + search` of a URL of the plain shape (what new URL gives), or null for anything else. */
export function plainPathAndSearch(url: string): string | null {
  const m = matchPlain(url);
  return m ? `${m.path}${m.search ? `?${m.search}` : ''}` : null;
}

/** application/x-www-form-urlencoded pairs of a URL's query (its leading "?" removed already). */
function queryPairs(search: string): QueryPairs {
  // Escapes to decode: URLSearchParams does it. The "&" keeps a leading "?" of the query a part of
  // the first name, as URL's own searchParams has it (the constructor would drop it).
  if (search.includes('%') || search.includes('+')) return [...new URLSearchParams(`&${search}`)];
  const out: [string, string][] = [];
  for (const piece of search.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    out.push(eq === -1 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)]);
  }
  return out;
}

function trimSlashes(path: string): string {
  return path.replace(/\/+$/, '');
}

/** The kind named by the last path segment (case-insensitive), and the base path before it. */
export function pathKind(path: string): { kind: SyncKind; basePath: string } | null {
  const slash = path.lastIndexOf('/');
  const segment = path.slice(slash + 1).toLowerCase();
  if (segment !== 'push' && segment !== 'pull') return null;
  // "push" with no slash at all is a relative URL's last segment; its base is empty too. A doubled
  // slash ("//pull") leaves no trailing slash on the base either.
  return { kind: segment, basePath: slash === -1 ? '' : trimSlashes(path.slice(0, slash)) };
}
