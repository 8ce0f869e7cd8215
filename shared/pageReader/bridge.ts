// Guards plasma-devtools bridge messages (plasma-protocol.md §6) before the store sees them: the
// envelope through isPageToPanel, then each payload field by itself, with strings and lists
// bounded and free-form parts kept only as bounded JSON text.

import { isRecord } from '../guards.ts';
import { BRIDGE_VERSION, isPageToPanel } from '../protocol.ts';
import { rowText } from './decode.ts';
import type { BridgeEvent, BridgeHello, BridgeSnapshot } from './types.ts';

export type BridgeUpdate =
  | { type: 'hello'; hello: BridgeHello }
  | { type: 'snapshot'; snapshot: BridgeSnapshot }
  | { type: 'event'; event: BridgeEvent }
  | { type: 'commandResult'; id: string; ok: boolean; error: string | null }
  | { type: 'versionMismatch'; v: number };

const MAX_STR = 512;
const MAX_LIST = 200;
const s = (x: unknown): string | null => (typeof x === 'string' ? x.slice(0, MAX_STR) : null);
const idText = (x: unknown): string | null =>
  typeof x === 'string' ? x.slice(0, MAX_STR) : typeof x === 'number' && Number.isFinite(x) ? String(x) : null;

/** `approxChars`: the message's size as the relay measured it (the eval buffer bounds it too). */
export function decodeBridgeMessage(raw: unknown, approxChars?: number): BridgeUpdate | null {
  if (!isPageToPanel(raw, approxChars)) return null;
  if (raw.v !== BRIDGE_VERSION) return { type: 'versionMismatch', v: raw.v };
  switch (raw.type) {
    case 'hello':
      return {
        type: 'hello',
        hello: {
          dbName: s(raw.dbName),
          schemaVersion: idText(raw.schemaVersion),
          clientGroupID: s(raw.clientGroupID),
          clientID: s(raw.clientID),
          tables: Array.isArray(raw.tables)
            ? raw.tables.slice(0, MAX_LIST).flatMap((t) => (typeof t === 'string' ? [t.slice(0, MAX_STR)] : []))
            : [],
        },
      };
    case 'snapshot':
      return { type: 'snapshot', snapshot: snapshotOf(raw.snapshot as Record<string, unknown>) };
    case 'event': {
      const e = raw.event as Record<string, unknown>;
      const { kind, at, ...rest } = e;
      return {
        type: 'event',
        event: {
          kind: s(kind) ?? 'unknown',
          at: typeof at === 'number' && Number.isFinite(at) ? at : null,
          detail: rowText(rest, 500),
        },
      };
    }
    case 'command-result':
      return {
        type: 'commandResult',
        id: idText(raw.id) ?? '',
        ok: raw.ok === true,
        error: raw.error === undefined ? null : rowText(raw.error, MAX_STR),
      };
  }
}

function snapshotOf(x: Record<string, unknown>): BridgeSnapshot {
  const outbox = Array.isArray(x.outbox) ? x.outbox : [];
  const lastMutationIDs = Object.create(null) as Record<string, number>;
  if (isRecord(x.lastMutationIDs)) {
    for (const [k, v] of Object.entries(x.lastMutationIDs).slice(0, MAX_LIST)) {
      if (typeof v === 'number' && Number.isFinite(v)) lastMutationIDs[k.slice(0, MAX_STR)] = v;
    }
  }
  return {
    clientID: s(x.clientID),
    clientGroupID: s(x.clientGroupID),
    cookie: x.cookie === null ? null : idText(x.cookie),
    schemaVersion: idText(x.schemaVersion),
    outboxCount: outbox.length,
    outboxText: outbox.slice(0, 50).map((m) => rowText(m, 300)),
    lastMutationIDs,
    errors: Array.isArray(x.errors) ? x.errors.slice(0, 50).map((e) => rowText(e, 300)) : [],
  };
}

export type BridgeAnswer =
  | { kind: 'gone' }
  | { kind: 'messages'; messages: { message: unknown; approxChars: number }[]; dropped: number }
  | { kind: 'bad'; reason: string };

/** Guards one drain of the page's bridge buffer (pageScript's bridgePoll). */
export function decodeBridgeAnswer(raw: unknown, maxChars = 16 * 1024 * 1024): BridgeAnswer {
  if (typeof raw !== 'string') return { kind: 'bad', reason: 'not text' };
  if (raw.length > maxChars) return { kind: 'bad', reason: `${raw.length} characters, over the bound` };
  let p: unknown;
  try {
    p = JSON.parse(raw);
  } catch {
    return { kind: 'bad', reason: 'not JSON' };
  }
  if (!isRecord(p) || p.v !== 1) return { kind: 'bad', reason: 'unknown shape' };
  if (p.gone === true) return { kind: 'gone' };
  if (!Array.isArray(p.messages) || p.messages.length > 1000) return { kind: 'bad', reason: 'unknown shape' };
  const messages = p.messages.map((message: unknown) => {
    let approxChars = Infinity;
    try {
      approxChars = JSON.stringify(message).length;
    } catch {
      // Deeper than this realm can print: it stays over every bound.
    }
    return { message, approxChars };
  });
  return {
    kind: 'messages',
    messages,
    dropped: typeof p.dropped === 'number' && Number.isSafeInteger(p.dropped) && p.dropped >= 0 ? p.dropped : 0,
  };
}
