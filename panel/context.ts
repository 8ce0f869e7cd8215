// The one route from components to state: the store, its dispatch and the few actions main.tsx
// starts (the admin client, a page re-read), handed down by one context so no component fetches,
// subscribes on its own, or reaches a slice any other way.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CaptureMessage } from '../shared/protocol.ts';
import type { AdminClient } from './admin/client.ts';
import type { AdminSlice } from './admin/slice.ts';
import type { PageReaderSlice } from './pageReader/slice.ts';
import type { Store } from './store/store.ts';

export interface PanelContext {
  store: Store;
  dispatch: (msg: CaptureMessage) => void;
  /** Absent where no admin client runs (an imported incident, a component test). */
  adminClient?: AdminClient;
  /** Reads the page's stores now; absent where no page reader runs. */
  readPageNow?: () => void;
}

export const Ctx = createContext<PanelContext | null>(null);

export function usePanel(): PanelContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('usePanel outside <Ctx.Provider>');
  return ctx;
}

/** The store's admin slice with the client that acts on it; null when no client runs. */
export interface AdminContextValue {
  slice: AdminSlice;
  client: AdminClient;
}

export function useAdmin(): AdminContextValue | null {
  const ctx = useContext(Ctx);
  return ctx?.adminClient ? { slice: ctx.store.admin, client: ctx.adminClient } : null;
}

/** The store's page-reader slice and its Refresh action. */
export interface PageReaderContext {
  slice: PageReaderSlice;
  refresh: () => void;
}

export function usePageReader(): PageReaderContext {
  const { store, readPageNow } = usePanel();
  return { slice: store.pageReader, refresh: () => readPageNow?.() };
}
