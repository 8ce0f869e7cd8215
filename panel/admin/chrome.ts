// The chrome.* pieces the admin client takes as injected deps, so client.ts stays testable in
// Node: chrome.storage.local for the opt-in "remember", chrome.permissions for host access.

import type { AdminStorage } from './storage.ts';

export function chromeLocalStorage(): AdminStorage | undefined {
  const local = globalThis.chrome?.storage?.local;
  if (!local) return undefined;
  return {
    get: (key) => local.get(key) as Promise<Record<string, unknown>>,
    set: (items) => local.set(items),
    remove: (key) => local.remove(key),
  };
}

/** Needs `optional_host_permissions` in the manifest; must run inside a click handler. */
export function chromeHostAccess(): ((origin: string) => Promise<boolean>) | undefined {
  const permissions = globalThis.chrome?.permissions;
  if (!permissions?.request) return undefined;
  return (origin) => permissions.request({ origins: [`${origin}/*`] });
}

export function extensionOrigin(): string | undefined {
  const id = globalThis.chrome?.runtime?.id;
  return id ? `chrome-extension://${id}` : undefined;
}
