// The admin credential, wrapped so it cannot leak by accident: JSON.stringify, String() and
// template literals all give a placeholder; only reveal() (called when building the Authorization
// header) returns the value.

export const REDACTED = '[redacted admin credential]';

export interface AdminSecret {
  reveal(): string;
  readonly length: number;
  toJSON(): string;
  toString(): string;
}

export function createSecret(value: string): AdminSecret {
  return Object.freeze({
    reveal: () => value,
    length: value.length,
    toJSON: () => REDACTED,
    toString: () => REDACTED,
  });
}

/** What the settings form shows instead of the value. */
export function maskSecret(secret: AdminSecret | null): string {
  return secret && secret.length > 0 ? '•'.repeat(Math.min(secret.length, 12)) : '';
}
