// Every message that crosses a context boundary, as per-direction maps turned into discriminated
// unions on `type`, each with an `is*` guard used where it arrives. Nothing redeclares these.
// Envelope: { source, v, type, ...payload }.

import type { IncidentBundle } from './auth/bundle.ts';
import { isRecord } from './guards.ts';
import type { Expectations, Verifier, VerifyResult } from './auth/types.ts';
import type { HarEntryLike } from './sync/types.ts';
import type { AdminMap } from './messages/admin.ts';
import type { AuthLogMap } from './admin/authLog.ts';
import type { PageReaderMap } from './messages/pageReader.ts';

/** The page bridge's tag (plasma-protocol.md §6). */
export const BRIDGE_SOURCE = 'plasma-devtools';
export const BRIDGE_VERSION = 1;
/** Largest page message the extension accepts; page data is hostile. */
export const MAX_PAGE_MESSAGE_BYTES = 4 * 1024 * 1024;

type Envelope<S extends string, M> = {
  [K in keyof M & string]: { source: S; v: number; type: K } & M[K];
}[keyof M & string];

/** Page -> panel (plasma-protocol.md §6, v1). Fields are checked loosely; values stay unknown. */
export interface PageToPanelMap {
  hello: { dbName?: unknown; schemaVersion?: unknown; clientGroupID?: unknown; clientID?: unknown; tables?: unknown };
  snapshot: { snapshot: unknown };
  event: { event: unknown };
  'command-result': { id: unknown; ok: unknown; error?: unknown };
}
export type PageToPanel = Envelope<typeof BRIDGE_SOURCE, PageToPanelMap>;

/** What the panel's own capture layer feeds the store (one context, but the store's only input). */
export interface CaptureMap extends PageReaderMap, AdminMap, AuthLogMap {
  /** A finished request from the DevTools network API (live or recovered with getHAR). */
  requestFinished: { id: string; entry: HarEntryLike; recovered: boolean };
  /** Many at once (getHAR() on panel load): one store update instead of one per request. */
  requestsFinished: { items: { id: string; entry: HarEntryLike; recovered: boolean }[] };
  /** The response body arrived (or is known unavailable: null). */
  responseBody: { id: string; body: string | null };
  /** Bodies that arrived within one frame, applied together. */
  responseBodies: { items: { id: string; body: string | null }[] };
  navigated: { url: string };
  clear: { by?: 'user' };
  setPreserveLog: { on: boolean };
  setShowAll: { on: boolean };
  setFilter: { text: string };
  select: { id: string | null };
  theme: { name: 'default' | 'dark' };
  /** Expected issuer/audience the user set; causes compare tokens against them. */
  setExpectations: { expect: Expectations };
  /** A verification key the user pasted (memory only), or null to forget it. */
  setVerifier: { verifier: Verifier | null };
  verificationsReady: { results: ReadonlyMap<string, VerifyResult>; error: string | null };
  setNearExpiryMargin: { sec: number };
  /** Selecting a finding narrows the list to its requests. */
  selectFinding: { id: string | null };
  importBundle: { bundle: IncidentBundle };
  importFailed: { reason: string };
  leaveImport: { by?: 'user' };
  setView: { view: View };
}
/** The panel's top-level views: the store's `view` signal and the tabs App.tsx draws. */
export type View = 'requests' | 'mutations' | 'data' | 'client' | 'server';
export type CaptureMessage = { [K in keyof CaptureMap]: { type: K } & CaptureMap[K] }[keyof CaptureMap];

function hasEnvelope(x: unknown, source: string): x is Record<string, unknown> & { type: string; v: number } {
  return isRecord(x) && x.source === source && typeof x.type === 'string' && typeof x.v === 'number';
}

const PAGE_TYPES: ReadonlySet<string> = new Set(['hello', 'snapshot', 'event', 'command-result']);

/** A page bridge message: right tag, a known type, within the size bound. Unknown types are dropped. */
export function isPageToPanel(x: unknown, approxBytes?: number): x is PageToPanel {
  if (!hasEnvelope(x, BRIDGE_SOURCE) || !PAGE_TYPES.has(x.type)) return false;
  if (approxBytes !== undefined && approxBytes > MAX_PAGE_MESSAGE_BYTES) return false;
  if (x.type === 'snapshot') return isRecord(x.snapshot);
  if (x.type === 'event') return isRecord(x.event);
  return true;
}
