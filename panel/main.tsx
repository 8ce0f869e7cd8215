// The Plasma panel page. Created by the devtools page once per DevTools window and kept alive
// across reloads of the inspected page; it captures from chrome.devtools.network, reads the page's
// IndexedDB through inspectedWindow.eval, polls the app's admin API, talks to the background
// worker over a port, and renders the store.

import { render } from 'preact';
import { signal } from '@preact/signals';
import { applyMessage } from './store/applyMessage.ts';
import { createStore } from './store/store.ts';
import { createNetworkCapture, type NetworkLike } from './capture/devtoolsNetwork.ts';
import { createBackgroundLink } from './transport/backgroundPort.ts';
import { startVerification } from './store/verification.ts';
import { startFilteredConfirmation } from './verdict/confirmFiltered.ts';
import { exportBundleJson } from './io/incident.ts';
import { Ctx } from './context.ts';
import { App } from './components/App.tsx';
import { PageReaderCtx, startPageReader } from './pageReader/index.ts';
import { AdminCtx, chromeHostAccess, chromeLocalStorage, extensionOrigin, startAdminClient, trackInspectedPage } from './admin/index.ts';
import { suggestBaseUrl } from '../shared/admin/index.ts';
import type { CaptureMessage } from '../shared/protocol.ts';
import { createBridgeCommands } from './pageReader/commands.ts';
import { HealthCtx, createSyncControls } from './health/controls.ts';

const store = createStore({ analysisLagMs: 250 });
let pageReader: ReturnType<typeof startPageReader> | null = null;

/** True when a message finished a plasma push or pull: the page's stores have changed. */
function finishedSync(msg: CaptureMessage): boolean {
  const ids = msg.type === 'responseBody' ? [msg.id] : msg.type === 'responseBodies' ? msg.items.map((i) => i.id) : [];
  if (ids.length === 0) return false;
  const rows = store.rows.value;
  for (let i = rows.length - 1, seen = 0; i >= 0 && seen < 200; i--, seen++) if (rows[i]!.event && ids.includes(rows[i]!.id)) return true;
  return false;
}

/** Ticks once per finished push or pull: what the admin client polls after (cheaper than watching the rows). */
const syncTick = signal(0);
const syncControls = createSyncControls(store.health, createBridgeCommands(chrome.devtools.inspectedWindow));
const dispatch = (msg: CaptureMessage) => {
  applyMessage(store, msg);
  syncControls.observe(msg);
  if (!finishedSync(msg)) return;
  pageReader?.refresh(); // debounced inside
  syncTick.value++;
};

// Follow DevTools' own theme, now and whenever the user switches it.
const applyTheme = (name: string) => {
  const theme = name === 'dark' ? 'dark' : 'default';
  document.documentElement.dataset.theme = theme; // scrollbars and form controls follow color-scheme
  dispatch({ type: 'theme', name: theme });
};
applyTheme(chrome.devtools.panels.themeName);
chrome.devtools.panels.setThemeChangeHandler?.(applyTheme);

const capture = createNetworkCapture(chrome.devtools.network as unknown as NetworkLike, dispatch);
const link = createBackgroundLink(chrome.runtime, chrome.devtools.inspectedWindow.tabId, {
  onConnected: (connected) => dispatch({ type: 'backgroundConnected', connected }),
  onMessage: () => {
    // The page bridge is polled through inspectedWindow.eval (panel/pageReader/READING.md); the
    // router's pageMessage route stays for a content script, should one be added.
  },
});

const verification = startVerification(store, dispatch);
pageReader = startPageReader(store.pageReader, dispatch, {
  inspectedWindow: chrome.devtools.inspectedWindow,
  onNavigated: chrome.devtools.network.onNavigated,
});
const inspectedPage = trackInspectedPage(chrome.devtools.inspectedWindow, chrome.devtools.network.onNavigated);
const admin = startAdminClient(store.admin, dispatch, {
  fetch: globalThis.fetch.bind(globalThis),
  storage: chromeLocalStorage(),
  suggestBaseUrl: () => suggestBaseUrl(inspectedPage.url(), store.plasmaRows.value.map((r) => r.event)),
  extensionOrigin: extensionOrigin(),
  requestHostAccess: chromeHostAccess(),
  traffic: syncTick,
});
const confirmation = startFilteredConfirmation(store, admin);

// A handle for benches and end-to-end tests, reachable only from this extension page.
Object.assign(globalThis, { __plasmaDevtools: { store, dispatch, pageReader, admin, syncControls, exportBundle: () => exportBundleJson(store) } });

addEventListener('pagehide', () => {
  confirmation.dispose();
  syncControls.dispose();
  admin.dispose();
  inspectedPage.dispose();
  pageReader?.dispose();
  verification.dispose();
  capture.dispose();
  link.dispose();
  store.dispose();
});

render(
  <Ctx.Provider value={{ store, dispatch }}>
    <PageReaderCtx.Provider value={{ slice: store.pageReader, refresh: () => void pageReader?.readNow() }}>
      <AdminCtx.Provider value={{ slice: store.admin, client: admin }}>
        <HealthCtx.Provider value={syncControls}>
          <App />
        </HealthCtx.Provider>
      </AdminCtx.Provider>
    </PageReaderCtx.Provider>
  </Ctx.Provider>,
  document.getElementById('root')!,
);
