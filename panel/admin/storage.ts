// Opt-in persistence of the admin settings (chrome.storage.local-like, injected). Nothing is
// stored unless the user ticked "remember on this machine"; unticking removes what was stored.

import { createSecret, normalizeBaseUrl } from '../../shared/admin/index.ts';
import type { AdminSettings } from './slice.ts';

export interface AdminStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export const STORAGE_KEY = 'plasmaDevtools.admin';

export async function loadSettings(storage: AdminStorage): Promise<AdminSettings | null> {
  try {
    const raw = (await storage.get(STORAGE_KEY))[STORAGE_KEY];
    if (typeof raw !== 'object' || raw === null) return null;
    const { baseUrl, credential } = raw as { baseUrl?: unknown; credential?: unknown };
    const url = typeof baseUrl === 'string' ? normalizeBaseUrl(baseUrl) : null;
    if (!url) return null;
    return { baseUrl: url, credential: typeof credential === 'string' && credential ? createSecret(credential) : null, persist: true };
  } catch {
    return null;
  }
}

/** Stores or forgets, following `settings.persist`. A storage failure never breaks connecting. */
export async function saveSettings(storage: AdminStorage, settings: AdminSettings): Promise<void> {
  try {
    if (!settings.persist) return await storage.remove(STORAGE_KEY);
    await storage.set({ [STORAGE_KEY]: { baseUrl: settings.baseUrl, credential: settings.credential?.reveal() ?? '' } });
  } catch {
    // Storage is a convenience; the settings stay in memory.
  }
}
