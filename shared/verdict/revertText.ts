// The words of a silent-revert finding: which rule rolled back whose mutation of which row, and why
// the row failed it, read from the row's owner-like field (owner, team, ...) when it has one.

import type { MutationVerdict, Row, RowVerdict } from './types.ts';
import { argIds, isRecord, rowKey } from './util.ts';

const OWNER_FIELDS = ['owner', 'ownerId', 'userId', 'user', 'author', 'createdBy'];
const TEAM_FIELDS = ['team', 'teamId', 'org', 'orgId', 'tenant', 'tenantId'];

export interface RevertText {
  title: string;
  cause: string;
  fix: string;
}

function field(row: Row | null | undefined, names: readonly string[]): [string, string] | null {
  if (!row) return null;
  for (const n of names) {
    const v = row[n];
    if (typeof v === 'string' || typeof v === 'number') return [n, String(v)];
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

export function describeRevert(ms: readonly MutationVerdict[], rows: ReadonlyMap<string, RowVerdict>, user?: string): RevertText {
  const first = ms[0]!;
  const more = ms.length > 1 ? ` (and ${ms.length - 1} more)` : '';
  const count = `${ms.length} mutation${ms.length === 1 ? '' : 's'}`;
  const who = user ? `${user}'s ` : '';
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
  const owner = field(row, OWNER_FIELDS);
  const team = owner ? null : field(row, TEAM_FIELDS);
  const why = owner ? `: the row's ${owner[0]} is ${owner[1]}` : team ? `: the row's ${team[0]} is ${team[1]}` : '';
  const whose = owner ? 'rows the user does not own' : team ? "rows outside the user's teams" : 'rows the user may not write';
  return {
    title: `${count} silently reverted by ${rule}`,
    cause: `${rule} rejected ${who}${first.name}${of}${why}${more}`,
    fix: first.rule.predicate === 'write'
      ? `Check auth.write for ${first.rule.table}, or stop offering the edit in the UI for ${whose}`
      : `Check auth.read for ${first.rule.table}: the mutator read a row the user may not read`,
  };
}
