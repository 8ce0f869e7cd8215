// Build time only (vite.config.ts): derives the Firefox MV3 manifest from the one manifest.json,
// so both builds ship the same pages and permissions and differ only where Firefox needs it.

import { isRecord } from '../shared/guards.ts';

export const GECKO_ID = 'plasma-devtools@plasma-devtools.dev';
/** Firefox 142: the first desktop and Android release that reads data_collection_permissions. */
export const GECKO_MIN_VERSION = '142.0';

/** What is read of a manifest: the required keys, the rest passed on as is. */
export interface Manifest {
  manifest_version: number;
  name: string;
  version: string;
  [key: string]: unknown;
}

export function firefoxManifest(chrome: Manifest): Manifest {
  // `key` pins the Chrome id (Firefox rejects it); the minimum Chrome version means nothing here.
  const { key: _key, minimum_chrome_version: _min, background, ...rest } = chrome;
  const out: Manifest = {
    ...rest,
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // The extension sends nothing anywhere: it reads DevTools' view of the page and the app's own admin API.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
  // Firefox MV3 runs background scripts as an event page, not a service worker.
  if (isRecord(background) && typeof background.service_worker === 'string') {
    const { service_worker: worker, ...bg } = background;
    out.background = { ...bg, scripts: [worker] };
  } else if (background !== undefined) out.background = background;
  return out;
}
