// Test-only builders: SyncEvents shaped like the sync parser's output, and unsigned JWT-shaped
// strings for the decoding paths (signed tokens come from jose's SignJWT in the tests that verify).

import type { ErrorBody, HarHeader, PullEvent, PushEvent, SyncEvent } from '../sync/types.ts';

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
export const NOW_SEC = T0 / 1000;

const b64u = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A JWT-shaped string with the given claims; the signature is junk (never verified). */
export function fakeJwt(claims: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }): string {
  return `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

/** Claims valid for an hour around T0. */
export function goodClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'alice',
    iss: 'https://id.example',
    aud: 'plasma-app',
    iat: NOW_SEC - 60,
    exp: NOW_SEC + 3600,
    ...extra,
  };
}

export interface EventOverrides extends Partial<Omit<PushEvent, 'kind'>> {
  kind?: 'push' | 'pull';
  bearer?: string;
  cookie?: string;
  clientGroupID?: string | null;
  body?: Partial<ErrorBody>;
  setCookie?: string[];
}

export function makeEvent(o: EventOverrides = {}): SyncEvent {
  const kind = o.kind ?? 'pull';
  const headers: HarHeader[] = [{ name: 'accept', value: '*/*' }];
  if (o.bearer !== undefined) headers.push({ name: 'authorization', value: `Bearer ${o.bearer}` });
  if (o.cookie !== undefined) headers.push({ name: 'cookie', value: o.cookie });
  const credential =
    o.bearer !== undefined
      ? { kind: 'bearer' as const, scheme: 'Bearer', token: o.bearer }
      : o.cookie !== undefined
        ? { kind: 'cookie' as const, cookieNames: o.cookie.split(';').map((p) => (p.split('=')[0] ?? '').trim()) }
        : { kind: 'none' as const };
  const group = o.clientGroupID === undefined ? 'g1' : o.clientGroupID;
  const status = o.status ?? 200;
  const common = {
    id: o.id ?? 'r1',
    method: kind === 'push' ? 'POST' : 'GET',
    url: o.url ?? `https://api.app.test/sync/${kind}`,
    basePath: '/sync',
    origin: 'https://api.app.test',
    status,
    statusText: '',
    startedAt: o.startedAt ?? T0,
    durationMs: o.durationMs ?? 40,
    credential,
    requestHeaders: headers,
    responseHeaders: (o.setCookie ?? []).map((value) => ({ name: 'set-cookie', value })),
    recognisedBy: 'path' as const,
    errorBody: o.body
      ? {
          state: 'ok' as const,
          value: { error: null, reason: null, expected: null, max: null, details: null, ...o.body },
        }
      : { state: 'empty' as const },
  };
  const base = { protocolVersion: 1, schemaVersion: '1', clientGroupID: group, clientID: 'c1' };
  const event: SyncEvent =
    kind === 'push'
      ? { ...common, kind, request: { state: 'ok', value: { ...base, mutations: [] } }, response: { state: 'empty' } }
      : ({
          ...common,
          kind,
          request: { state: 'ok', value: { ...base, cookie: null, limit: null } },
          response: { state: 'empty' },
        } satisfies PullEvent);
  const { kind: _k, bearer: _b, cookie: _c, clientGroupID: _g, body: _body, setCookie: _s, ...rest } = o;
  return { ...event, ...rest } as SyncEvent;
}

/** `n` events one second apart, ids r1..rn. */
export function series(n: number, o: EventOverrides | ((i: number) => EventOverrides) = {}): SyncEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const extra = typeof o === 'function' ? o(i) : o;
    return makeEvent({ id: `r${i + 1}`, startedAt: T0 + i * 1000, ...extra });
  });
}
