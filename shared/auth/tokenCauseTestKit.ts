// Tokens, ledger entries and causes for tokenCause's case tests (tokenCause.cases.test.ts,
// tokenNotes.cases.test.ts).

import type { AuthorizationParts } from './headers.ts';
import { makeEvent, T0 } from './testFixtures.ts';
import { tokenCause, type AcceptedToken, type TokenContext } from './tokenCause.ts';
import type { LedgerEntry, TokenInfo } from './types.ts';

export const EXP = T0 / 1000 + 600;

export function token(o: Partial<TokenInfo> = {}): TokenInfo {
  return {
    present: true,
    decodable: true,
    shape: 'jwt',
    warnings: [],
    alg: 'RS256',
    kid: 'k1',
    typ: 'JWT',
    iss: 'https://id.example',
    aud: ['api'],
    sub: 'alice',
    role: null,
    exp: EXP,
    nbf: null,
    iat: null,
    expiresInSec: 600,
    notYetValidBySec: null,
    ageSec: null,
    clockSkewSec: null,
    hash: 'h-me',
    length: 100,
    ...o,
  };
}

export function entry(t: TokenInfo, o: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    requestId: 'r1',
    index: 0,
    kind: 'pull',
    url: 'https://api.app.test/sync/pull',
    endpoint: 'https://api.app.test/sync',
    status: 401,
    startedAt: T0,
    credentialKind: 'bearer',
    scheme: 'Bearer',
    cookieNames: [],
    token: t,
    tokenChanged: false,
    clockSkewSec: t.clockSkewSec,
    clientGroupID: 'g1',
    clientID: 'c1',
    ...o,
  };
}

export const BEARER: AuthorizationParts = { raw: 'Bearer x.y.z', scheme: 'Bearer', token: 'x.y.z' };
export const pullEvent = makeEvent({ kind: 'pull', durationMs: 0 });
export const pushEvent = makeEvent({ kind: 'push', durationMs: 0 });
export const cause = (t: TokenInfo, ctx: TokenContext = {}, ev = pullEvent, auth = BEARER) =>
  tokenCause(ev, entry(t), auth, ctx);
export const err = (code: string, title: string, c: string, fix: string) => ({
  code,
  severity: 'error',
  title,
  cause: c,
  fix,
});
export const accepted = (...tokens: [TokenInfo, number, number][]) =>
  new Map<string, AcceptedToken>(tokens.map(([t, count, lastAt]) => [t.hash ?? '', { token: t, count, lastAt }]));
export const DESCRIBED = `alg RS256, kid "k1", iss "https://id.example", aud "api", sub "alice", exp 2025-01-15T12:10:00Z, 10 min left`;
