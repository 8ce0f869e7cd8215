import { describe, expect, it } from 'vitest';
import { createSecret } from '../../shared/admin/index.ts';
import type { ChangesPage } from '../../shared/admin/types.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { applyAdminMessage } from './reducer.ts';
import { createAdminSlice } from './slice.ts';

const page = (rvs: number[]): ChangesPage => ({
  changes: rvs.map((rowVersion) => ({
    rowVersion,
    table: 't',
    id: `r${rowVersion}`,
    op: 'put',
    value: {},
    createdAt: 0,
    clientGroupID: null,
    clientID: null,
    mutationID: null,
  })),
  maxRowVersion: Math.max(0, ...rvs),
  hasMore: false,
  nextSince: null,
  skipped: 0,
});
const info = { adminApiVersion: 1, schemaVersion: '3', basePath: '/sync', tables: ['t'], maxRowVersion: 2 };

function loaded() {
  const slice = createAdminSlice();
  const apply = (m: CaptureMessage) => applyAdminMessage(slice, m);
  apply({
    type: 'adminSettings',
    baseUrl: 'http://a/sync/admin',
    credential: createSecret('s', 'http://a/sync/admin'),
    persist: false,
  });
  apply({ type: 'adminInfo', info });
  apply({ type: 'adminChanges', page: page([1, 2]), since: 0 });
  return { slice, apply };
}

describe('applyAdminMessage', () => {
  it('says which messages are its own', () => {
    const slice = createAdminSlice();
    expect(applyAdminMessage(slice, { type: 'clear' })).toBe(false);
    expect(applyAdminMessage(slice, { type: 'adminPolled', at: 5 })).toBe(true);
    expect(slice.lastPolledAt.value).toBe(5);
  });

  it.each([
    ['same URL, new credential: keeps the data', 'http://a/sync/admin', 2],
    ['another URL: another server, the data goes', 'http://b/sync/admin', 0],
  ])('%s', (_n, baseUrl, kept) => {
    const { slice, apply } = loaded();
    apply({ type: 'adminSettings', baseUrl, credential: createSecret('t', baseUrl), persist: false });
    expect(slice.changes.value).toHaveLength(kept);
    expect(slice.everConnected.value).toBe(kept > 0);
  });

  it('a page fetched with an old cursor is not added twice', () => {
    const { slice, apply } = loaded();
    apply({ type: 'adminChanges', page: page([1, 2]), since: 0 });
    expect(slice.changes.value.map((c) => c.rowVersion)).toEqual([1, 2]);
  });

  it('server state for the verdict engine', () => {
    const { slice, apply } = loaded();
    apply({ type: 'adminErrors', page: { errors: [], hasMore: false, tapInstalled: false, skipped: 0 }, since: 0 });
    expect(slice.server.value).toMatchObject({
      adminAvailable: true,
      knownFromRowVersion: null,
      errors: null,
      clients: [],
      rows: [],
    });
    expect(slice.server.value.changes).toHaveLength(2);
  });

  it('row checks are bounded, the oldest first to go', () => {
    const { slice, apply } = loaded();
    for (let i = 0; i < 1005; i++)
      apply({
        type: 'adminRowCheck',
        key: `t/${i}?as=g`,
        check: { table: 't', id: String(i), clientGroupID: 'g', state: 'pending' },
      });
    expect(slice.rowChecks.value.size).toBe(1000);
    expect(slice.rowChecks.value.has('t/0?as=g')).toBe(false);
    expect(slice.rowChecks.value.has('t/1004?as=g')).toBe(true);
  });
});
