// The page reader's slice and its Refresh action, handed to ClientStoresView by context.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PageReaderSlice } from './slice.ts';

export interface PageReaderContext {
  slice: PageReaderSlice;
  refresh(): void;
}

export const PageReaderCtx = createContext<PageReaderContext | null>(null);

export function usePageReader(): PageReaderContext {
  const ctx = useContext(PageReaderCtx);
  if (!ctx) throw new Error('usePageReader outside <PageReaderCtx.Provider>');
  return ctx;
}
