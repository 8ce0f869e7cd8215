// When a failed connect to the admin API is tried again: only for failures that can pass by
// themselves (the server down or restarting, slow, a 5xx), after 1 s, 2 s, 4 s ... up to a minute.
// A 401, 403, 404, CORS refusal, redirect or wrong answer needs the user, so it waits for them.

import type { ReachState } from '../../shared/admin/index.ts';

const RETRYABLE: ReadonlySet<ReachState> = new Set(['network', 'slow', 'server-error']);

export function retryable(state: ReachState): boolean {
  return RETRYABLE.has(state);
}

/** The wait before retry number `n` (0 first): base · 2ⁿ, at most `max`. */
export function retryDelay(n: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(Math.max(0, n), 30));
}
