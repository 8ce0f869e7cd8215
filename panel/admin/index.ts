// The admin API client's panel side: slice, its reducer and the polling client (no components:
// the state layer imports this; the Server view is imported from its own module).
// main.tsx starts the client once per panel page; applyMessage() forwards messages to the reducer.

export { createAdminSlice, rowCheckKey, type AdminSettings, type AdminSlice } from './slice.ts';
export { applyAdminMessage } from './reducer.ts';
export { startAdminClient, type AdminClient, type AdminClientDeps } from './client.ts';
export { chromeHostAccess, chromeLocalStorage, extensionOrigin } from './chrome.ts';
export type { AdminStorage } from './storage.ts';
export { trackInspectedPage } from './pageOrigin.ts';
