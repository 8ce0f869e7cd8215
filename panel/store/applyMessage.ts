// The one reducer: every inbound capture message changes the store here, in one batch.

import { batch } from '@preact/signals';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { makeRow, rowFromEvent, withBody } from './rows.ts';
import type { Store } from './store.ts';

export function fingerprint(entry: { startedDateTime: string; time: number; request: { method: string; url: string } }): string {
  return `${entry.startedDateTime}|${entry.request.method}|${entry.request.url}|${Math.round(entry.time * 1000)}`;
}

export function applyMessage(store: Store, msg: CaptureMessage): void {
  batch(() => {
    switch (msg.type) {
      case 'requestFinished': {
        const fp = fingerprint(msg.entry);
        if (store.seen.has(fp)) return;
        store.seen.add(fp);
        const row = makeRow(msg.id, store.nextSeq(), msg.entry, msg.recovered);
        const next = insertByStart(store.rows.value, row);
        const over = next.length - store.maxRows;
        if (over > 0) {
          for (const gone of next.splice(0, over)) store.seen.delete(fingerprint(gone.entry));
          store.dropped.value += over;
        }
        store.rows.value = next;
        return;
      }
      case 'responseBody': {
        const i = findFromEnd(store.rows.value, msg.id);
        const row = store.rows.value[i];
        if (!row) return;
        const next = store.rows.value.slice();
        next[i] = withBody(row, msg.body);
        store.rows.value = next;
        return;
      }
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
      case 'backgroundConnected':
        store.backgroundConnected.value = msg.connected;
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
        const first = store.selectedFinding.value?.requestIds[0];
        if (first) store.selectedId.value = first;
        return;
      }
      case 'importBundle':
        store.imported.value = msg.bundle;
        store.importError.value = null;
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
    }
  });
}

function clearRows(store: Store) {
  store.rows.value = [];
  store.dropped.value = 0;
  store.selectedId.value = null;
  store.selectedFindingId.value = null;
  // Fingerprints stay: a request cleared by the user must not come back from a later getHAR().
}

/** Bodies arrive right after their request, so the row is almost always near the end. */
function findFromEnd(rows: readonly { id: string }[], id: string): number {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.id === id) return i;
  return -1;
}

/** Keeps rows in start-time order: live rows append; rows recovered from getHAR slot in. */
function insertByStart<T extends { startedAt: number }>(rows: readonly T[], row: T): T[] {
  const next = rows.slice();
  let i = next.length;
  while (i > 0 && next[i - 1]!.startedAt > row.startedAt) i--;
  next.splice(i, 0, row);
  return next;
}
