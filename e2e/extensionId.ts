// The extension's id, pinned by the public `key` in manifest.json so it is the same on every
// machine: the reference app lists `chrome-extension://<id>` as the admin API's one CORS origin.
export const EXTENSION_ID = 'lbjdheijlecchbeldcepjelghalgpphc';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
