// What this capture could not see. DevTools records traffic only while it is open, so a panel
// opened (or cleared) part-way through an app's session starts from the middle: the evidence that
// the app had synced before is in what was captured (a first pull that already carries a cookie, a
// client whose first captured push is not its first mutation) and in the page's database (a cookie,
// outbox entries older than the capture). The panel then says so, and never calls such a session
// healthy as a whole. Pure: inputs in, wording out.

import type { DbData } from '../../shared/pageReader/types.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { createPrefixFold, type FoldSpec } from '../../shared/prefixFold.ts';

export interface Coverage {
  /** When this capture began (the panel opened, or the list was cleared), unix ms. */
  since: number;
  /** Evidence that the app was already syncing before `since`; empty when the capture saw its start. */
  before: string[];
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What the captured requests say of the session's start: its earliest pull, each client's lowest mutation id. */
interface CoverageFacts {
  firstPull: SyncEvent | null;
  firstPush: Map<string, number>;
}

const coverageFold: FoldSpec<SyncEvent, CoverageFacts> = {
  init: () => ({ firstPull: null, firstPush: new Map() }),
  copy: (s) => ({ firstPull: s.firstPull, firstPush: new Map(s.firstPush) }),
  add(s, e) {
    if (e.request.state !== 'ok') return;
    if (e.kind === 'pull') {
      if (!s.firstPull || e.startedAt < s.firstPull.startedAt) s.firstPull = e;
      return;
    }
    const client = e.request.value.clientID;
    if (client === null) return;
    // The lowest finite mutation id, in one pass (no arrays per push: this runs over every capture).
    let lowest = Number.POSITIVE_INFINITY;
    for (const m of e.request.value.mutations) if (Number.isFinite(m.id) && m.id < lowest) lowest = m.id;
    if (lowest === Number.POSITIVE_INFINITY) return;
    const before = s.firstPush.get(client);
    if (before === undefined || lowest < before) s.firstPush.set(client, lowest);
  },
};

export function coverageOf(events: readonly SyncEvent[], dbs: readonly DbData[], since: number): Coverage {
  const facts = coverageFold.init();
  for (const [i, e] of events.entries()) coverageFold.add(facts, e, i);
  return coverageFrom(facts, dbs, since);
}

/** coverageOf for a panel that asks after every captured request: each request is folded once (shared/prefixFold.ts). */
export function createCoverage() {
  const fold = createPrefixFold(coverageFold);
  return (events: readonly SyncEvent[], dbs: readonly DbData[], since: number) =>
    coverageFrom(fold(events), dbs, since);
}

function coverageFrom({ firstPull, firstPush }: CoverageFacts, dbs: readonly DbData[], since: number): Coverage {
  const before: string[] = [];
  const cookie = firstPull?.kind === 'pull' && firstPull.request.state === 'ok' ? firstPull.request.value.cookie : null;
  if (cookie) {
    const version = 'rowVersion' in cookie && cookie.rowVersion !== null ? ` (row_version ${cookie.rowVersion})` : '';
    before.push(`the first captured pull already carried a cookie${version}, so earlier pulls were not seen`);
  }
  const late = [...firstPush].filter(([, id]) => id > 1);
  const [earliest] = late;
  if (earliest) {
    const [client, id] = earliest;
    const more = late.length > 1 ? ` (and ${plural(late.length - 1, 'other client')})` : '';
    before.push(
      `client ${JSON.stringify(client)}'s first captured push starts at mutation ${id}, so mutations 1–${id - 1} were sent before${more}`,
    );
  }
  for (const db of dbs) {
    const metaCookie = db.meta['cookie'];
    if (!firstPull && metaCookie !== undefined && metaCookie !== null && metaCookie !== '') {
      before.push(
        `the page's database ${JSON.stringify(db.name)} already holds a sync cookie, though no pull was captured`,
      );
    }
    const old = db.outbox.filter((o) => o.timestamp !== null && o.timestamp < since).length;
    if (old)
      before.push(
        `${old} outbox ${old === 1 ? 'entry' : 'entries'} in ${JSON.stringify(db.name)} ${old === 1 ? 'was' : 'were'} written before capture began`,
      );
  }
  return { since, before };
}

/** What the findings list says when it has nothing to report. */
export function noFindingsText(c: Coverage, clock: (ms: number) => string): string {
  if (c.before.length === 0) return 'No findings: every captured sync request looks healthy.';
  return `No findings in what was captured since ${clock(c.since)}, but that is not the whole session: ${c.before.join('; ')}. Requests from before cannot be recovered; reload the page with DevTools open to judge a session from its start.`;
}

/** The note above the findings whenever the capture began part-way through; null otherwise. */
export function captureWindowNote(c: Coverage, clock: (ms: number) => string): string | null {
  if (c.before.length === 0) return null;
  return `Captured since ${clock(c.since)}, part-way through the app's session: ${c.before.join('; ')}. Findings and verdicts cover only what was captured.`;
}
