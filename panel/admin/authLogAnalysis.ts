// What the findings computation needs from the admin API's auth-decision log and the page's other
// responses: each captured request's recorded decision (joined), the app's declared expectations,
// and the moments a response handed out a token. Computeds, created once by the analysis.

import { computed, type ReadonlySignal } from '@preact/signals';
import {
  issuesToken,
  joinDecisions,
  joinRequestsOf,
  tokenResponseSignal,
  type AuthDecisionJoin,
  type FindingOptions,
  type IncidentBundle,
  type LedgerEntry,
  type TokenSignal,
} from '../../shared/auth/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import type { CapturedRow } from '../store/rows.ts';
import type { AuthLogState } from './authLog.ts';

export type { AuthLogState };

export interface ServerAuthInputs {
  rows: ReadonlySignal<CapturedRow[]>;
  imported: ReadonlySignal<IncidentBundle | null>;
  authLog?: AuthLogState;
}

export function createServerAuth(
  inp: ServerAuthInputs,
  events: ReadonlySignal<SyncEvent[]>,
  ledger: ReadonlySignal<LedgerEntry[]>,
) {
  const decisions = computed<AuthDecisionJoin>(() => {
    const log = inp.authLog?.log.value;
    if (inp.imported.value || !log || log.decisions.length === 0) return new Map();
    return joinDecisions(joinRequestsOf(events.value, ledger.value), log.decisions);
  });
  // Rows never change once their body is in (a body makes a new row), so each is read once.
  const issued = new WeakMap<CapturedRow, TokenSignal | null>();
  const signals = computed<TokenSignal[]>(() => {
    const out: TokenSignal[] = [];
    for (const r of inp.rows.value) {
      if (r.event) continue;
      let s = issued.get(r);
      if (s === undefined)
        issued.set(
          r,
          (s =
            r.status >= 200 && r.status < 300 && issuesToken(r.body) ? tokenResponseSignal(r.url, r.startedAt) : null),
        );
      if (s) out.push(s);
    }
    return out;
  });
  const findingOptions = computed<Pick<FindingOptions, 'server' | 'signals'>>(() => ({
    server: {
      joined: decisions.value,
      tapInstalled: inp.authLog?.log.value.tapInstalled ?? null,
      expectations: inp.authLog?.expectations.value ?? null,
    },
    signals: signals.value,
  }));
  return { decisions, findingOptions };
}
