// What the verdicts ask of the whole capture after every captured request (which database the
// traffic talks about, which client group, which clientIDs are this tab's, who the tab acts as),
// kept as folds (shared/prefixFold.ts) so a new request costs what it adds. pickDatabase,
// capturedGroup, tabClientIDsOf and userOf in verdicts.ts say the same from the whole lists; the
// tests hold each pair to the same answers.

import type { LedgerEntry } from '../../shared/auth/index.ts';
import type { BridgeHello, BridgeSnapshot, DbData } from '../../shared/pageReader/index.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createPrefixFold } from '../../shared/prefixFold.ts';

/** Per capture: where each client group was last named, and every clientID sent. */
export interface EventIndex {
  groupAt: Map<string, number>;
  clients: Set<string>;
}

export const createEventIndex = () =>
  createPrefixFold<SyncEvent, EventIndex>({
    init: () => ({ groupAt: new Map(), clients: new Set() }),
    copy: (s) => ({ groupAt: new Map(s.groupAt), clients: new Set(s.clients) }),
    add(s, e, i) {
      if (e.request.state !== 'ok') return;
      const group = e.request.value.clientGroupID;
      if (group) s.groupAt.set(group, i);
      const client = e.request.value.clientID;
      if (client) s.clients.add(client);
    },
  });

/** The database of the client group the latest request names that has one; the first one read otherwise. */
export function databaseFrom(data: Record<string, DbData>, index: EventIndex): DbData | null {
  const dbs = Object.values(data);
  let best: DbData | null = null;
  let bestAt = -1;
  for (const d of dbs) {
    const group = d.meta.clientGroupID;
    const at = typeof group === 'string' ? index.groupAt.get(group) : undefined;
    if (at !== undefined && at > bestAt) {
      best = d;
      bestAt = at;
    }
  }
  return best ?? dbs[0] ?? null;
}

/** The client group the latest captured request names. */
export function groupFrom(index: EventIndex): string | null {
  let group: string | null = null;
  let at = -1;
  for (const [g, i] of index.groupAt)
    if (i > at) {
      group = g;
      at = i;
    }
  return group;
}

export function tabClientIDsFrom(index: EventIndex, hello: BridgeHello | null, snapshot: BridgeSnapshot | null) {
  const ids = new Set(index.clients);
  if (hello?.clientID) ids.add(hello.clientID);
  if (snapshot?.clientID) ids.add(snapshot.clientID);
  return [...ids].sort();
}

/** Per ledger: the latest token sub, overall and per client group (null: entries without one). */
interface UserIndex {
  last: { at: number; sub: string } | null;
  byGroup: Map<string | null, { at: number; sub: string }>;
}

export const createUserIndex = () =>
  createPrefixFold<LedgerEntry, UserIndex>({
    init: () => ({ last: null, byGroup: new Map() }),
    copy: (s) => ({ last: s.last, byGroup: new Map(s.byGroup) }),
    add(s, e, i) {
      const sub = e.token.sub;
      if (!sub) return;
      s.last = { at: i, sub };
      s.byGroup.set(e.clientGroupID, s.last);
    },
  });

/** Who the tab acts as: the sub of the latest token of this group's requests (or of one without a group). */
export function userFrom(index: UserIndex, group: string | null): string | undefined {
  if (group === null) return index.last?.sub;
  const mine = index.byGroup.get(group);
  const any = index.byGroup.get(null);
  const latest = !mine ? any : !any ? mine : mine.at > any.at ? mine : any;
  return latest?.sub;
}
