// Maps the page reader's per-database states to what the panel shows: every outcome (gone, held
// up by an upgrade, upgraded under us, failed) becomes a status with a message, never a throw.

import type { DbStatus } from './types.ts';

export const WIRE_STATUSES = ['opening', 'reading', 'notPlasma', 'missing', 'blocked', 'upgrading', 'error'] as const;
export type WireStatus = (typeof WIRE_STATUSES)[number];

export const isWireStatus = (x: unknown): x is WireStatus =>
  typeof x === 'string' && (WIRE_STATUSES as readonly string[]).includes(x);

/** null: not a plasma database, leave it out of the list. */
export function statusFromWire(status: WireStatus, message: string): DbStatus | null {
  switch (status) {
    case 'opening':
    case 'reading':
      return { kind: 'reading' };
    case 'notPlasma':
      return null;
    case 'missing':
      return { kind: 'missing', message: message || 'the database no longer exists' };
    case 'blocked':
      return { kind: 'blocked', message: message || 'the open is held up by an upgrade another tab blocks' };
    case 'upgrading':
      return { kind: 'upgrading', message: message || 'the app is upgrading this database' };
    case 'error':
      return { kind: 'error', message: message || 'the read failed' };
  }
}

/** One line for the status bar of the Client view. */
export function describeStatus(s: DbStatus): string {
  switch (s.kind) {
    case 'idle':
      return 'not read yet';
    case 'reading':
      return 'reading…';
    case 'progress':
      return `reading ${s.done.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} rows`;
    case 'ok':
      return 'read';
    case 'missing':
      return `missing: ${s.message}`;
    case 'blocked':
      return `blocked: ${s.message}`;
    case 'upgrading':
      return `upgrading: ${s.message}`;
    case 'error':
      return `error: ${s.message}`;
  }
}
