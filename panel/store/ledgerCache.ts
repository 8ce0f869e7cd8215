// The token ledger, kept across analysis passes: each request's entry is built once (its token
// decoded once per distinct token) and reused while its event is unchanged; only the index and
// `tokenChanged`, which depend on the neighbours, are re-derived per pass. Same result as
// shared/auth buildLedger over the same events.

import { ledgerEntryFor, orderEvents, type LedgerEntry, type TokenFacts } from '../../shared/auth/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';

/** Distinct tokens remembered for decoding; a capture rarely sees more than a handful. */
const MAX_FACTS = 2_000;

export function createLedgerCache() {
  let entries = new WeakMap<SyncEvent, LedgerEntry>();
  // Raw tokens as keys: memory only, like the captured rows themselves.
  let facts = new Map<string, TokenFacts>();
  /** The last call's events in start order, its ledger, and each endpoint's last token hash after it. */
  let lastOrdered: readonly SyncEvent[] = [];
  let lastLedger: readonly LedgerEntry[] = [];
  let lastHash = new Map<string, string | null>();
  return {
    /** The ledger of `events` in start order. */
    build(events: readonly SyncEvent[]): LedgerEntry[] {
      if (facts.size > MAX_FACTS) facts = new Map();
      const ordered = orderEvents(events);
      const before = lastOrdered;
      lastOrdered = []; // until this call ends: one that throws leaves nothing to go on from
      // Requests appended after the last call's (the common case): its entries stand, and the
      // token-change state goes on from where it stopped.
      let kept = before.length <= ordered.length ? before.length : 0;
      for (let i = 0; i < kept; i++) if (ordered[i] !== before[i]) kept = 0;
      const out = lastLedger.slice(0, kept);
      if (kept === 0) lastHash = new Map();
      for (let index = kept; index < ordered.length; index++) {
        const event = ordered[index];
        if (!event) continue;
        let entry = entries.get(event);
        const fresh = !entry;
        entry ??= ledgerEntryFor(event, index, facts);
        const group = entry.endpoint;
        const held = lastHash.get(group);
        const tokenChanged = held !== undefined || lastHash.has(group) ? held !== entry.token.hash : false;
        lastHash.set(group, entry.token.hash);
        // An entry built just now is no one else's yet: set in place rather than copied.
        if (fresh) {
          entry.tokenChanged = tokenChanged;
          entries.set(event, entry);
        } else if (entry.index !== index || entry.tokenChanged !== tokenChanged)
          entries.set(event, (entry = { ...entry, index, tokenChanged }));
        out.push(entry);
      }
      lastOrdered = ordered;
      lastLedger = out;
      return out;
    },
    clear() {
      entries = new WeakMap();
      facts = new Map();
      lastOrdered = [];
      lastLedger = [];
      lastHash = new Map();
    },
  };
}
