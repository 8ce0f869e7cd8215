// The admin API base URL the panel suggests: the captured sync endpoint (`origin + basePath`) with
// `/admin` appended, taken from the most recent push or pull.

import type { SyncEvent } from '../sync/types.ts';

type EndpointLike = Pick<SyncEvent, 'origin' | 'basePath'>;

export function suggestBaseUrl(events: readonly (EndpointLike | null | undefined)[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (!e || typeof e.origin !== 'string' || !/^https?:\/\/[^/]+$/.test(e.origin)) continue;
    const base = typeof e.basePath === 'string' ? e.basePath.replace(/\/+$/, '') : '';
    return `${e.origin}${base}/admin`;
  }
  return null;
}

/** Trims a typed base URL and its trailing slashes; null when it is not an http(s) URL. */
export function normalizeBaseUrl(text: string): string | null {
  const t = text.trim().replace(/\/+$/, '');
  try {
    const u = new URL(t);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.search || u.hash) return null;
    return t;
  } catch {
    return null;
  }
}
