// Messages of the admin API client (server change log, clients, errors, row checks) into the
// panel store. Part of the one protocol: shared/protocol.ts merges this map into CaptureMap.
// The credential travels only as an AdminSecret, which serializes to a placeholder.

import type { AdminInfo, ChangesPage, ClientsPage, ErrorsPage, RowAnswer } from '../admin/types.ts';
import type { Reachability } from '../admin/reachability.ts';
import type { AdminSecret } from '../admin/secret.ts';

/** One `/rows/<table>/<id>?as=<clientGroupID>` check and where it stands. */
export type RowCheck = { table: string; id: string; clientGroupID: string } & (
  { state: 'pending' } | { state: 'done'; answer: RowAnswer; at: number } | { state: 'failed'; reason: string }
);

export interface AdminMap {
  /** What the settings form holds. A different baseUrl than before also clears what was fetched. */
  adminSettings: { baseUrl: string; credential: AdminSecret | null; persist: boolean };
  adminReachability: { reachability: Reachability };
  adminInfo: { info: AdminInfo };
  /** One `/changes` page, fetched with `since`; a page whose `since` is not the cursor is dropped. */
  adminChanges: { page: ChangesPage; since: number };
  adminClients: { page: ClientsPage };
  /** One `/errors` page, fetched with `since` (an error id). */
  adminErrors: { page: ErrorsPage; since: number };
  adminRowCheck: { key: string; check: RowCheck };
  /** A poll round finished (with or without failures), for the "updated" time. */
  adminPolled: { at: number };
}
