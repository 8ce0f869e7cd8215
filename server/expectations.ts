// What the app declares it expects of its users' tokens (shared/admin/authLog.ts AuthExpectations),
// checked once at configuration time and reported by GET /info under `auth`, so the panel can judge
// issuer, audience and algorithm of a captured token without the user typing them.

import type { AuthExpectations } from '../shared/admin/authLog.ts';

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '' && v.length <= 2048;
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.length <= 64 && v.every(isText);

function textOrList(name: string, v: unknown): string | string[] {
  if (isText(v)) return v;
  if (isTextList(v)) return [...v];
  throw new Error(`admin: authExpectations.${name} must be a non-empty string or list of strings`);
}

function list(name: string, v: unknown): string[] {
  if (isTextList(v)) return [...v];
  throw new Error(`admin: authExpectations.${name} must be a non-empty list of strings`);
}

/** A validated copy (unknown keys dropped); throws on a malformed declaration. */
export function normaliseExpectations(given: AuthExpectations): AuthExpectations {
  const out: AuthExpectations = {};
  if (given.issuer !== undefined) out.issuer = textOrList('issuer', given.issuer);
  if (given.audience !== undefined) out.audience = textOrList('audience', given.audience);
  if (given.algorithms !== undefined) out.algorithms = list('algorithms', given.algorithms);
  if (given.requiredRoles !== undefined) out.requiredRoles = list('requiredRoles', given.requiredRoles);
  if (given.jwksUrl !== undefined) {
    let url: URL | null;
    try {
      url = isText(given.jwksUrl) ? new URL(given.jwksUrl) : null;
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new Error('admin: authExpectations.jwksUrl must be an http(s) URL');
    }
    out.jwksUrl = url.href;
  }
  return out;
}
