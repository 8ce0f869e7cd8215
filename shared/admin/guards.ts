// Guards for every admin API route: JSON from a server is hostile input. Each parser takes the
// decoded body (unknown) and returns a typed value or a reason; nothing here throws. A single bad
// record is skipped and counted, so one odd row never blanks a whole page.

import { isFiniteNumber, isRecord as isRec, isString, ownField as own } from '../guards.ts';
import type {
  AdminInfo,
  ChangeRecord,
  ChangesPage,
  ClientsPage,
  ErrorsPage,
  Guarded,
  RowAnswer,
  ServerClient,
  ServerError,
} from './types.ts';

const MAX_STRING = 64 * 1024;

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isNat = (x: unknown): x is number => isInt(x) && x >= 0;
const isStr = (x: unknown): x is string => isString(x) && x.length <= MAX_STRING;
const strOrNull = (x: unknown): x is string | null => x === null || isStr(x);
const natOrNull = (x: unknown): x is number | null => x === null || isNat(x);
const time = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
/** Absent provenance fields read as null: an older handler may not send them. */
const opt = (x: unknown): unknown => (x === undefined ? null : x);

function overLimit(route: string, got: number, limit: number): string {
  return `${route} sent ${got} records for limit=${limit}: the page was refused (the server does not honour the limit)`;
}

function fail<T>(reason: string): Guarded<T> {
  return { ok: false, reason };
}

export function parseInfo(x: unknown): Guarded<AdminInfo> {
  if (!isRec(x)) return fail('/info did not answer a JSON object');
  const v = own(x, 'adminApiVersion');
  if (!isNat(v)) return fail('/info has no adminApiVersion: not a plasma admin API');
  const schema = own(x, 'schemaVersion');
  const tables = own(x, 'tables');
  const max = own(x, 'maxRowVersion');
  const basePath = own(x, 'basePath');
  return {
    ok: true,
    value: {
      adminApiVersion: v,
      schemaVersion: isStr(schema) ? schema : isInt(schema) ? String(schema) : '?',
      basePath: isStr(basePath) ? basePath : '',
      tables: Array.isArray(tables) ? tables.filter(isStr) : [],
      maxRowVersion: isNat(max) ? max : 0,
    },
  };
}

const isOp = (x: unknown): x is 'put' | 'del' => x === 'put' || x === 'del';

/**
 * The one definition of a well-formed ChangeRecord: what `/changes` answers become here, and what
 * the verdict engine's sanitise() keeps (it filters with this same check, it does not repair).
 */
export function isChangeRecord(x: unknown): x is ChangeRecord {
  return (
    isRec(x) &&
    isNat(own(x, 'rowVersion')) &&
    isStr(own(x, 'table')) &&
    isStr(own(x, 'id')) &&
    isOp(own(x, 'op')) &&
    own(x, 'value') !== undefined &&
    isFiniteNumber(own(x, 'createdAt')) &&
    strOrNull(own(x, 'clientGroupID')) &&
    strOrNull(own(x, 'clientID')) &&
    natOrNull(own(x, 'mutationID'))
  );
}

/**
 * A `/changes` record as the server sends it, made a ChangeRecord: an integer id becomes a string,
 * absent provenance and value read as null, an unreadable time as 0. Anything else odd: null.
 */
export function toChange(x: unknown): ChangeRecord | null {
  if (!isRec(x)) return null;
  const id = own(x, 'id');
  const value = own(x, 'value');
  const candidate = {
    rowVersion: own(x, 'rowVersion'),
    table: own(x, 'table'),
    id: isInt(id) ? String(id) : id,
    op: own(x, 'op'),
    value: value === undefined ? null : value,
    createdAt: time(own(x, 'createdAt')),
    clientGroupID: opt(own(x, 'clientGroupID')),
    clientID: opt(own(x, 'clientID')),
    mutationID: opt(own(x, 'mutationID')),
  };
  return isChangeRecord(candidate) ? candidate : null;
}

/**
 * `limit`: the page size asked for. A page with more records than that is refused whole, before
 * any record is read: the server ignored the limit, and holding such a page is what the limit is for.
 */
export function parseChanges(x: unknown, limit = Infinity): Guarded<ChangesPage> {
  if (!isRec(x)) return fail('/changes did not answer a JSON object');
  const list = own(x, 'changes');
  if (!Array.isArray(list)) return fail('/changes has no "changes" array');
  if (list.length > limit) return fail(overLimit('/changes', list.length, limit));
  const changes: ChangeRecord[] = [];
  let skipped = 0;
  let last = -1;
  for (const item of list) {
    const c = toChange(item);
    // Row version order is the contract; an out-of-order record would break the cursor, so it is skipped.
    if (!c || c.rowVersion <= last) skipped++;
    else {
      changes.push(c);
      last = c.rowVersion;
    }
  }
  const max = own(x, 'maxRowVersion');
  const next = own(x, 'nextSince');
  return {
    ok: true,
    value: {
      changes,
      maxRowVersion: isNat(max) ? max : Math.max(0, last),
      hasMore: own(x, 'hasMore') === true,
      nextSince: isNat(next) ? next : null,
      skipped,
    },
  };
}

/** The one definition of a well-formed `/clients` record (sanitise() filters with it too). */
export function isServerClient(x: unknown): x is ServerClient {
  return (
    isRec(x) &&
    isStr(own(x, 'clientGroupID')) &&
    isStr(own(x, 'clientID')) &&
    isNat(own(x, 'lastMutationID')) &&
    isFiniteNumber(own(x, 'updatedAt'))
  );
}

function toClient(x: unknown): ServerClient | null {
  if (!isRec(x)) return null;
  const candidate = {
    clientGroupID: own(x, 'clientGroupID'),
    clientID: own(x, 'clientID'),
    lastMutationID: own(x, 'lastMutationID'),
    updatedAt: time(own(x, 'updatedAt')),
  };
  return isServerClient(candidate) ? candidate : null;
}

export function parseClients(x: unknown): Guarded<ClientsPage> {
  if (!isRec(x)) return fail('/clients did not answer a JSON object');
  const list = own(x, 'clients');
  if (!Array.isArray(list)) return fail('/clients has no "clients" array');
  const clients: ServerClient[] = [];
  for (const item of list) {
    const c = toClient(item);
    if (c) clients.push(c);
  }
  return {
    ok: true,
    value: { clients, truncated: own(x, 'truncated') === true, skipped: list.length - clients.length },
  };
}

/** The one definition of a well-formed `/errors` record (sanitise() filters with it too). */
export function isServerError(x: unknown): x is ServerError {
  return (
    isRec(x) &&
    isNat(own(x, 'id')) &&
    isFiniteNumber(own(x, 'at')) &&
    isStr(own(x, 'kind')) &&
    isStr(own(x, 'message')) &&
    strOrNull(own(x, 'clientGroupID')) &&
    strOrNull(own(x, 'clientID')) &&
    natOrNull(own(x, 'mutationID')) &&
    strOrNull(own(x, 'mutationName'))
  );
}

function toError(x: unknown): ServerError | null {
  if (!isRec(x)) return null;
  const candidate = {
    id: own(x, 'id'),
    at: time(own(x, 'at')),
    kind: own(x, 'kind'),
    clientGroupID: opt(own(x, 'clientGroupID')),
    clientID: opt(own(x, 'clientID')),
    mutationID: opt(own(x, 'mutationID')),
    mutationName: opt(own(x, 'mutationName')),
    message: own(x, 'message'),
  };
  return isServerError(candidate) ? candidate : null;
}

export function parseErrors(x: unknown, limit = Infinity): Guarded<ErrorsPage> {
  if (!isRec(x)) return fail('/errors did not answer a JSON object');
  const list = own(x, 'errors');
  if (!Array.isArray(list)) return fail('/errors has no "errors" array');
  if (list.length > limit) return fail(overLimit('/errors', list.length, limit));
  const errors: ServerError[] = [];
  let skipped = 0;
  let last = -1;
  for (const item of list) {
    const e = toError(item);
    if (!e || e.id <= last) skipped++;
    else {
      errors.push(e);
      last = e.id;
    }
  }
  const tap = own(x, 'tapInstalled');
  return {
    ok: true,
    value: {
      errors,
      hasMore: own(x, 'hasMore') === true,
      tapInstalled: typeof tap === 'boolean' ? tap : null,
      skipped,
    },
  };
}

export function parseRowAnswer(x: unknown): Guarded<RowAnswer> {
  if (!isRec(x)) return fail('/rows did not answer a JSON object');
  const row = own(x, 'row');
  const readable = own(x, 'readable');
  const lastRowVersion = own(x, 'lastRowVersion');
  if (!(row === null || isRec(row))) return fail('/rows: "row" is neither an object nor null');
  if (!(readable === null || typeof readable === 'boolean'))
    return fail('/rows: "readable" is neither a boolean nor null');
  const out: RowAnswer = {
    row,
    readable,
    lastRowVersion: isNat(lastRowVersion) ? lastRowVersion : null,
  };
  const reason = own(x, 'reason');
  if (isStr(reason)) out.reason = reason;
  if (own(x, 'deleted') === true) out.deleted = true;
  const lastValue = own(x, 'lastValue');
  if (lastValue === null || isRec(lastValue)) out.lastValue = lastValue;
  return { ok: true, value: out };
}

/** JSON.parse without a throw; `ok: false` carries a short reason. */
export function parseJson(text: string): Guarded<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return fail('the answer is not JSON');
  }
}
