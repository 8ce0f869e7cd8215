// The token ledger, kept across analysis passes: each request's entry is built once (its token
// decoded once per distinct token) and reused while its event is unchanged; only the index and
// `tokenChanged`, which depend on the neighbours, are re-derived per pass. Same result as
// shared/auth buildLedger over the same events.

import { endpointOf, ledgerEntryFor, orderEvents, type LedgerEntry, type TokenFacts } from '../../shared/auth/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';

/** Distinct tokens remembered for decoding; a capture rarely sees more than a handful. */
const MAX_FACTS = 2_000;

export function createLedgerCache() {
  let entries = new WeakMap<SyncEvent, LedgerEntry>();
  // Raw tokens as keys: memory only, like the captured rows themselves.
  let facts = new Map<string, TokenFacts>();
  return {
    /** The ledger of `events` in start order. */
    build(events: readonly SyncEvent[]): LedgerEntry[] {
      if (facts.size > MAX_FACTS) facts = new Map();
      const lastHash = new Map<string, string | null>();
      return orderEvents(events).map((event, index) => {
        let entry = entries.get(event);
        if (!entry) entries.set(event, (entry = ledgerEntryFor(event, index, facts)));
        const group = endpointOf(event);
        const tokenChanged = lastHash.has(group) ? lastHash.get(group) !== entry.token.hash : false;
        lastHash.set(group, entry.token.hash);
        if (entry.index !== index || entry.tokenChanged !== tokenChanged)
          entries.set(event, (entry = { ...entry, index, tokenChanged }));
        return entry;
      });
    },
    clear() {
      entries = new WeakMap();
      facts = new Map();
    },
  };
}
