// The admin API base URL the panel suggests. Only ever on the inspected page's own origin (from
// DevTools' navigation, not from the page's requests): a page can send a push or pull anywhere,
// and a suggestion on that origin would invite sending the admin credential there. The base path
// is taken from the latest captured sync request to that same origin, else plasma's default /sync.

import type { SyncEvent } from '../sync/types.ts';
import { originOf } from './reachability.ts';

type EndpointLike = Pick<SyncEvent, 'origin' | 'basePath'>;

const DEFAULT_BASE_PATH = '/sync';

export function suggestBaseUrl(
  pageUrl: string | null | undefined,
  events: readonly (EndpointLike | null | undefined)[],
): string | null {
  const origin = originOf(pageUrl ?? undefined);
  if (!origin) return null;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (!e || e.origin !== origin || typeof e.basePath !== 'string') continue;
    const base = e.basePath.replace(/\/+$/, '');
    if (base === '' || /^\/[\w\-./~%]*$/.test(base)) return `${origin}${base}/admin`;
  }
  return `${origin}${DEFAULT_BASE_PATH}/admin`;
}

/** Trims a typed base URL and its trailing slashes; null when it is not an http(s) URL. */
export function normaliseBaseUrl(text: string): string | null {
  const t = text.trim().replace(/\/+$/, '');
  try {
    const u = new URL(t);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.search || u.hash || u.username || u.password) return null;
    return t;
  } catch {
    return null;
  }
}
