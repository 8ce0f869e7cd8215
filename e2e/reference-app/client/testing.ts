// Test helpers for the client's Vitest suites: a scripted fetch that records every request, and a
// client factory wired to a fresh fake IndexedDB. Imported by *.test.ts only.

import { IDBFactory } from 'fake-indexeddb';
import { mutators, SCHEMA_VERSION, tables } from '../app/schema.ts';
import { createPlasmaClient, type PlasmaClient } from './client.ts';
import type { IdStorage, PlasmaClientError, PlasmaClientOptions } from './types.ts';
import { urlOf } from '../app/text.ts';

export interface SeenRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export type Reply = { status: number; body?: unknown } | Error;
export type Handler = (req: SeenRequest, index: number) => Reply | Promise<Reply>;

export function createFakeFetch(handler: Handler) {
  const requests: SeenRequest[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const raw = init?.body;
    const req: SeenRequest = {
      method: init?.method ?? 'GET',
      url: new URL(urlOf(input)),
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof raw === 'string' ? (JSON.parse(raw) as unknown) : null,
      credentials: init?.credentials,
    };
    requests.push(req);
    const reply = await handler(req, requests.length - 1);
    if (reply instanceof Error) throw reply;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), { status: reply.status });
  };
  return { fetch: fetchFn, requests };
}

export function memoryStorage(): IdStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

export interface TestClient {
  client: PlasmaClient;
  errors: PlasmaClientError[];
  sleeps: number[];
  factory: IDBFactory;
}

/** A client on the demo schema, a fresh fake IndexedDB, instant retry sleeps and recorded errors. */
export function makeClient(over: Partial<PlasmaClientOptions> & Pick<PlasmaClientOptions, 'fetch'>): TestClient {
  const errors: PlasmaClientError[] = [];
  const sleeps: number[] = [];
  const factory = over.indexedDB ?? new IDBFactory();
  const client = createPlasmaClient({
    endpoint: 'http://app.test',
    dbName: 'plasma-test',
    clientGroupID: 'cg-alice',
    schemaVersion: SCHEMA_VERSION,
    tables,
    mutators,
    storage: memoryStorage(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    onError: (e) => errors.push(e),
    ...over,
    indexedDB: factory,
  });
  return { client, errors, sleeps, factory };
}

export const pullReply = (over: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { cookie: 'c1:eyIwIjoiMSJ9', patch: [], lastMutationIDs: {}, ...over },
});
