// Non-auth sync refusals that block the same loop: a schema version the server does not run (409)
// and a push the server will not read (413). One draft per request; findings.ts groups them.

import type { ErrorBody, SyncEvent } from '../sync/types.ts';
import type { SeenCookie } from './cookieCause.ts';
import type { Draft } from './detectors.ts';
import { quote } from './format.ts';
import { isSessionCookieName } from './setCookie.ts';
import type { LedgerEntry } from './types.ts';

const MAX_MUTATIONS = 200;

function errorBodyOf(event: SyncEvent): ErrorBody | null {
  return event.errorBody.state === 'ok' ? event.errorBody.value : null;
}

function sentSchema(event: SyncEvent): string | null {
  const req = event.request;
  return req.state === 'ok' && typeof req.value.schemaVersion === 'string' ? req.value.schemaVersion : null;
}

export function statusDraft(event: SyncEvent, entry: LedgerEntry): Draft | null {
  const body = errorBodyOf(event);
  if (event.status === 409) {
    const expected = typeof body?.expected === 'string' ? body.expected : null;
    const sent = sentSchema(event);
    return {
      // Keyed without the server's version, so a 409 whose body is still arriving joins the same
      // finding (stable id); the one that names the version wins the text.
      key: `${entry.endpoint}|${sent}`,
      code: 'schema-mismatch',
      severity: 'error',
      detail: expected !== null ? 1 : 0,
      title: 'Schema version mismatch',
      cause: `The server runs schema ${expected !== null ? quote(expected, 40) : '(version not given)'}; the client sent ${sent !== null ? quote(sent, 40) : 'another version'}.`,
      fix: 'Deploy the same defineSchema() version to client and server: reload the app to load the new bundle, or roll the server back.',
      requestIds: [entry.requestId],
    };
  }
  if (event.status !== 413) return null;
  const max = typeof body?.max === 'number' && Number.isFinite(body.max) ? body.max : null;
  const count =
    event.kind === 'push' && event.request.state === 'ok' && Array.isArray(event.request.value.mutations)
      ? event.request.value.mutations.length
      : null;
  const tooMany =
    /too many/i.test(body?.error ?? '') || (body?.error == null && count !== null && count > (max ?? MAX_MUTATIONS));
  if (tooMany) {
    return {
      key: entry.endpoint,
      code: 'too-many-mutations',
      severity: 'error',
      title: 'Too many mutations in one push',
      cause: `The push carried ${count ?? 'more'} mutations; the server accepts at most ${max ?? MAX_MUTATIONS} per push.`,
      fix: `Send at most ${max ?? MAX_MUTATIONS} mutations per push (the client's batch size), or raise maxMutationsPerPush on the server.`,
      requestIds: [entry.requestId],
    };
  }
  return {
    key: entry.endpoint,
    code: 'payload-too-large',
    severity: 'error',
    title: 'Push body too large',
    cause: `The server refused the ${event.kind} body as too large${max !== null ? ` (limit ${max} bytes)` : ''}.`,
    fix: 'Keep mutation args small: store large values as blobs and pass ids, or raise maxPayloadBytes on the server.',
    requestIds: [entry.requestId],
  };
}

/** Session cookies set SameSite=None: sent on every cross-site request, and dropped without Secure. */
export function sameSiteNoneDrafts(cookies: readonly SeenCookie[], ledger: readonly LedgerEntry[]): Draft[] {
  const drafts = new Map<string, Draft>();
  for (const { cookie, url } of cookies) {
    if (cookie.sameSite !== 'none' || cookie.deletes || !isSessionCookieName(cookie.name)) continue;
    const key = `${cookie.name}|${safeHost(url)}|${cookie.secure}`;
    if (drafts.has(key)) continue;
    const carriers = ledger.filter((e) => e.cookieNames.includes(cookie.name)).map((e) => e.requestId);
    drafts.set(
      key,
      cookie.secure
        ? {
            key,
            code: 'samesite-none-auth-cookie',
            severity: 'warning',
            title: 'Auth cookie is SameSite=None',
            cause: `The session cookie ${quote(cookie.name, 40)} is set SameSite=None, so other sites' requests carry it too (CSRF exposure for push).`,
            fix: "Serve sync from the app's own site and use SameSite=Lax, or check Origin / a CSRF token on push.",
            requestIds: carriers,
          }
        : {
            key,
            code: 'samesite-none-auth-cookie',
            severity: 'error',
            title: 'Auth cookie SameSite=None without Secure',
            cause: `The session cookie ${quote(cookie.name, 40)} is set SameSite=None without Secure, so Chrome rejects it and never sends it.`,
            fix: 'Add Secure (and serve over https) to the SameSite=None cookie, or use SameSite=Lax.',
            requestIds: carriers,
          },
    );
  }
  return [...drafts.values()];
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
