// The admin credential, wrapped so it cannot leak by accident: JSON.stringify, String() and
// template literals all give a placeholder; only reveal() (called when building the Authorization
// header) returns the value. It is bound to the origin it was entered for: the client sends it
// only to that origin (a page can make the panel suggest another one).

import { originOf } from './reachability.ts';

export const REDACTED = '[redacted admin credential]';

export interface AdminSecret {
  reveal(): string;
  readonly length: number;
  /** The http(s) origin the credential was entered for; null: none (never sent anywhere). */
  readonly origin: string | null;
  toJSON(): string;
  toString(): string;
}

/** `boundTo` is the base URL (or origin) the user entered the credential for. */
export function createSecret(value: string, boundTo: string | null): AdminSecret {
  return Object.freeze({
    reveal: () => value,
    length: value.length,
    origin: originOf(boundTo ?? undefined),
    toJSON: () => REDACTED,
    toString: () => REDACTED,
  });
}

/** Whether `secret` may be sent to `url`: only to the very origin it was entered for. */
export function mayReceive(secret: AdminSecret | null, url: string): boolean {
  return secret !== null && secret.length > 0 && secret.origin !== null && secret.origin === originOf(url);
}

/** The credential that stays when the base URL becomes `baseUrl`: null when the origin changed. */
export function keepForBaseUrl(secret: AdminSecret | null, baseUrl: string): AdminSecret | null {
  return secret && secret.origin !== null && secret.origin === originOf(baseUrl) ? secret : null;
}

/** What the settings form shows instead of the value. */
export function maskSecret(secret: AdminSecret | null): string {
  return secret && secret.length > 0 ? '•'.repeat(Math.min(secret.length, 12)) : '';
}
