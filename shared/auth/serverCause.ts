// A denial's cause once the server's own decision is known (its auth-decision log, joined to the
// request by join.ts). The server's reason is the cause, marked as the server's; the panel's
// inference stays beside it as the explanation. Without a decision the inferred cause stands.

import type { AuthDecision, AuthExpectations } from '../admin/authLog.ts';
import { quote } from './format.ts';
import type { Cause, Expectations } from './types.ts';

export interface ServerAuth {
  /** Decisions joined to captured requests, by request id (joinDecisions). */
  joined: ReadonlyMap<string, AuthDecision>;
  /** False: the app did not install the auth tap; null: unknown (no admin API, or an older one). */
  tapInstalled: boolean | null;
  /** What `/info` says the app expects of tokens. */
  expectations: AuthExpectations | null;
}

/** The panel's guesses that only say "the server refused": the server's reason replaces them. */
const GENERIC = new Set<Cause['code']>([
  'server-refused-valid-token',
  'server-refused-opaque-token',
  'server-refused-cookie',
]);

export function withServerDecision(cause: Cause, decision: AuthDecision | undefined, status: number): Cause {
  if (!decision) return cause;
  if (decision.ok) {
    return {
      ...cause,
      source: 'server',
      cause: `The server's auth() accepted this request (its decision log says ok), so the ${status} came from elsewhere: middleware or a check before or after auth(). ${cause.cause}`,
    };
  }
  if (decision.reason === null || decision.reason.trim() === '') {
    return { ...cause, cause: `${cause.cause} The server logged this refusal without a reason.` };
  }
  const reason = quote(decision.reason, 160);
  const generic = GENERIC.has(cause.code);
  return {
    ...cause,
    code: generic ? 'server-reason' : cause.code,
    source: 'server',
    title: generic ? `Refused by the server: ${reason}` : cause.title,
    cause: `The server's auth() gave the reason ${reason} (its decision log). ${generic ? `The panel sees: ${lowerFirst(cause.cause)}` : cause.cause}`,
  };
}

/** What the user typed wins; what the app declares fills the rest, so nothing has to be typed. */
export function mergeExpectations(
  typed: Expectations | undefined,
  declared: AuthExpectations | null | undefined,
): DeclaredExpectations {
  const issuers = typed?.issuer ? [typed.issuer] : listOf(declared?.issuer);
  const audiences = typed?.audience ? [typed.audience] : listOf(declared?.audience);
  return {
    issuers,
    audiences,
    algorithms: declared?.algorithms ?? [],
    requiredRoles: declared?.requiredRoles ?? [],
    issuerFrom: typed?.issuer ? 'typed' : issuers.length ? 'declared' : null,
    audienceFrom: typed?.audience ? 'typed' : audiences.length ? 'declared' : null,
  };
}

export interface DeclaredExpectations {
  issuers: string[];
  audiences: string[];
  algorithms: string[];
  requiredRoles: string[];
  issuerFrom: 'typed' | 'declared' | null;
  audienceFrom: 'typed' | 'declared' | null;
}

function listOf(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
