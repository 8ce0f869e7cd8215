// The one reducer: every inbound capture message changes the store here, in one batch.

import { batch } from '@preact/signals';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { makeRow, rowFromEvent, withBody, type CapturedRow } from './rows.ts';
import type { HarEntryLike } from '../../shared/sync/types.ts';
import type { Store } from './store.ts';
import { applyAdminMessage } from '../admin/index.ts';
import { applyPageReaderMessage } from '../pageReader/index.ts';

export function fingerprint(entry: { startedDateTime: string; time: number; request: { method: string; url: string } }): string {
  return `${entry.startedDateTime}|${entry.request.method}|${entry.request.url}|${Math.round(entry.time * 1000)}`;
}

export function applyMessage(store: Store, msg: CaptureMessage): void {
  batch(() => {
    if (applyPageReaderMessage(store.pageReader, msg)) return;
    switch (msg.type) {
      case 'requestFinished':
        addRows(store, [msg]);
        return;
      case 'requestsFinished':
        addRows(store, msg.items);
        return;
      case 'responseBody':
        setBodies(store, [msg]);
        return;
      case 'responseBodies':
        setBodies(store, msg.items);
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
        store.rows.value = msg.bundle.events.map((e) => rowFromEvent(e, store.nextSeq()));
        store.selectedId.value = null;
        store.selectedFindingId.value = null;
        return;
      case 'importFailed':
        store.importError.value = msg.reason;
        return;
      default:
        applyAdminMessage(store.admin, msg);
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

function addRows(store: Store, items: readonly { id: string; entry: HarEntryLike; recovered: boolean }[]) {
  const fresh: CapturedRow[] = [];
  for (const item of items) {
    const fp = fingerprint(item.entry);
    if (store.seen.has(fp)) continue;
    store.seen.add(fp);
    fresh.push(makeRow(item.id, store.nextSeq(), item.entry, item.recovered));
  }
  if (fresh.length === 0) return;
  const current = store.rows.value;
  const last = current[current.length - 1]?.startedAt ?? -Infinity;
  const next = current.concat(fresh);
  // Live rows arrive in order and append; rows recovered from getHAR() slot in by start time.
  if (fresh.some((r, i) => r.startedAt < (i === 0 ? last : fresh[i - 1]!.startedAt))) next.sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
  const over = next.length - store.maxRows;
  if (over > 0) {
    for (const gone of next.splice(0, over)) store.seen.delete(fingerprint(gone.entry));
    store.dropped.value += over;
  }
  store.rows.value = next;
}

function setBodies(store: Store, items: readonly { id: string; body: string | null }[]) {
  let next: CapturedRow[] | null = null;
  for (const { id, body } of items) {
    const rows: CapturedRow[] = next ?? store.rows.value;
    const i = findFromEnd(rows, id);
    const row = rows[i];
    if (!row) continue;
    next ??= rows.slice();
    next[i] = withBody(row, body);
  }
  if (next) store.rows.value = next;
}
