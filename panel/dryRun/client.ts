// The panel side of the admin API's dry runs: one POST per "Replay as…" or "Read as…" click, through
// panel/admin's adminGet (same auth header, timeouts and reachability messages) with a fetch that
// turns its GET into the POST these two routes take. Lives as long as the component that made it.

import {
  parseReadAsAnswer,
  parseReplayAnswer,
  type ReadAsAnswer,
  type ReplayAnswer,
} from '../../shared/admin/dryRun.ts';
import type { AdminSecret, Guarded } from '../../shared/admin/index.ts';
import { adminGet, type Got } from '../admin/http.ts';

export interface DryRunClientDeps {
  fetch: typeof fetch;
  timeoutMs?: number;
  extensionOrigin?: string;
}

export interface DryRunTarget {
  baseUrl: string;
  credential: AdminSecret | null;
}

export const NOT_ENABLED_MESSAGE =
  'Dry runs are not enabled on this server: the app must pass `dryRun` hooks to createAdminHandler (see server/README.md).';

/** A fetch that sends `body` as a JSON POST; adminGet's no-cors reachability probe stays a plain GET. */
function postingFetch(inner: typeof fetch, body: string, seen: { notEnabled: boolean }): typeof fetch {
  return async (input, init) => {
    if (init?.mode === 'no-cors') return inner(input, init);
    const headers = { ...(init?.headers as Record<string, string> | undefined), 'content-type': 'application/json' };
    const res = await inner(input, { ...init, method: 'POST', headers, body });
    if (res.status === 404) {
      // The handler's own 404 for a disabled feature, told apart from "no admin API at this URL".
      const text = await res
        .clone()
        .text()
        .catch(() => '');
      seen.notEnabled = text.includes('dry run not enabled');
    }
    return res;
  };
}

const REAL_TIMERS = {
  set: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createDryRunClient(deps: DryRunClientDeps) {
  async function post<T>(
    target: DryRunTarget,
    route: 'replay' | 'read',
    body: unknown,
    guard: (x: unknown) => Guarded<T>,
  ): Promise<Got<T>> {
    const seen = { notEnabled: false };
    const http = {
      fetch: postingFetch(deps.fetch, JSON.stringify(body), seen),
      timeoutMs: deps.timeoutMs ?? 15_000,
      timers: REAL_TIMERS,
      ...(deps.extensionOrigin ? { extensionOrigin: deps.extensionOrigin } : {}),
    };
    const got = await adminGet(http, target.baseUrl, `/dry-run/${route}`, target.credential, guard);
    if (!got.ok && seen.notEnabled) return { ok: false, reach: { state: 'not-found', message: NOT_ENABLED_MESSAGE } };
    return got;
  }
  return {
    replay: (target: DryRunTarget, body: unknown): Promise<Got<ReplayAnswer>> =>
      post(target, 'replay', body, parseReplayAnswer),
    readAs: (target: DryRunTarget, body: unknown): Promise<Got<ReadAsAnswer>> =>
      post(target, 'read', body, parseReadAsAnswer),
  };
}

export type DryRunClient = ReturnType<typeof createDryRunClient>;
