// Splits a request URL into what recognition needs: origin, path, query, and the push/pull segment.
// HAR URLs are absolute; relative or malformed ones are still split by hand rather than rejected.

import type { SyncKind } from './types.ts';

export interface UrlParts {
  origin: string;
  /** Path without trailing slashes ("" for the root). */
  path: string;
  query: URLSearchParams;
}

export function splitUrl(url: string): UrlParts {
  try {
    const parsed = new URL(url);
    return {
      origin: parsed.origin === 'null' ? '' : parsed.origin,
      path: trimSlashes(parsed.pathname),
      query: parsed.searchParams,
    };
  } catch {
    const noFragment = url.split('#')[0] ?? '';
    const q = noFragment.indexOf('?');
    const path = q === -1 ? noFragment : noFragment.slice(0, q);
    const search = q === -1 ? '' : noFragment.slice(q + 1);
    return { origin: '', path: trimSlashes(path), query: new URLSearchParams(search) };
  }
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
