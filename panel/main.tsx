// The Plasma panel page. Created by the devtools page once per DevTools window and kept alive
// across reloads of the inspected page; it captures from chrome.devtools.network, talks to the
// background worker over a port, and renders the store.

import { render } from 'preact';
import { applyMessage } from './store/applyMessage.ts';
import { createStore } from './store/store.ts';
import { createNetworkCapture, type NetworkLike } from './capture/devtoolsNetwork.ts';
import { createBackgroundLink } from './transport/backgroundPort.ts';
import { startVerification } from './store/verification.ts';
import { exportBundleJson } from './io/incident.ts';
import { Ctx } from './context.ts';
import { App } from './components/App.tsx';
import type { CaptureMessage } from '../shared/protocol.ts';

const store = createStore();
const dispatch = (msg: CaptureMessage) => applyMessage(store, msg);

const themeName = chrome.devtools.panels.themeName === 'dark' ? 'dark' : 'default';
dispatch({ type: 'theme', name: themeName });

const capture = createNetworkCapture(chrome.devtools.network as unknown as NetworkLike, dispatch);
const link = createBackgroundLink(chrome.runtime, chrome.devtools.inspectedWindow.tabId, {
  onConnected: (connected) => dispatch({ type: 'backgroundConnected', connected }),
  onMessage: () => {
    // Page bridge messages are routed here; the bridge view consumes them.
  },
});

const verification = startVerification(store, dispatch);

// A handle for benches and end-to-end tests, reachable only from this extension page.
Object.assign(globalThis, { __plasmaDevtools: { store, dispatch, exportBundle: () => exportBundleJson(store) } });

addEventListener('pagehide', () => {
  verification.dispose();
  capture.dispose();
  link.dispose();
  store.dispose();
});

render(
  <Ctx.Provider value={{ store, dispatch }}>
    <App />
  </Ctx.Provider>,
  document.getElementById('root')!,
);
