// A filtered read is a guess until the server says so: for each row the verdicts call filtered,
// ask the admin API's /rows/<table>/<id>?as=<clientGroupID> once. The answers flow back into the
// verdicts as row confirmations. Bounded, so a huge hidden table does not flood the server.

import { effect } from '@preact/signals';
import { rowCheckKey, type AdminClient } from '../admin/index.ts';
import { pickDatabase } from '../store/verdicts.ts';
import type { Store } from '../store/store.ts';

const MAX_CHECKS = 100;

export function startFilteredConfirmation(store: Store, admin: Pick<AdminClient, 'checkRow'>) {
  const asked = new Set<string>();
  const stop = effect(() => {
    if (store.admin.reachability.value.state !== 'ok') return;
    const db = pickDatabase(store.pageReader.data.value, store.analysis.events.value);
    const group = db?.meta.clientGroupID;
    if (typeof group !== 'string' || !group) return;
    for (const r of store.verdicts.value.rows) {
      if (r.state !== 'filtered' || asked.size >= MAX_CHECKS) continue;
      const key = rowCheckKey(r.table, r.id, group);
      if (asked.has(key) || store.admin.rowChecks.value.has(key)) continue;
      asked.add(key);
      void admin.checkRow(r.table, r.id, group);
    }
  });
  return { dispose: stop };
}
