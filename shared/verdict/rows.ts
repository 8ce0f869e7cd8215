// The row rules behind judgeRows (judge.ts): one verdict per (table, id) over the client's visible and base
// stores and the server's latest change per row, placed against the client's decoded cookie.

import type { RowEntry, RowIndex } from './rowIndex.ts';
export { cookieRowVersion } from './rowIndex.ts';
import type { ChangeRecord, Row, RowConfirmation, RowState, RowVerdict } from './types.ts';
import { deepEqual } from './util.ts';

/** One shared empty list for the many rows with no evidence or mutation: never written to. */
const NONE: string[] = [];

/** rowKey() with the table's `table/` made once per run of rows of one table, not once per row. */
let keyTable = '';
let keyPrefix = '/';
function keyOf(table: string, id: string): string {
  if (table !== keyTable) {
    keyTable = table;
    keyPrefix = `${table}/`;
  }
  return keyPrefix + id;
}

interface Judged {
  state: RowState;
  confirmed?: boolean;
  mutationKeys?: string[];
  evidence: string[];
}

export function judgeRow(table: string, id: string, e: RowEntry, idx: RowIndex): RowVerdict {
  const { visible, base, latest, confirmation } = e;
  const server = serverValue(latest, confirmation, idx);
  // Most rows: no revert names them, the latest change is a put, and all three sides agree. Same
  // answer as decide() gives them, without its lists and words.
  if (
    latest !== null &&
    latest.op === 'put' &&
    confirmation === null &&
    !idx.revertedById.has(id) &&
    deepEqual(visible, base) &&
    deepEqual(base, server)
  ) {
    return {
      key: keyOf(table, id),
      table,
      id,
      visible,
      base,
      server: server ?? null,
      serverKnown: true,
      serverRowVersion: latest.rowVersion,
      serverOp: 'put',
      state: 'in-sync',
      mutationKeys: NONE,
      evidence: NONE,
    };
  }
  const j = decide(table, id, visible, base, server, latest, confirmation, idx);
  // One object literal, one shape: the optional field is added after, not spread in.
  const v: RowVerdict = {
    key: keyOf(table, id),
    table,
    id,
    visible,
    base,
    server: server ?? null,
    serverKnown: server !== undefined,
    serverRowVersion: latest?.rowVersion ?? null,
    serverOp: latest?.op ?? null,
    state: j.state,
    mutationKeys: j.mutationKeys ?? NONE,
    evidence: j.evidence.length > 0 ? j.evidence : NONE,
  };
  if (j.confirmed !== undefined) v.confirmed = j.confirmed;
  return v;
}

/** Row | null (absent on the server) | undefined (not known). */
function serverValue(latest: ChangeRecord | null, conf: RowConfirmation | null, idx: RowIndex): Row | null | undefined {
  if (latest)
    return latest.op === 'put' && latest.value !== null && typeof latest.value === 'object'
      ? (latest.value as Row)
      : null;
  if (conf) return conf.row;
  return idx.serverKnown ? null : undefined;
}

function decide(
  table: string,
  id: string,
  visible: Row | null,
  base: Row | null,
  server: Row | null | undefined,
  latest: ChangeRecord | null,
  conf: RowConfirmation | null,
  idx: RowIndex,
): Judged {
  const ev: string[] = [];
  const pending = idx.pendingById.get(id) ?? NONE;
  // Most rows no reverted mutation names: no list is built for them.
  const named = idx.revertedById.get(id);
  const reverted = named ? named.filter((r) => r.table === null || r.table === table).map((r) => r.key) : NONE;
  const localSame = deepEqual(visible, base);

  if (reverted.length > 0 && (localSame || pending.every((k) => reverted.includes(k)))) {
    ev.push(`silently reverted on the server: ${reverted.join(', ')}`);
    ev.push(
      localSame
        ? 'the optimistic value is gone: visible equals base'
        : 'the optimistic value is still shown; the next pull removes it',
    );
    return { state: 'reverted', mutationKeys: reverted, evidence: ev };
  }
  if (!localSame) {
    if (pending.length > 0) {
      ev.push(`pending in the outbox: ${pending.join(', ')}`);
      return { state: 'optimistic', mutationKeys: pending, evidence: ev };
    }
    if (idx.outboxSize > 0) {
      ev.push('visible differs from base; no outbox entry names this row, but the outbox is not empty');
      return { state: 'optimistic', evidence: ev };
    }
    ev.push('visible differs from base with an empty outbox (read between a pull and the rebuild?)');
    return { state: 'unknown', evidence: ev };
  }
  return judgeAgainstServer(base, server, latest, conf, idx, ev);
}

function judgeAgainstServer(
  base: Row | null,
  server: Row | null | undefined,
  latest: ChangeRecord | null,
  conf: RowConfirmation | null,
  idx: RowIndex,
  ev: string[],
): Judged {
  const cookie = idx.cookieRowVersion;
  if (server === undefined) {
    ev.push(
      idx.adminAvailable
        ? `no change for it in the known part of the log (from row version ${idx.knownFrom})`
        : 'admin API unavailable: server state not known',
    );
    return { state: 'unknown', evidence: ev };
  }
  const hidden = conf?.readable === false;
  if (conf) ev.push(`/rows?as= says readable: ${String(conf.readable)}${conf.reason ? ` (${conf.reason})` : ''}`);
  if (!latest) {
    if (server === null) {
      ev.push(
        idx.serverKnown
          ? 'no change record for it anywhere in the (complete) log'
          : '/rows says the server has no such row',
      );
      return { state: 'missing-on-server', evidence: ev };
    }
    if (deepEqual(base, server)) return { state: 'in-sync', evidence: ev };
    if (!base)
      return { state: 'filtered', confirmed: hidden, evidence: [...ev, 'the server has it, the base store does not'] };
    return {
      state: 'unknown',
      evidence: [...ev, 'base differs from the server row and the log does not say when it changed'],
    };
  }
  const same = deepEqual(base, server);
  const at = `server latest: ${latest.op} @${latest.rowVersion}`;
  if (cookie === undefined)
    return same
      ? { state: 'in-sync', evidence: ev }
      : {
          state: 'unknown',
          evidence: [...ev, at, 'the cookie is opaque, so the change cannot be placed before or after it'],
        };
  if (latest.op === 'del' && !base) return { state: 'deleted-on-server', evidence: [...ev, at] };
  // In sync needs no words: the diff shows it. The cookie's value stays out of the text, so a new
  // cookie re-judges only the rows whose change it passed.
  if (same) return { state: 'in-sync', evidence: ev };
  const after = latest.rowVersion > cookie;
  ev.push(`${at}, ${after ? 'after' : 'at or below'} the client's cookie`);
  if (latest.op === 'del') {
    if (after) return { state: 'stale', evidence: [...ev, 'deleted on the server after the client last pulled'] };
    return {
      state: 'deleted-on-server',
      evidence: [...ev, 'the client never received the delete (auth.read judges a del by the last put)'],
    };
  }
  if (after) return { state: 'stale', evidence: [...ev, 'the server changed it after the client last pulled'] };
  if (!base)
    return {
      state: 'filtered',
      confirmed: hidden,
      evidence: [...ev, 'at or below the cookie, yet not in the base store: auth.read hid it from this client'],
    };
  if (hidden)
    return {
      state: 'filtered',
      confirmed: true,
      evidence: [...ev, 'the base holds an older value; the later version was hidden'],
    };
  return { state: 'unknown', evidence: [...ev, 'base differs from the server value at or below the cookie'] };
}
