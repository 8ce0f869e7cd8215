// The per-request token ledger: one row per sync request in start order, with what its credential
// said at that moment. Rebuilt from the captured events whenever the panel needs it; pure.

import type { SyncEvent } from '../sync/types.ts';
import { analyseToken, type TokenFacts } from './analyseToken.ts';
import { authorizationOf, cookieNamesOf, credentialStateOf, header, isEmptyAuthorization } from './headers.ts';
import type { LedgerEntry } from './types.ts';

export interface LedgerOptions {
  /** How requests are grouped for `tokenChanged`; defaults to origin + basePath. */
  endpointOf?: (event: SyncEvent) => string;
}

/** Events sorted by start time; ties keep capture order. Non-finite starts sort last. */
export function orderEvents(events: readonly SyncEvent[]): SyncEvent[] {
  const key = (e: SyncEvent) => (Number.isFinite(e.startedAt) ? e.startedAt : Number.POSITIVE_INFINITY);
  // Captured requests mostly arrive in order already: one pass says so, and no sort is needed.
  let sorted = true;
  for (let i = 1; i < events.length && sorted; i++) {
    const a = events[i - 1];
    const b = events[i];
    if (!a || !b || key(a) > key(b)) sorted = false;
  }
  if (sorted) return [...events];
  return events
    .map((event, i) => ({ event, i }))
    .sort((a, b) => key(a.event) - key(b.event) || a.i - b.i)
    .map((x) => x.event);
}

export function endpointOf(event: SyncEvent): string {
  return `${event.origin}${event.basePath}`;
}

/** The response Date header as unix ms, when present and parseable. */
export function responseDateOf(event: SyncEvent): number | undefined {
  const raw = header(event.responseHeaders, 'date');
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? ms : undefined;
}

export function clientIdsOf(event: SyncEvent): { clientGroupID: string | null; clientID: string | null } {
  const req = event.request;
  if (req.state === 'ok') {
    const { clientGroupID, clientID } = req.value;
    return {
      clientGroupID: typeof clientGroupID === 'string' ? clientGroupID : null,
      clientID: typeof clientID === 'string' ? clientID : null,
    };
  }
  return { clientGroupID: null, clientID: null };
}

export function ledgerEntryFor(event: SyncEvent, index: number, cache?: Map<string, TokenFacts>): LedgerEntry {
  // Each header is read once per request (the Authorization parts, the cookie names and the Date
  // serve several fields): the ledger is built for every captured request.
  const auth = authorizationOf(event);
  const cookieNames = cookieNamesOf(event);
  const responseDate = responseDateOf(event);
  // analyseToken builds one literal of a fixed shape; the entry is one too (no spreads), so every
  // entry and token shares a hidden class and the detectors' loops over them stay fast.
  const token = analyseToken(auth.token, { requestStart: event.startedAt, responseDate }, cache);
  const ids = clientIdsOf(event);
  const entry: LedgerEntry = {
    requestId: event.id,
    index,
    kind: event.kind,
    url: event.url,
    endpoint: endpointOf(event),
    status: event.status,
    startedAt: event.startedAt,
    credentialKind: credentialStateOf(event, auth, () => cookieNames),
    scheme: auth.scheme,
    cookieNames,
    token,
    tokenChanged: false,
    clockSkewSec: token.clockSkewSec ?? skewOnly(event, responseDate),
    clientGroupID: ids.clientGroupID,
    clientID: ids.clientID,
  };
  if (isEmptyAuthorization(auth)) entry.emptyAuthorization = true;
  return entry;
}

export function buildLedger(events: readonly SyncEvent[], opts: LedgerOptions = {}): LedgerEntry[] {
  const groupOf = opts.endpointOf ?? endpointOf;
  const lastHash = new Map<string, string | null>();
  const facts = new Map<string, TokenFacts>();
  return orderEvents(events).map((event, index) => {
    const entry = ledgerEntryFor(event, index, facts);
    const group = groupOf(event);
    if (lastHash.has(group)) entry.tokenChanged = lastHash.get(group) !== entry.token.hash;
    lastHash.set(group, entry.token.hash);
    return entry;
  });
}

/** Skew for requests without a token (cookie auth): the Date header still says something. */
function skewOnly(event: SyncEvent, date: number | undefined): number | null {
  const skew = date !== undefined ? (date - event.startedAt) / 1000 : Number.NaN;
  return Number.isFinite(skew) ? skew : null;
}
