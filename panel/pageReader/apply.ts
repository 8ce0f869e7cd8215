// The page reader's share of the one reducer: applyMessage() hands every message here first and
// stops if it returns true. Messages of an older read are ignored, so a slow read that a newer one
// replaced cannot overwrite fresher data.

import { batch } from '@preact/signals';
import type { CaptureMessage } from '../../shared/protocol.ts';
import { decodeBridgeMessage, type DbStatus } from '../../shared/pageReader/index.ts';
import { MAX_BRIDGE_EVENTS, type PageReaderSlice } from './slice.ts';

const setStatus = (slice: PageReaderSlice, db: string, s: DbStatus | null) => {
  const next = { ...slice.status.value };
  if (s) next[db] = s;
  else delete next[db];
  slice.status.value = next;
};

export function applyPageReaderMessage(slice: PageReaderSlice, msg: CaptureMessage): boolean {
  switch (msg.type) {
    case 'pageReadStarted':
      batch(() => {
        slice.readId.value = msg.readId;
        slice.overall.value = { kind: 'reading' };
      });
      return true;
    case 'pageReadDatabases':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        const names = new Set(msg.names);
        slice.listed.value = msg.names;
        // Databases the page no longer lists are gone: drop what we had of them.
        slice.data.value = Object.fromEntries(Object.entries(slice.data.value).filter(([n]) => names.has(n)));
        slice.status.value = Object.fromEntries(Object.entries(slice.status.value).filter(([n]) => names.has(n)));
        if (!msg.supported) slice.overall.value = { kind: 'unsupported', message: msg.message };
      });
      return true;
    case 'pageReadDbStatus':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        setStatus(slice, msg.db, msg.status);
        if (msg.status === null && slice.data.value[msg.db]) {
          const { [msg.db]: _gone, ...rest } = slice.data.value;
          slice.data.value = rest;
        }
      });
      return true;
    case 'pageReadDbData':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        slice.data.value = { ...slice.data.value, [msg.data.name]: msg.data };
        setStatus(slice, msg.data.name, { kind: 'ok' });
      });
      return true;
    case 'pageReadFinished':
      if (msg.readId !== slice.readId.value) return true;
      batch(() => {
        slice.lastReadAt.value = msg.at;
        if (msg.error !== null) slice.overall.value = { kind: 'error', message: msg.error };
        else if (slice.overall.value.kind === 'reading') slice.overall.value = { kind: 'done', at: msg.at };
      });
      return true;
    case 'pageBridgeMessage':
      applyBridge(slice, msg.message, msg.approxChars);
      return true;
    case 'pageBridgeReset':
      batch(() => {
        slice.bridge.connected.value = false;
        slice.bridge.hello.value = null;
        slice.bridge.lastSnapshot.value = null;
      });
      return true;
    case 'pageBridgeDropped':
      slice.bridge.dropped.value += msg.count;
      return true;
    default:
      return false;
  }
}

function applyBridge(slice: PageReaderSlice, raw: unknown, approxChars: number | undefined) {
  const b = slice.bridge;
  const u = decodeBridgeMessage(raw, approxChars);
  batch(() => {
    if (!u) {
      b.rejected.value++;
      return;
    }
    if (u.type === 'versionMismatch') {
      b.versionMismatch.value = u.v;
      return;
    }
    b.connected.value = true;
    b.versionMismatch.value = null;
    if (u.type === 'hello') b.hello.value = u.hello;
    else if (u.type === 'snapshot') b.lastSnapshot.value = u.snapshot;
    else if (u.type === 'event') {
      const next = b.events.value.concat(u.event);
      b.events.value = next.length > MAX_BRIDGE_EVENTS ? next.slice(next.length - MAX_BRIDGE_EVENTS) : next;
    }
  });
}
