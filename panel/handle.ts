// The handle main.tsx puts on the panel page's globalThis for benches and end-to-end tests, typed
// once here so they read the panel through this type instead of `any`. Reachable only from the
// extension's own panel page.

import type { CaptureMessage } from '../shared/protocol.ts';
import type { AdminClient } from './admin/index.ts';
import type { SyncControls } from './health/controls.ts';
import type { PageReaderHandle } from './pageReader/index.ts';
import type { Store } from './store/store.ts';

export interface PlasmaDevtoolsHandle {
  store: Store;
  dispatch: (msg: CaptureMessage) => void;
  pageReader: PageReaderHandle;
  admin: AdminClient;
  syncControls: SyncControls;
  exportBundle: () => Promise<string>;
}

declare global {
  // A global's type is declared with `var` (let/const would declare a block-scoped binding instead).
  var __plasmaDevtools: PlasmaDevtoolsHandle | undefined;
}
