// The extension-API pieces the admin client takes as injected deps, so client.ts stays testable in
// Node. main.tsx passes webextension-polyfill's `browser`: storage.local for the opt-in "remember",
// permissions for host access, runtime for the origin the admin API must allow.

import type { AdminStorage } from './storage.ts';

/** The slice of `browser` used here; every part may be missing (a page without the permission). */
export interface AdminExtensionApi {
  storage?: {
    local?: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
    };
  };
  permissions?: { request?(p: { origins: string[] }): Promise<boolean> };
  runtime?: { getURL?(path: string): string };
}

export function chromeLocalStorage(api: AdminExtensionApi): AdminStorage | undefined {
  const local = api.storage?.local;
  if (!local) return undefined;
  return {
    get: (key) => local.get(key),
    set: (items) => local.set(items),
    remove: (key) => local.remove(key),
  };
}

/** Needs `optional_host_permissions` in the manifest; must run inside a click handler. */
export function chromeHostAccess(api: AdminExtensionApi): ((origin: string) => Promise<boolean>) | undefined {
  const permissions = api.permissions;
  if (!permissions?.request) return undefined;
  return (origin) => permissions.request?.({ origins: [`${origin}/*`] }) ?? Promise.resolve(false);
}

/** `chrome-extension://<id>` in Chrome, `moz-extension://<uuid>` in Firefox (a per-profile uuid). */
export function extensionOrigin(api: AdminExtensionApi): string | undefined {
  const url = api.runtime?.getURL?.('');
  return url ? url.replace(/\/+$/, '') : undefined;
}
