// The admin API client's panel side: slice, its reducer, the polling client and the Server view.
// main.tsx starts the client once per panel page; applyMessage() forwards messages to the reducer.

export { createAdminSlice, rowCheckKey, type AdminSettings, type AdminSlice } from './slice.ts';
export { applyAdminMessage } from './reducer.ts';
export { startAdminClient, type AdminClient, type AdminClientDeps } from './client.ts';
export { chromeHostAccess, chromeLocalStorage, extensionOrigin } from './chrome.ts';
export { AdminCtx, useAdmin, type AdminContextValue } from './context.ts';
export { ServerView } from './ServerView.tsx';
export { AdminUnavailableNote } from './AdminUnavailableNote.tsx';
export type { AdminStorage } from './storage.ts';
export { trackInspectedPage } from './pageOrigin.ts';
