// The Plasma panel page. Created by the devtools page once per DevTools window and kept alive
// across reloads of the inspected page; it captures from devtools.network, reads the page's
// IndexedDB through inspectedWindow.eval, polls the app's admin API, and renders the store. It
// talks to no other extension context.

import browser from 'webextension-polyfill';
import { options, render } from 'preact';
import { effect, signal } from '@preact/signals';
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
import type { CapturedRow } from './store/rows.ts';
import { createBridgeCommands } from './pageReader/commands.ts';
import { HealthCtx, createSyncControls } from './health/controls.ts';
import { INPUT_EVENTS, createRenderPacer } from './components/renderPacing.ts';
import { createIdleWork, idleScheduler } from './store/idleWork.ts';

// Renders are made together while nobody uses the panel, at once after an input (renderPacing.ts).
const pacer = createRenderPacer();
options.debounceRendering = pacer.debounce;
for (const type of INPUT_EVENTS) document.addEventListener(type, pacer.input, { capture: true, passive: true });
const store = createStore({ analysisLagMs: 250, scheduleIngest: pacer.ingest });
// Once a burst of traffic settles, idle time does what the first keystroke would otherwise pay.
const idleWork = createIdleWork(store, { schedule: idleScheduler, releaseRenders: pacer.releaseHeld });
let pageReader: ReturnType<typeof startPageReader> | null = null;

/**
 * Requests whose body was dispatched and that the rows have not shown with it yet: the ingest
 * applies a body with the next flush, and only then does the row's event carry the pull's patch
 * or the push's mutations that the page reader's hint names.
 */
const awaitingBody = new Set<string>();
const AWAITING_MAX = 200;

/** The plasma pushes and pulls whose bodies the rows now hold: the page's stores have changed. */
function finishedSync(rows: readonly CapturedRow[]): SyncEvent[] {
  const found: SyncEvent[] = [];
  for (let i = rows.length - 1, seen = 0; i >= 0 && seen < AWAITING_MAX && awaitingBody.size > 0; i--, seen++) {
    const row = rows[i];
    if (row && awaitingBody.delete(row.id) && row.event) found.push(row.event);
  }
  return found;
}

/** Ticks once per finished push or pull: what the admin client polls after (cheaper than watching the rows). */
const syncTick = signal(0);
const pageWindow = inspectedWindowFrom(browser.devtools.inspectedWindow);
const syncControls = createSyncControls(store.health, createBridgeCommands(pageWindow));
const dispatch = (msg: CaptureMessage) => {
  if (msg.type === 'responseBody') awaitingBody.add(msg.id);
  else if (msg.type === 'responseBodies') for (const item of msg.items) awaitingBody.add(item.id);
  for (const id of awaitingBody) {
    if (awaitingBody.size <= AWAITING_MAX) break;
    awaitingBody.delete(id); // the oldest: a request dropped or never listed
  }
  applyMessage(store, msg);
  syncControls.observe(msg);
};
const stopSyncWatch = effect(() => {
  const rows = store.rows.value;
  if (awaitingBody.size === 0) return;
  const synced = finishedSync(rows);
  if (synced.length === 0) return;
  pageReader?.refresh(hintFromSyncEvents(synced)); // debounced inside; reads only the rows they name
  syncTick.value++;
});

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
  stopSyncWatch();
  confirmation.dispose();
  syncControls.dispose();
  admin.dispose();
  inspectedPage.dispose();
  pageReader.dispose();
  verification.dispose();
  capture.dispose();
  idleWork.dispose();
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
