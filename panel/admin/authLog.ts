// The admin API's auth-decision log on the panel side: its state (part of the admin slice), its
// reducer, and the poll that walks `/auth-log?since=` each round, like `/errors`. It also reads
// `/info`'s `auth` once per base URL. A failure here never marks the admin API unreachable: an
// older handler simply has no `/auth-log`, and the rest of the Server view still works.

import { signal } from '@preact/signals';
import {
  DEFAULT_MAX_DECISIONS,
  emptyAuthLog,
  mergeAuthLog,
  parseAuthExpectations,
  parseAuthLog,
  type AuthExpectations,
  type AuthLog,
} from '../../shared/admin/authLog.ts';
import type { Guarded } from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { Got } from './http.ts';

export function createAuthLogState(maxDecisions = DEFAULT_MAX_DECISIONS) {
  return {
    maxDecisions,
    log: signal<AuthLog>(emptyAuthLog()),
    expectations: signal<AuthExpectations | null>(null),
    /** The base URL whose `/info` `auth` was read; another one is read again. */
    expectationsFor: signal<string | null>(null),
  };
}

export type AuthLogState = ReturnType<typeof createAuthLogState>;

function reset(state: AuthLogState) {
  state.log.value = emptyAuthLog();
  state.expectations.value = null;
  state.expectationsFor.value = null;
}

/**
 * The auth-log part of the admin reducer. `baseUrl` is the admin slice's current one. Returns true
 * when the message was an auth-log one; settings changes only reset (the admin reducer goes on).
 */
export function applyAuthLogMessage(state: AuthLogState, baseUrl: string, msg: CaptureMessage): boolean {
  switch (msg.type) {
    case 'adminSettings':
      if (msg.baseUrl !== baseUrl) reset(state); // another server's log is not this one's continuation
      return false;
    case 'adminAuthLog': {
      const next = mergeAuthLog(state.log.value, msg.page, msg.since, state.maxDecisions);
      if (next) state.log.value = next;
      return true;
    }
    case 'adminAuthLogProblem':
      state.log.value = { ...state.log.value, problem: msg.problem };
      return true;
    case 'adminAuthExpectations':
      state.expectations.value = msg.expectations;
      state.expectationsFor.value = msg.baseUrl;
      return true;
    default:
      return false;
  }
}

export interface AuthLogPollDeps {
  state: AuthLogState;
  baseUrl: string;
  get: <T>(path: string, guard: (x: unknown) => Guarded<T>) => Promise<Got<T>>;
  dispatch: (msg: CaptureMessage) => void;
  /** True once the round this poll belongs to is obsolete (settings changed, disposed). */
  stale: () => boolean;
  limit: number;
  maxPages: number;
}

/** One round: `/info`'s `auth` when not read yet for this base URL, then the new decisions. */
export async function pollAuthLog(d: AuthLogPollDeps): Promise<void> {
  if (d.state.expectationsFor.value !== d.baseUrl) {
    const info = await d.get('/info', (x) => ({ ok: true, value: parseAuthExpectations(x) }));
    if (d.stale()) return;
    if (info.ok) d.dispatch({ type: 'adminAuthExpectations', baseUrl: d.baseUrl, expectations: info.value });
  }
  for (let pages = 0; pages < d.maxPages; pages++) {
    const before = d.state.log.value;
    const got = await d.get(`/auth-log?since=${before.since}&limit=${d.limit}`, parseAuthLog);
    if (d.stale()) return;
    if (!got.ok) {
      const problem =
        got.reach.state === 'not-found'
          ? "This admin API has no /auth-log (an older handler): the server's reasons for refusals cannot be read."
          : `The auth-decision log could not be read: ${got.reach.message}`;
      if (before.problem !== problem) d.dispatch({ type: 'adminAuthLogProblem', problem });
      return;
    }
    d.dispatch({ type: 'adminAuthLog', page: got.value, since: before.since });
    const after = d.state.log.value;
    if (!got.value.hasMore || after.since <= before.since) return;
  }
}
