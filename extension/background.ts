// The MV3 service worker. Chrome starts it on demand and kills it after ~30 s idle; it keeps no
// state that matters. It routes messages between Plasma panels and content scripts, per tab.

import { createRouter } from './router.ts';
import { fromChromePort } from './chromePort.ts';

const router = createRouter(chrome.runtime.id);
chrome.runtime.onConnect.addListener((port) => router.connect(fromChromePort(port)));
