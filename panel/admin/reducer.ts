// The admin messages' part of the one reducer: applyMessage() hands every message here and this
// says whether it was an admin one. Batched, so a page and its cursor land together.

import { batch } from '@preact/signals';
import {
  emptyChangeLog,
  emptyErrorLog,
  keepForBaseUrl,
  mergeChanges,
  mergeErrors,
  startChangeLog,
} from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { AdminSlice } from './slice.ts';
import { applyAuthLogMessage } from './authLog.ts';
import { isAdminMessage, type AdminMessage } from './messages.ts';

const MAX_ROW_CHECKS = 1000;

function clearFetched(slice: AdminSlice) {
  slice.info.value = null;
  slice.changeLog.value = emptyChangeLog();
  slice.errorLog.value = emptyErrorLog();
  slice.clients.value = [];
  slice.clientsTruncated.value = false;
  slice.rowChecks.value = new Map();
  slice.lastPolledAt.value = null;
}

/** Applies an admin message; false (and nothing changes) for any other message. */
export function applyAdminMessage(slice: AdminSlice, msg: CaptureMessage): boolean {
  if (!isAdminMessage(msg)) return false;
  batch(() => {
    reduce(slice, msg);
  });
  return true;
}

function reduce(slice: AdminSlice, msg: AdminMessage): void {
  switch (msg.type) {
    case 'adminAuthLog':
    case 'adminAuthLogProblem':
    case 'adminAuthExpectations':
      applyAuthLogMessage(slice.authLog, slice.settings.value.baseUrl, msg);
      return;
    case 'adminSettings': {
      applyAuthLogMessage(slice.authLog, slice.settings.value.baseUrl, msg);
      // Another server's log is not this one's continuation.
      if (msg.baseUrl !== slice.settings.value.baseUrl) clearFetched(slice);
      // The credential belongs to the origin it was entered for: a base URL on another origin
      // drops it, so it is never carried to a server the user did not enter it for.
      slice.settings.value = {
        baseUrl: msg.baseUrl,
        credential: keepForBaseUrl(msg.credential, msg.baseUrl),
        persist: msg.persist,
      };
      return;
    }
    case 'adminReachability':
      slice.reachability.value = msg.reachability;
      return;
    case 'adminInfo': {
      const first = slice.info.value === null;
      slice.info.value = msg.info;
      // Reading starts late when the log is longer than the buffer; knownFromRowVersion says so.
      if (first && slice.changeLog.value.since === 0 && slice.changeLog.value.changes.length === 0) {
        slice.changeLog.value = startChangeLog(msg.info.maxRowVersion, slice.maxChanges);
      }
      return;
    }
    case 'adminChanges': {
      const next = mergeChanges(slice.changeLog.value, msg.page, msg.since, slice.maxChanges);
      if (next) slice.changeLog.value = next;
      return;
    }
    case 'adminClients':
      slice.clients.value = msg.page.clients;
      slice.clientsTruncated.value = msg.page.truncated;
      return;
    case 'adminErrors': {
      const next = mergeErrors(slice.errorLog.value, msg.page, msg.since, slice.maxErrors);
      if (next) slice.errorLog.value = next;
      return;
    }
    case 'adminRowCheck': {
      const m = new Map(slice.rowChecks.value);
      m.delete(msg.key); // re-inserted last, so the oldest check is first to go
      m.set(msg.key, msg.check);
      const oldest = m.keys().next();
      if (m.size > MAX_ROW_CHECKS && !oldest.done) m.delete(oldest.value);
      slice.rowChecks.value = m;
      return;
    }
    case 'adminPolled':
      slice.lastPolledAt.value = msg.at;
      return;
    default: {
      // Every admin message is handled above: a new one makes `msg` not `never` here, and tsc fails.
      const _exhaustive: never = msg;
      return;
    }
  }
}
