// Verifies each distinct token of a capture once, ahead of explainDenial (which is synchronous).
// Called by the panel when the user sets or changes a key; the result map holds hashes, not tokens.

import type { SyncEvent } from '../sync/types.ts';
import { tokenHash } from './hash.ts';
import { authorizationOf } from './headers.ts';
import { orderEvents } from './ledger.ts';
import type { Expectations, Verifier, VerifyResult } from './types.ts';
import { createTokenVerifier, type TokenVerifier } from './verifyToken.ts';

/**
 * Each token is judged at its first request's start, so a token that expired since the capture
 * still shows whether its signature was good; per-request expiry comes from the ledger instead.
 */
export async function verifyEvents(
  events: readonly SyncEvent[],
  verifier: Verifier,
  expect: Expectations = {},
  tokenVerifier: TokenVerifier = createTokenVerifier(),
): Promise<Map<string, VerifyResult>> {
  const firstUse = new Map<string, { token: string; at: number }>();
  for (const event of orderEvents(events)) {
    const token = authorizationOf(event).token?.trim();
    if (!token) continue;
    const hash = tokenHash(token);
    if (!firstUse.has(hash)) firstUse.set(hash, { token, at: event.startedAt });
  }
  const results = new Map<string, VerifyResult>();
  await Promise.all(
    [...firstUse].map(async ([hash, { token, at }]) => {
      results.set(hash, await tokenVerifier.verify(token, verifier, { ...expect, at }));
    }),
  );
  return results;
}
