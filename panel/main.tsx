// The Plasma panel page. Created by the devtools page once per DevTools window and kept alive
// across reloads of the inspected page; it captures from devtools.network, reads the page's
// IndexedDB through inspectedWindow.eval, polls the app's admin API, and renders the store. It
// talks to no other extension context.

import browser from 'webextension-polyfill';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { applyMessage } from './store/applyMessage.ts';
import { createStore } from './store/store.ts';
import { createNetworkCapture } from './capture/devtoolsNetwork.ts';
import { inspectedWindowFrom, networkFrom } from './transport/devtoolsApi.ts';
import { startVerification } from './store/verification.ts';
import { startFilteredConfirmation } from './verdict/confirmFiltered.ts';
import { exportBundleJson } from './io/incident.ts';
import { Ctx } from './context.ts';
import { App } from './components/App.tsx';
import { hintFromSyncEvents, startPageReader } from './pageReader/index.ts';
import {
  chromeHostAccess,
  chromeLocalStorage,
  extensionOrigin,
  startAdminClient,
  trackInspectedPage,
} from './admin/index.ts';
import { suggestBaseUrl } from '../shared/admin/index.ts';
import './handle.ts';
import type { CaptureMessage } from '../shared/protocol.ts';
import type { SyncEvent } from '../shared/sync/types.ts';
import { createBridgeCommands } from './pageReader/commands.ts';
import { HealthCtx, createSyncControls } from './health/controls.ts';

const store = createStore({ analysisLagMs: 250 });
let pageReader: ReturnType<typeof startPageReader> | null = null;

/** The plasma pushes and pulls a message finished: the page's stores have changed. */
function finishedSync(msg: CaptureMessage): SyncEvent[] {
  const ids = msg.type === 'responseBody' ? [msg.id] : msg.type === 'responseBodies' ? msg.items.map((i) => i.id) : [];
  const found: SyncEvent[] = [];
  if (ids.length === 0) return found;
  const rows = store.rows.value;
  for (let i = rows.length - 1, seen = 0; i >= 0 && seen < 200; i--, seen++) {
    const row = rows[i];
    if (row?.event && ids.includes(row.id)) found.push(row.event);
  }
  return found;
}

/** Ticks once per finished push or pull: what the admin client polls after (cheaper than watching the rows). */
const syncTick = signal(0);
const pageWindow = inspectedWindowFrom(browser.devtools.inspectedWindow);
const syncControls = createSyncControls(store.health, createBridgeCommands(pageWindow));
const dispatch = (msg: CaptureMessage) => {
  applyMessage(store, msg);
  syncControls.observe(msg);
  const synced = finishedSync(msg);
  if (synced.length === 0) return;
  pageReader?.refresh(hintFromSyncEvents(synced)); // debounced inside; reads only the rows they name
  syncTick.value++;
};

// Follow DevTools' own theme, now and whenever the user switches it.
const applyTheme = (name: string) => {
  const theme = name === 'dark' ? 'dark' : 'default';
  document.documentElement.dataset.theme = theme; // scrollbars and form controls follow color-scheme
  dispatch({ type: 'theme', name: theme });
};
// Chrome reports theme changes through setThemeChangeHandler, Firefox through onThemeChanged.
const panels: {
  themeName: string;
  setThemeChangeHandler?: (cb: (name: string) => void) => void;
  onThemeChanged?: { addListener(cb: (name: string) => void): void };
} = browser.devtools.panels;
applyTheme(panels.themeName);
if (panels.onThemeChanged) panels.onThemeChanged.addListener(applyTheme);
else panels.setThemeChangeHandler?.(applyTheme);

// Where the browser has its own promise-based `browser` (Firefox, recent Chromium) the polyfill is
// that object; on an older Chrome it is a promise wrapper over chrome.*.
const globalBrowser: unknown = Reflect.get(globalThis, 'browser');
const native = globalBrowser === browser;
const network = networkFrom(browser.devtools.network, native);
const capture = createNetworkCapture(network, dispatch);

const verification = startVerification(store, dispatch);
pageReader = startPageReader(store.pageReader, dispatch, {
  inspectedWindow: pageWindow,
  onNavigated: network.onNavigated,
});
const inspectedPage = trackInspectedPage(
  { eval: (expression, callback) => pageWindow.eval(expression, {}, callback) },
  network.onNavigated,
);
const admin = startAdminClient(store.admin, dispatch, {
  fetch: globalThis.fetch.bind(globalThis),
  storage: chromeLocalStorage(browser),
  suggestBaseUrl: () =>
    suggestBaseUrl(
      inspectedPage.url(),
      store.plasmaRows.value.map((r) => r.event),
    ),
  extensionOrigin: extensionOrigin(browser),
  requestHostAccess: chromeHostAccess(browser),
  traffic: syncTick,
});
const confirmation = startFilteredConfirmation(store, admin);

// A handle for benches and end-to-end tests, reachable only from this extension page.
globalThis.__plasmaDevtools = {
  store,
  dispatch,
  pageReader,
  admin,
  syncControls,
  exportBundle: () => exportBundleJson(store),
};

addEventListener('pagehide', () => {
  confirmation.dispose();
  syncControls.dispose();
  admin.dispose();
  inspectedPage.dispose();
  pageReader.dispose();
  verification.dispose();
  capture.dispose();
  store.dispose();
});

const root = document.getElementById('root');
if (!root) throw new Error('panel/index.html has no #root');
render(
  <Ctx.Provider value={{ store, dispatch, adminClient: admin, readPageNow: () => void pageReader.readNow() }}>
    <HealthCtx.Provider value={syncControls}>
      <App />
    </HealthCtx.Provider>
  </Ctx.Provider>,
  root,
);
