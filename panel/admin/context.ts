// The admin slice and client, handed to the Server view and AdminUnavailableNote by context so
// neither fetches on its own. main.tsx provides it once per panel page.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AdminClient } from './client.ts';
import type { AdminSlice } from './slice.ts';

export interface AdminContextValue {
  slice: AdminSlice;
  client: AdminClient;
}

export const AdminCtx = createContext<AdminContextValue | null>(null);

export function useAdmin(): AdminContextValue | null {
  return useContext(AdminCtx);
}
