// Shape readers for POST {basePath}/push: the request body and the 2xx response.

import type { ShapeResult } from './body.ts';
import { parseMutation, readList } from './ops.ts';
import type { PushRequest, PushResponse } from './types.ts';
import { asNumber, asString, field, isRecord } from './util.ts';

export function readPushRequest(value: unknown): ShapeResult<PushRequest> {
  if (!isRecord(value)) return { ok: false, reason: 'push body is not a JSON object' };
  const mutations = field(value, 'mutations');
  if (!Array.isArray(mutations)) return { ok: false, reason: 'push body has no mutations array' };
  const list = readList(mutations, parseMutation);
  const request: PushRequest = {
    protocolVersion: asNumber(field(value, 'protocolVersion')),
    schemaVersion: asVersion(field(value, 'schemaVersion')),
    clientGroupID: asString(field(value, 'clientGroupID')),
    clientID: asString(field(value, 'clientID')),
    mutations: list.values,
  };
  if (list.skipped > 0) request.skipped = list.skipped;
  return { ok: true, value: request };
}

/** plasma answers `{ ok: true }`, even when every mutator threw. */
export function readPushResponse(value: unknown): ShapeResult<PushResponse> {
  if (!isRecord(value)) return { ok: false, reason: 'push response is not a JSON object' };
  const ok = field(value, 'ok');
  if (typeof ok !== 'boolean') return { ok: false, reason: 'push response has no boolean ok' };
  return { ok: true, value: { ok } };
}

/** Schema versions are strings in plasma; a number is the same version written loosely. */
export function asVersion(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
