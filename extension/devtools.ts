// Runs once per DevTools window, for as long as that window is open. Its only job is to add the
// "Plasma" tab; the panel page itself does the capturing, so it talks to no one. Paths are
// absolute: Firefox resolves relative ones against this page's folder, Chrome against the root.

import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Plasma', '/extension/icon-128.png', '/panel/index.html');

// Firefox's network monitor starts collecting what getHAR() returns only once someone listens (or
// its Network panel is opened). Listening from here, as the toolbox opens, lets the panel recover
// the requests made before it was first shown, as Chrome does on its own.
if (browser.runtime.getURL('').startsWith('moz-extension:'))
  browser.devtools.network.onRequestFinished.addListener(() => {});
