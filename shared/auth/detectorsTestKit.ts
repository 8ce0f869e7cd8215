// Hand-built ledgers for the capture-wide detectors' case tests (detectors.cases.test.ts,
// detectStuck.cases.test.ts): rows one second apart, each with its credential and status.

import type { SeenCookie } from './cookieCause.ts';
import type { DetectorInput, TokenSignal } from './detectors.ts';
import { emptyTokenInfo } from './analyseToken.ts';
import { T0 } from './testFixtures.ts';
import type { CredentialState, LedgerEntry, SeenResponse, TokenInfo } from './types.ts';
import type { SyncEvent } from '../sync/types.ts';

export const EP = 'https://api.app.test/sync';
export const HASH = '0123456789abcdef';

function token(hash: string | null): TokenInfo {
  if (hash === null) return emptyTokenInfo();
  return { ...emptyTokenInfo(), present: true, shape: 'opaque', hash, length: 20 };
}

export interface Row {
  kind?: CredentialState;
  status?: number;
  at?: number;
  hash?: string | null;
  endpoint?: string;
  clientID?: string | null;
  empty?: boolean;
}

/** Ledger rows r1..rn one second apart from T0. */
export function rows(list: Row[]): LedgerEntry[] {
  return list.map((r, i) => {
    const endpoint = r.endpoint ?? EP;
    const kind = r.kind ?? 'none';
    return {
      requestId: `r${i + 1}`,
      index: i,
      kind: 'pull',
      url: `${endpoint}/pull`,
      endpoint,
      status: r.status ?? 200,
      startedAt: r.at ?? T0 + i * 1000,
      credentialKind: kind,
      scheme: kind === 'bearer' ? 'Bearer' : null,
      cookieNames: kind === 'cookie' ? ['session'] : [],
      token: token(r.hash === undefined ? (kind === 'bearer' ? HASH : null) : r.hash),
      tokenChanged: false,
      clockSkewSec: null,
      clientGroupID: 'g1',
      clientID: r.clientID === undefined ? 'c1' : r.clientID,
      ...(r.empty === true ? { emptyAuthorization: true } : {}),
    };
  });
}

export function input(
  ledger: LedgerEntry[],
  more: { seen?: SeenResponse[]; signals?: TokenSignal[]; cookies?: SeenCookie[]; events?: SyncEvent[] } = {},
): DetectorInput {
  return {
    events: more.events ?? [],
    ledger,
    cookies: more.cookies ?? [],
    seen: more.seen ?? [],
    signals: more.signals ?? [],
  };
}

export const n = (count: number, r: Row): Row[] => Array.from({ length: count }, () => ({ ...r }));
export const ids = (drafts: { requestIds: string[] }[]) => drafts.map((d) => d.requestIds);
