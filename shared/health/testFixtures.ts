// Small builders for the health tests: captured pushes and pulls with a chosen status and time,
// and a page database with an outbox and base rows.

import { decodeCookie } from '../sync/cookie.ts';
import type { PullEvent, PushEvent } from '../sync/types.ts';
import type { DbData } from '../pageReader/types.ts';
import type { ServerFacts } from './types.ts';

export const CLIENT = 'client-aaaa-1111';
export const GROUP = 'cg-alice';
export const cookieAt = (rv: number): string => `c1:${btoa(JSON.stringify({ 0: String(rv) }))}`;

const common = (id: string, at: number, status: number) => ({
  id,
  method: 'POST',
  url: 'https://app.test/sync/x',
  basePath: '/sync',
  origin: 'https://app.test',
  status,
  statusText: '',
  startedAt: at,
  durationMs: 10,
  credential: { kind: 'none' as const },
  requestHeaders: [],
  responseHeaders: [],
  recognisedBy: 'path' as const,
  errorBody: { state: 'empty' as const },
});

export function push(id: string, at: number, status: number, clientID = CLIENT): PushEvent {
  return {
    ...common(id, at, status),
    kind: 'push',
    request: {
      state: 'ok',
      value: { protocolVersion: 1, schemaVersion: '1', clientGroupID: GROUP, clientID, mutations: [] },
    },
    response: status === 200 ? { state: 'ok', value: { ok: true } } : { state: 'empty' },
  };
}

export function pull(id: string, at: number, status: number, cookie: number | null, clientID = CLIENT): PullEvent {
  return {
    ...common(id, at, status),
    kind: 'pull',
    request: {
      state: 'ok',
      value: { protocolVersion: 1, schemaVersion: '1', clientGroupID: GROUP, clientID, cookie: null, limit: null },
    },
    response:
      status === 200
        ? {
            state: 'ok',
            value: {
              cookie: cookie === null ? null : decodeCookie(cookieAt(cookie)),
              patch: [],
              lastMutationIDs: {},
              hasMore: false,
            },
          }
        : { state: 'empty' },
  };
}

export function db(
  p: { outboxAt?: number[]; base?: Record<string, string[]>; cookie?: number; clientID?: string } = {},
): DbData {
  const clientID = p.clientID ?? CLIENT;
  return {
    name: 'plasma-demo',
    version: 1,
    tables: Object.keys(p.base ?? {}),
    outbox: (p.outboxAt ?? []).map((t, i) => ({
      clientID,
      mutationID: i + 1,
      name: 'createTodo',
      args: {},
      timestamp: t,
    })),
    base: Object.fromEntries(Object.entries(p.base ?? {}).map(([t, ids]) => [t, ids.map((id) => ({ id }))])),
    visible: {},
    meta: { clientGroupID: GROUP, ...(p.cookie !== undefined ? { cookie: cookieAt(p.cookie) } : {}) },
    others: [],
    readAt: 0,
  };
}

export function server(p: Partial<ServerFacts> = {}): ServerFacts {
  return { maxRowVersion: null, changes: [], knownFromRowVersion: null, readableRows: [], ...p };
}

/** `n` puts to `table` by `group`, row versions from `from`. */
export function puts(n: number, table: string, group: string | null, from = 1) {
  return Array.from({ length: n }, (_, i) => ({
    rowVersion: from + i,
    table,
    id: `${table}-${from + i}`,
    op: 'put' as const,
    clientGroupID: group,
  }));
}
