// The words of a silent-revert finding: which rule rolled back whose mutation of which row, and why
// the row failed it, read from the row's owner-like field (owner, team, ...) when it has one.

import type { MutationVerdict, Row, RowVerdict } from './types.ts';
import { argIds, isRecord, rowKey } from './util.ts';

// In the order a write rule most likely checks them; author-like fields last, since a board item's
// author is usually the writer and its team is what the rule checks.
const FIELDS: [string, 'owner' | 'team'][] = [
  ['owner', 'owner'],
  ['ownerId', 'owner'],
  ['userId', 'owner'],
  ['user', 'owner'],
  ['team', 'team'],
  ['teamId', 'team'],
  ['org', 'team'],
  ['orgId', 'team'],
  ['tenant', 'team'],
  ['tenantId', 'team'],
  ['author', 'owner'],
  ['createdBy', 'owner'],
];

export interface RevertText {
  title: string;
  cause: string;
  fix: string;
}

/** The first owner- or team-like field, skipping one that names the user (that cannot be the reason). */
function field(
  row: Row | null | undefined,
  user: string | undefined,
): { name: string; value: string; kind: 'owner' | 'team' } | null {
  if (!row) return null;
  for (const [name, kind] of FIELDS) {
    const v = row[name];
    if ((typeof v === 'string' || typeof v === 'number') && String(v) !== user) return { name, value: String(v), kind };
  }
  return null;
}

/** The row the first mutation targeted: its server (or base) value, else the args it would write. */
function targetRow(m: MutationVerdict, rows: ReadonlyMap<string, RowVerdict>): { id: string | null; row: Row | null } {
  const id = argIds(m.args)[0] ?? null;
  if (id !== null && m.rule) {
    const r = rows.get(rowKey(m.rule.table, id));
    if (r?.server || r?.base) return { id, row: r.server ?? r.base };
  }
  return { id, row: isRecord(m.args) ? m.args : null };
}

/** `otherClient`: the clientID when the mutations are another client's of the group, not this tab's. */
export function describeRevert(
  ms: readonly [MutationVerdict, ...MutationVerdict[]],
  rows: ReadonlyMap<string, RowVerdict>,
  user?: string,
  otherClient?: string,
): RevertText {
  const first = ms[0];
  const more = ms.length > 1 ? ` (and ${ms.length - 1} more)` : '';
  const count = `${ms.length} mutation${ms.length === 1 ? '' : 's'}${otherClient !== undefined ? ` of another client (${otherClient.slice(0, 8)})` : ''}`;
  // Another client may act as someone else: name it by its clientID, not by this tab's user.
  const who = otherClient !== undefined ? `another client's (${otherClient.slice(0, 8)}) ` : user ? `${user}'s ` : '';
  if (otherClient !== undefined) user = undefined;
  const { id, row } = targetRow(first, rows);
  const of = id !== null ? ` of ${id}` : '';
  if (!first.rule) {
    const message = first.cause ?? 'an error';
    return {
      title: `${count} rolled back on the server: ${message}`,
      cause: `The server's ${first.name} threw "${message}" for ${who}${first.name}${of}${more}; the push still answered 200 and the optimistic change was dropped`,
      fix: `Make the client-side ${first.name} fail the same way (validate args before mutate), or fix what makes the server's run throw`,
    };
  }
  const rule = `${first.rule.table}.${first.rule.predicate}`;
  const f = field(row, user);
  const why = f ? `: the row's ${f.name} is ${f.value}` : '';
  const whose = !f
    ? 'rows the user may not write'
    : f.kind === 'owner'
      ? 'rows the user does not own'
      : "rows outside the user's teams";
  return {
    title: `${count} silently reverted by ${rule}`,
    cause: `${rule} rejected ${who}${first.name}${of}${why}${more}`,
    fix:
      first.rule.predicate === 'write'
        ? `Check auth.write for ${first.rule.table}, or stop offering the edit in the UI for ${whose}`
        : `Check auth.read for ${first.rule.table}: the mutator read a row the user may not read`,
  };
}
