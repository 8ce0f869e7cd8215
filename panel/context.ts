// The store and its dispatch, handed to components by context so none of them fetch or subscribe.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CaptureMessage } from '../shared/protocol.ts';
import type { Store } from './store/store.ts';

export interface PanelContext {
  store: Store;
  dispatch(msg: CaptureMessage): void;
}

export const Ctx = createContext<PanelContext | null>(null);

export function usePanel(): PanelContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('usePanel outside <Ctx.Provider>');
  return ctx;
}
