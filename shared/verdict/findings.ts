// verdictFindings: the verdicts turned into the panel's Findings list, beside the auth findings:
// one per silent-revert cause, one per table with filtered reads, one for lost mutations, and notes
// on what could not be judged. Each says the cause and the fix in one line for a plasma developer.

import type { Finding } from '../auth/types.ts';
import { describeRevert } from './revertText.ts';
import type { MutationVerdict, RowVerdict } from './types.ts';
import { argIds, rowKey } from './util.ts';

export type VerdictFindingCode =
  'silent-revert' | 'mutation-error' | 'filtered-read' | 'lost-mutation' | 'verdict-undecided';

/** The auth Finding shape with a verdict code and links to the mutations and rows behind it. */
export type VerdictFinding = Omit<Finding, 'code'> & {
  code: VerdictFindingCode;
  mutationKeys?: string[];
  rowKeys?: string[];
  /** Whose mutations: this tab's, or another client's of the same group (known only from the server). */
  client?: ClientAttribution;
};

export type ClientAttribution = 'this-tab' | 'other-client';

export interface VerdictFindingOptions {
  /** Who the client acts as (a token's sub), to name them in causes. */
  user?: string;
  /**
   * This tab's clientIDs: the ones its own requests and its page (bridge, storage) name. When known,
   * a mutation of any other clientID is another client's (another tab of the group), never this tab's.
   */
  tabClientIDs?: readonly string[];
}

/** Whose mutation this is; undefined while this tab's clientIDs are not known. */
export function attributeClient(
  clientID: string,
  tabClientIDs: readonly string[] | undefined,
): ClientAttribution | undefined {
  if (!tabClientIDs || tabClientIDs.length === 0) return undefined;
  return tabClientIDs.includes(clientID) ? 'this-tab' : 'other-client';
}

const RANK = { error: 0, warning: 1, info: 2 } as const;
const UNDECIDED_TAP = 'no-error-tap';
const UNDECIDED_LOG = 'log-incomplete';
const OTHER = 'other-client\u0000';

export function verdictFindings(
  mutations: readonly MutationVerdict[],
  rows: readonly RowVerdict[],
  options: VerdictFindingOptions = {},
): VerdictFinding[] {
  const byKey = new Map<string, RowVerdict>();
  const keep: RowVerdict[] = [];
  for (const r of rows) {
    byKey.set(r.key, r);
    if (r.state === 'reverted' || r.state === 'filtered') keep.push(r);
  }
  return verdictFindingsOf(mutations, keep, (table, id) => byKey.get(rowKey(table, id)), options);
}

/**
 * The findings from the verdicts that can raise one (the engine keeps those apart, so this costs
 * what they number, not the store size): mutations in order, rows in order, and a lookup for the
 * rows a revert names.
 */
export function verdictFindingsOf(
  mutations: Iterable<MutationVerdict>,
  rows: readonly RowVerdict[],
  lookup: (table: string, id: string) => RowVerdict | undefined,
  options: VerdictFindingOptions = {},
): VerdictFinding[] {
  const out: VerdictFinding[] = [];
  const reverts = new Map<string, MutationVerdict[]>();
  const lost: MutationVerdict[] = [];
  const undecided = new Map<string, MutationVerdict[]>();
  for (const m of mutations) {
    if (m.status === 'silently-reverted') {
      // Another client's reverts are grouped apart: they are not this tab's to fix.
      const other =
        attributeClient(m.clientID, options.tabClientIDs) === 'other-client' ? `${OTHER}${m.clientID}\u0000` : '';
      group(reverts, other + (m.rule ? `${m.rule.table}.${m.rule.predicate}` : (m.cause ?? '')), m);
    } else if (m.status === 'lost') lost.push(m);
    else if (m.status === 'unknown' && m.cause?.startsWith('cannot tell')) group(undecided, UNDECIDED_TAP, m);
    else if (m.status === 'unknown' && m.cause?.startsWith('the change log is incomplete'))
      group(undecided, UNDECIDED_LOG, m);
  }
  // Only what the revert findings read: rows named by a group's first mutation (for the owner in
  // the cause) and rows in the reverted state.
  const rowsByKey = new Map<string, RowVerdict>();
  for (const ms of reverts.values()) {
    const m = ms[0];
    if (!m) continue;
    const id = argIds(m.args)[0];
    const r = m.rule && id !== undefined ? lookup(m.rule.table, id) : undefined;
    if (r) rowsByKey.set(r.key, r);
  }
  const revertedRows = new Map<string, string[]>();
  for (const r of rows) if (r.state === 'reverted') for (const k of r.mutationKeys) group(revertedRows, k, r.key);
  for (const [key, all] of reverts) {
    const [first, ...rest] = all;
    if (!first) continue;
    const ms: [MutationVerdict, ...MutationVerdict[]] = [first, ...rest];
    const client = attributeClient(first.clientID, options.tabClientIDs);
    const other = client === 'other-client';
    const text = describeRevert(ms, rowsByKey, options.user, other ? first.clientID : undefined);
    // A loop, not flatMap with a callback made per group: no new function for V8 to optimise each judge.
    const named = new Set<string>();
    for (const m of ms) for (const k of revertedRows.get(m.key) ?? []) named.add(k);
    const rowKeys = [...named];
    // Another tab's revert is real but not this tab's doing: shown, one level lower.
    const f = finding(
      first.rule ? 'silent-revert' : 'mutation-error',
      key,
      other ? 'warning' : 'error',
      text.title,
      text.cause,
      text.fix,
      ms,
      rowKeys,
    );
    if (client) f.client = client;
    out.push(f);
  }
  const filtered = new Map<string, RowVerdict[]>();
  for (const r of rows) if (r.state === 'filtered') group(filtered, r.table, r);
  for (const [table, rs] of filtered) {
    const confirmed = rs.filter((r) => r.confirmed === true).length;
    const title = `${rs.length} ${table} row${rs.length === 1 ? '' : 's'} hidden from this client by auth.read`;
    const cause = `auth.read for ${table} hid ${list(rs.map((r) => r.id))} from this client group's pulls; ${confirmed === rs.length ? 'confirmed by /rows' : `${confirmed} of ${rs.length} confirmed by /rows, the rest inferred from the cookie`}`;
    const fix = `If the user should see them, check auth.read for ${table} against the ctx the server recorded for this group; otherwise the filter works as meant`;
    out.push(
      finding(
        'filtered-read',
        table,
        confirmed > 0 ? 'warning' : 'info',
        title,
        cause,
        fix,
        [],
        rs.map((r) => r.key),
      ),
    );
  }
  if (lost.length > 0) {
    const title = `${lost.length} mutation${lost.length === 1 ? '' : 's'} lost before the server processed ${lost.length === 1 ? 'it' : 'them'}`;
    const cause = `The client made ${list(lost.map((m) => `${m.name} #${m.mutationID}`))}, but ${lost.length === 1 ? 'it is' : 'they are'} in neither the outbox nor the server's watermark: local state was reset or the database deleted before the push`;
    const fix =
      'Wait for the outbox to drain before resetLocalState(), or warn the user that unsynced changes are discarded';
    out.push(finding('lost-mutation', 'lost', 'warning', title, cause, fix, lost, []));
  }
  const tap = undecided.get(UNDECIDED_TAP);
  if (tap) {
    out.push(
      finding(
        'verdict-undecided',
        UNDECIDED_TAP,
        'info',
        `${tap.length} mutation${tap.length === 1 ? '' : 's'} wrote no rows: reverted or no-op cannot be told apart`,
        `The server processed ${list(tap.map((m) => `${m.name} #${m.mutationID}`))} and no change row carries ${tap.length === 1 ? 'its' : 'their'} provenance, but /errors is unavailable`,
        "Wrap the server's onError with the admin error tap so a rollback records its cause",
        tap,
        [],
      ),
    );
  }
  const log = undecided.get(UNDECIDED_LOG);
  if (log) {
    out.push(
      finding(
        'verdict-undecided',
        UNDECIDED_LOG,
        'info',
        `${log.length} mutation${log.length === 1 ? '' : 's'} predate the known part of the change log`,
        `No verdict for ${list(log.map((m) => `${m.name} #${m.mutationID}`))}: the log is incomplete (compacted, or read from a later row version) for their range`,
        'Read /changes from an earlier row version, or judge only mutations made after the panel opened',
        log,
        [],
      ),
    );
  }
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.id < b.id ? -1 : 1));
}

function group<V>(map: Map<string, V[]>, key: string, value: V): void {
  const cur = map.get(key);
  if (cur) cur.push(value);
  else map.set(key, [value]);
}

/** `a, b, c and 4 more`. */
export function list(items: readonly string[], max = 5): string {
  const head = items.slice(0, max).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}

function finding(
  code: VerdictFindingCode,
  key: string,
  severity: VerdictFinding['severity'],
  title: string,
  cause: string,
  fix: string,
  ms: readonly MutationVerdict[],
  rowKeys: string[],
): VerdictFinding {
  const requestIds = [...new Set(ms.flatMap((m) => m.requestIds))];
  return {
    id: `${code}-${fnv1a(`${code}\u0000${key}`)}`,
    code,
    severity,
    title,
    cause,
    fix,
    requestIds,
    ...(ms.length > 0 ? { mutationKeys: ms.map((m) => m.key) } : {}),
    ...(rowKeys.length > 0 ? { rowKeys } : {}),
  };
}

/** FNV-1a 32, hex: a stable, short id part. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
