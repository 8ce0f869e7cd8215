// The one reducer: every inbound capture message changes the store here, in one batch. The page
// reader's and the admin client's messages go to their own reducers; the switch over the rest ends
// in a `never` check, so a message type that nothing handles fails to compile (see exhaustive.test.ts).

import { batch } from '@preact/signals';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { fingerprint, rowFromEvent } from './rows.ts';
import type { HarEntryLike } from '../../shared/sync/types.ts';
import type { Store } from './store.ts';
import { applyAdminMessage } from '../admin/index.ts';
import { isAdminMessage } from '../admin/messages.ts';
import { applyPageReaderMessage } from '../pageReader/index.ts';
import { isPageReaderMessage, type StoreMessage } from './messages.ts';

export { fingerprint };

export function applyMessage(store: Store, msg: CaptureMessage): void {
  batch(() => {
    if (isPageReaderMessage(msg)) applyPageReaderMessage(store.pageReader, msg);
    else if (isAdminMessage(msg)) applyAdminMessage(store.admin, msg);
    else applyStoreMessage(store, msg);
  });
}

function applyStoreMessage(store: Store, msg: StoreMessage): void {
  switch (msg.type) {
    case 'requestFinished':
      addRows(store, [msg]);
      return;
    case 'requestsFinished':
      addRows(store, msg.items);
      return;
    case 'responseBody':
      store.ingest.addBody(msg.id, msg.body);
      return;
    case 'responseBodies':
      for (const item of msg.items) store.ingest.addBody(item.id, item.body);
      return;
    case 'navigated':
      if (!store.preserveLog.value) clearRows(store);
      return;
    case 'clear':
      clearRows(store);
      return;
    case 'setPreserveLog':
      store.preserveLog.value = msg.on;
      return;
    case 'setShowAll':
      store.showAll.value = msg.on;
      return;
    case 'setFilter':
      store.filterText.value = msg.text;
      return;
    case 'select':
      store.selectedId.value = msg.id;
      return;
    case 'theme':
      store.theme.value = msg.name;
      return;
    case 'setExpectations':
      store.expect.value = { ...msg.expect };
      return;
    case 'setVerifier':
      store.verifier.value = msg.verifier;
      if (!msg.verifier) {
        store.verifications.value = new Map();
        store.verifyError.value = null;
      }
      return;
    case 'verificationsReady':
      store.verifications.value = msg.results;
      store.verifyError.value = msg.error;
      return;
    case 'setNearExpiryMargin':
      if (Number.isFinite(msg.sec) && msg.sec >= 0) store.nearExpiryMarginSec.value = msg.sec;
      return;
    case 'selectFinding': {
      store.selectedFindingId.value = msg.id;
      const f = store.selectedFinding.value;
      const first = f?.requestIds[0];
      if (first) store.selectedId.value = first;
      // A verdict finding is about mutations or rows: show the view that has them.
      if (f && 'mutationKeys' in f && f.mutationKeys?.length) store.view.value = 'mutations';
      else if (f && 'rowKeys' in f && f.rowKeys?.length) store.view.value = 'data';
      return;
    }
    case 'setView':
      store.view.value = msg.view;
      return;
    case 'importBundle':
      store.imported.value = msg.bundle;
      store.importError.value = null;
      store.ingest.clear();
      store.rows.value = msg.bundle.events.map((e) => rowFromEvent(e, store.nextSeq()));
      store.selectedId.value = null;
      store.selectedFindingId.value = null;
      return;
    case 'importFailed':
      store.importError.value = msg.reason;
      return;
    case 'leaveImport':
      store.imported.value = null;
      store.importError.value = null;
      clearRows(store);
      return;
    default: {
      // Every member is handled above: a new one makes `msg` not `never` here, and tsc fails.
      // (At run time a type outside the union, from a stale sender, is ignored.)
      const _exhaustive: never = msg;
      return;
    }
  }
}

function clearRows(store: Store) {
  store.ingest.clear();
  store.rows.value = [];
  store.dropped.value = 0;
  store.captureSince.value = Date.now(); // what came before is no longer judged
  store.selectedId.value = null;
  store.selectedFindingId.value = null;
  // Fingerprints stay: a request cleared by the user must not come back from a later getHAR().
}

/** Drops what was seen already; the rest is queued and applied on the next flush (a frame later in the panel). */
function addRows(store: Store, items: readonly { id: string; entry: HarEntryLike; recovered: boolean }[]) {
  const fresh = [];
  for (const item of items) {
    const fp = fingerprint(item.entry);
    if (store.seen.has(fp)) continue;
    store.seen.add(fp);
    fresh.push({ ...item, seq: store.nextSeq() });
  }
  if (fresh.length) store.ingest.addRows(fresh);
}
