/* global chrome */
chrome.devtools.panels.create('Plasma', '', '/panel/index.html');
