// The families of the one protocol the panel's reducer hands on whole: the page reader's messages go
// to panel/pageReader/apply.ts, the admin client's to panel/admin/reducer.ts; the rest are the
// store's own. Each family is a union plus a guard, so applyMessage() narrows and its switch over what
// is left ends in a `never` check: a message type added to CaptureMap and handled nowhere fails tsc.

import type { PageReaderMap } from '../../shared/messages/pageReader.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { AdminMessage } from '../admin/messages.ts';

export type PageReaderMessage = Extract<CaptureMessage, { type: keyof PageReaderMap }>;

// `satisfies` makes this table the type's own list: a missing or an extra name fails to compile.
const PAGE_READER_TYPES = {
  pageReadStarted: true,
  pageReadDatabases: true,
  pageReadDbStatus: true,
  pageReadDbData: true,
  pageReadDbDelta: true,
  pageReadFinished: true,
  pageBridgeMessage: true,
  pageBridgeReset: true,
  pageBridgeDropped: true,
} as const satisfies Record<keyof PageReaderMap, true>;

const PAGE_READER_TYPE_SET: ReadonlySet<string> = new Set(Object.keys(PAGE_READER_TYPES));

export function isPageReaderMessage(msg: CaptureMessage): msg is PageReaderMessage {
  return PAGE_READER_TYPE_SET.has(msg.type);
}

/** What the store's own switch handles: every message that is neither the page reader's nor the admin client's. */
export type StoreMessage = Exclude<CaptureMessage, PageReaderMessage | AdminMessage>;
