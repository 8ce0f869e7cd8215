// Issue 11 item 4: one definition of a well-formed ChangeRecord. The admin guard (where `/changes`
// arrives) and the verdict engine's sanitise() used to disagree on records like these: the guard
// refused them, sanitise repaired and kept them, so the same record counted as "skipped" in one
// place and judged in another. Now sanitise filters with the guard's own isChangeRecord.

import { describe, expect, it } from 'vitest';
import { sanitise } from '../verdict/sanitise.ts';
import type { ChangeRecord, ServerError } from './types.ts';
import { isChangeRecord, isServerClient, isServerError, parseChanges, parseClients, parseErrors } from './guards.ts';

const good = {
  rowVersion: 3,
  table: 'todos',
  id: 't1',
  op: 'put',
  value: { id: 't1' },
  createdAt: 1000,
  clientGroupID: 'g',
  clientID: 'c1',
  mutationID: 1,
};

/** What sanitise keeps of one record handed to it as admin data. */
function keptBySanitise(rec: unknown): number {
  // The cast is the point: data that skipped the guard, as a buggy caller could hand it.
  return sanitise({ server: { adminAvailable: true, changes: [rec as ChangeRecord] } }).server.changes.length;
}

describe('one ChangeRecord definition', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a fractional row version (old sanitise: any finite number)', { rowVersion: 2.5 }],
    ['a negative row version', { rowVersion: -1 }],
    ['a numeric client group (old sanitise: read as null, kept)', { clientGroupID: 42 }],
    ['a fractional mutation id (old sanitise: read as null, kept)', { mutationID: 1.5 }],
  ])('%s is refused by both', (_name, patch) => {
    const rec = { ...good, ...patch };
    expect(isChangeRecord(rec)).toBe(false);
    const page = parseChanges({ changes: [rec], maxRowVersion: 3, hasMore: false });
    expect(page.ok && page.value).toMatchObject({ changes: [], skipped: 1 });
    expect(keptBySanitise(rec)).toBe(0);
  });

  it('a record the guard accepts is kept by sanitise as the same object', () => {
    const page = parseChanges({ changes: [{ ...good, id: 7, clientGroupID: undefined }], maxRowVersion: 3 });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    const [rec] = page.value.changes;
    expect(rec).toMatchObject({ id: '7', clientGroupID: null });
    expect(isChangeRecord(rec)).toBe(true);
    const out = sanitise({ server: { adminAvailable: true, changes: page.value.changes } });
    expect(out.server.changes[0]).toBe(rec);
  });

  it('clients and errors follow the same rule (the old pair disagreed on these too)', () => {
    const client = { clientGroupID: 'g', clientID: 'c1', lastMutationID: 2.5, updatedAt: 1 };
    const error = { id: 1, at: 1, clientGroupID: null, clientID: null, mutationID: null, mutationName: null };
    expect(parseClients({ clients: [client] })).toMatchObject({ ok: true, value: { clients: [], skipped: 1 } });
    expect(isServerClient(client)).toBe(false);
    expect(parseErrors({ errors: [error] })).toMatchObject({ ok: true, value: { errors: [], skipped: 1 } });
    expect(isServerError(error)).toBe(false);
    const s = sanitise({
      server: { adminAvailable: true, clients: [client], errors: [error as unknown as ServerError] },
    }).server;
    expect(s.clients).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
