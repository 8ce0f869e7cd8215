// Builders for verdict-engine inputs, used by the tests here and by anyone testing code that feeds
// the engine. Defaults: one client group "g1", tab "c1", an empty database, admin API up, no errors.

import type { PullEvent, PushEvent } from '../sync/types.ts';
import type { ChangeRecord, OutboxEntry, Row, ServerError, VerdictInput } from './types.ts';

export const GROUP = 'g1';
/** `c1:` cookie for a given row version, as the reference server encodes it. */
export const cookieAt = (rv: number): string => `c1:${btoa(JSON.stringify({ 0: String(rv) }))}`;

export interface InputParts {
  outbox?: OutboxEntry[];
  base?: Record<string, Row[]>;
  visible?: Record<string, Row[]>;
  cookie?: string | null;
  lastMutationIDs?: Record<string, number>;
  changes?: ChangeRecord[];
  knownFromRowVersion?: number | null;
  clients?: Record<string, number>;
  errors?: ServerError[] | null;
  adminAvailable?: boolean;
}

export function makeInput(p: InputParts = {}, extra: Partial<VerdictInput> = {}): VerdictInput {
  return {
    client: {
      outbox: p.outbox ?? [],
      base: p.base ?? { todos: [] },
      visible: p.visible ?? p.base ?? { todos: [] },
      meta: {
        cookie: p.cookie ?? null,
        clientGroupID: GROUP,
        schemaVersion: '3',
        lastMutationIDs: p.lastMutationIDs ?? {},
      },
    },
    server: {
      adminAvailable: p.adminAvailable ?? true,
      changes: p.changes ?? [],
      knownFromRowVersion: p.knownFromRowVersion ?? null,
      clients: Object.entries(p.clients ?? {}).map(([clientID, lastMutationID]) => ({
        clientGroupID: GROUP,
        clientID,
        lastMutationID,
        updatedAt: 5000,
      })),
      errors: p.errors === undefined ? [] : p.errors,
    },
    ...extra,
  };
}

export function outbox(clientID: string, mutationID: number, name: string, args: unknown): OutboxEntry {
  return { clientID, mutationID, name, args, timestamp: 1000 + mutationID };
}

export function put(rowVersion: number, table: string, value: Row, by?: [string, number]): ChangeRecord {
  return {
    rowVersion,
    table,
    id: String(value.id),
    op: 'put',
    value,
    createdAt: 2000 + rowVersion,
    clientGroupID: by ? GROUP : null,
    clientID: by?.[0] ?? null,
    mutationID: by?.[1] ?? null,
  };
}

export function del(rowVersion: number, table: string, id: string, by?: [string, number]): ChangeRecord {
  return {
    rowVersion,
    table,
    id,
    op: 'del',
    value: null,
    createdAt: 2000 + rowVersion,
    clientGroupID: by ? GROUP : null,
    clientID: by?.[0] ?? null,
    mutationID: by?.[1] ?? null,
  };
}

export function serverError(
  id: number,
  clientID: string,
  mutationID: number,
  mutationName: string,
  message: string,
): ServerError {
  return {
    id,
    at: 3000 + id,
    kind: 'mutation-error',
    clientGroupID: GROUP,
    clientID,
    mutationID,
    mutationName,
    message,
  };
}

const common = (id: string, kind: 'push' | 'pull', status: number, startedAt: number) => ({
  id,
  method: kind === 'push' ? 'POST' : 'GET',
  url: `https://app.test/sync/${kind}`,
  basePath: '/sync',
  origin: 'https://app.test',
  status,
  statusText: '',
  startedAt,
  durationMs: 5,
  credential: { kind: 'bearer' as const },
  requestHeaders: [],
  responseHeaders: [],
  recognisedBy: 'path' as const,
  errorBody: { state: 'empty' as const },
});

export function pushEvent(
  id: string,
  status: number,
  startedAt: number,
  clientID: string,
  mutations: { id: number; name: string; args: unknown }[],
  group: string = GROUP,
): PushEvent {
  return {
    ...common(id, 'push', status, startedAt),
    kind: 'push',
    request: {
      state: 'ok',
      value: {
        protocolVersion: 1,
        schemaVersion: '3',
        clientGroupID: group,
        clientID,
        mutations: mutations.map((m) => ({ ...m, timestamp: startedAt })),
      },
    },
    response: status === 200 ? { state: 'ok', value: { ok: true } } : { state: 'empty' },
  };
}

export function pullEvent(
  id: string,
  startedAt: number,
  clientID: string,
  lastMutationIDs: Record<string, number>,
  cookie: number,
): PullEvent {
  return {
    ...common(id, 'pull', 200, startedAt),
    kind: 'pull',
    request: {
      state: 'ok',
      value: { protocolVersion: 1, schemaVersion: '3', clientGroupID: GROUP, clientID, cookie: null, limit: null },
    },
    response: {
      state: 'ok',
      value: {
        cookie: { format: 'integer', raw: String(cookie), rowVersion: cookie },
        patch: [],
        lastMutationIDs,
        hasMore: false,
      },
    },
  };
}
