// Reads a pull response body loosely but safely: the id may come as `id`, `rowId` or `key`, the row
// as `value` or `row` (plasma-protocol.md §2). Anything malformed is rejected with a reason.

import type { Row } from './types.ts';

export type PatchOp = { op: 'put'; table: string; id: string; value: Row } | { op: 'del'; table: string; id: string };

export interface PullBody {
  cookie: string | null;
  patch: PatchOp[];
  lastMutationIDs: Record<string, number>;
  hasMore: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function readOp(raw: unknown): PatchOp | string {
  if (!isObject(raw)) return 'patch entry is not an object';
  const id = raw.id ?? raw.rowId ?? raw.key;
  if (typeof raw.table !== 'string') return 'patch entry without table';
  if (typeof id !== 'string') return 'patch entry without id';
  if (raw.op === 'del') return { op: 'del', table: raw.table, id };
  if (raw.op !== 'put') return `unknown op ${String(raw.op)}`;
  const value = raw.value ?? raw.row;
  if (!isObject(value)) return 'put without a row value';
  return { op: 'put', table: raw.table, id, value: { ...value, id } };
}

export function parsePullBody(body: unknown): PullBody | string {
  if (!isObject(body)) return 'pull body is not an object';
  const { cookie, patch, lastMutationIDs, hasMore } = body;
  if (cookie !== null && cookie !== undefined && typeof cookie !== 'string' && typeof cookie !== 'number') {
    return 'cookie is neither a string nor null';
  }
  if (!Array.isArray(patch)) return 'patch is not an array';
  const ops: PatchOp[] = [];
  for (const raw of patch) {
    const op = readOp(raw);
    if (typeof op === 'string') return op;
    ops.push(op);
  }
  const lmids: Record<string, number> = {};
  if (lastMutationIDs !== undefined && !isObject(lastMutationIDs)) return 'lastMutationIDs is not an object';
  for (const [k, v] of Object.entries(lastMutationIDs ?? {})) {
    if (typeof v === 'number' && Number.isFinite(v)) lmids[k] = v;
  }
  return {
    cookie: cookie === null || cookie === undefined ? null : String(cookie),
    patch: ops,
    lastMutationIDs: lmids,
    hasMore: hasMore === true,
  };
}
