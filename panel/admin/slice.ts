// The admin API's part of the panel state: settings, reachability and what was fetched from the
// server. Created with the store and written only by applyAdminMessage(); `server` is the shape
// the verdict engine reads (shared/verdict/types.ts ServerState).

import { computed, signal } from '@preact/signals';
import {
  DEFAULT_MAX_CHANGES,
  DEFAULT_MAX_ERRORS,
  emptyChangeLog,
  emptyErrorLog,
  type AdminSecret,
  type ChangeLog,
  type ErrorLog,
  type Reachability,
} from '../../shared/admin/index.ts';
import type { AdminInfo, ServerClient } from '../../shared/admin/types.ts';
import type { RowCheck } from '../../shared/messages/admin.ts';
import type { RowConfirmation, ServerState } from '../../shared/verdict/types.ts';
import { createAuthLogState } from './authLog.ts';

export interface AdminSettings {
  baseUrl: string;
  /** Never rendered unmasked, never logged: an AdminSecret serializes to a placeholder. */
  credential: AdminSecret | null;
  /** Opt-in: keep baseUrl and credential in chrome.storage.local. */
  persist: boolean;
}

export function rowCheckKey(table: string, id: string, clientGroupID: string): string {
  return `${table}/${id}?as=${clientGroupID}`;
}

export function createAdminSlice(opts: { maxChanges?: number; maxErrors?: number } = {}) {
  const settings = signal<AdminSettings>({ baseUrl: '', credential: null, persist: false });
  const reachability = signal<Reachability>({ state: 'idle', message: 'Not connected to an admin API.' });
  const info = signal<AdminInfo | null>(null);
  const changeLog = signal<ChangeLog>(emptyChangeLog());
  const errorLog = signal<ErrorLog>(emptyErrorLog());
  const clients = signal<ServerClient[]>([]);
  const clientsTruncated = signal(false);
  const rowChecks = signal<ReadonlyMap<string, RowCheck>>(new Map());
  const lastPolledAt = signal<number | null>(null);

  const changes = computed(() => changeLog.value.changes);
  const maxRowVersion = computed(() => changeLog.value.maxRowVersion ?? info.value?.maxRowVersion ?? null);
  const knownFromRowVersion = computed(() => changeLog.value.knownFromRowVersion);
  const errors = computed(() => errorLog.value.errors);
  /** Data was read at least once: a later failure keeps it on screen. */
  const everConnected = computed(() => info.value !== null);
  const server = computed<ServerState>(() => {
    const rows: RowConfirmation[] = [];
    for (const c of rowChecks.value.values()) {
      if (c.state !== 'done') continue;
      const r: RowConfirmation = { table: c.table, id: c.id, row: c.answer.row, readable: c.answer.readable };
      if (c.answer.reason !== undefined) r.reason = c.answer.reason;
      rows.push(r);
    }
    return {
      adminAvailable: everConnected.value,
      changes: changes.value,
      knownFromRowVersion: knownFromRowVersion.value,
      clients: clients.value,
      errors: errors.value,
      rows,
    };
  });

  return {
    maxChanges: opts.maxChanges ?? DEFAULT_MAX_CHANGES,
    maxErrors: opts.maxErrors ?? DEFAULT_MAX_ERRORS,
    settings,
    reachability,
    info,
    changeLog,
    errorLog,
    changes,
    maxRowVersion,
    knownFromRowVersion,
    clients,
    clientsTruncated,
    errors,
    rowChecks,
    lastPolledAt,
    everConnected,
    server,
    /** The server's auth decisions and declared expectations (authLog.ts). */
    authLog: createAuthLogState(),
    dispose() {
      settings.value = { baseUrl: '', credential: null, persist: false };
      changeLog.value = emptyChangeLog();
      errorLog.value = emptyErrorLog();
      clients.value = [];
      rowChecks.value = new Map();
    },
  };
}

export type AdminSlice = ReturnType<typeof createAdminSlice>;
