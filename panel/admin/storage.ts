// Opt-in persistence of the admin settings (chrome.storage.local-like, injected). Nothing is
// stored unless the user ticked "remember on this machine"; unticking removes what was stored.
// Credentials are kept per origin: one remembered for https://a is never read back for https://b.

import { createSecret, normaliseBaseUrl, originOf, type AdminSecret } from '../../shared/admin/index.ts';
import { isRecord, ownField } from '../../shared/guards.ts';
import type { AdminSettings } from './slice.ts';

export interface AdminStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export const STORAGE_KEY = 'plasmaDevtools.admin';

interface Stored {
  baseUrl: string;
  /** origin -> credential */
  credentials: Record<string, string>;
}

async function read(storage: AdminStorage): Promise<Stored | null> {
  const raw = (await storage.get(STORAGE_KEY))[STORAGE_KEY];
  if (!isRecord(raw)) return null;
  const baseUrl = ownField(raw, 'baseUrl');
  const credential = ownField(raw, 'credential');
  const credentials = ownField(raw, 'credentials');
  const url = typeof baseUrl === 'string' ? normaliseBaseUrl(baseUrl) : null;
  if (!url) return null;
  // Only origins are kept as keys (originOf(origin) === origin), so no key can be `__proto__`.
  const out: Stored = { baseUrl: url, credentials: {} };
  if (isRecord(credentials)) {
    for (const [origin, value] of Object.entries(credentials)) {
      if (typeof value === 'string' && value && originOf(origin) === origin) out.credentials[origin] = value;
    }
  }
  // An older single-credential record was entered for its own base URL.
  const origin = originOf(url);
  if (typeof credential === 'string' && credential && origin && !(origin in out.credentials))
    out.credentials[origin] = credential;
  return out;
}

export async function loadSettings(storage: AdminStorage): Promise<AdminSettings | null> {
  try {
    const stored = await read(storage);
    if (!stored) return null;
    const origin = originOf(stored.baseUrl);
    const value = origin ? stored.credentials[origin] : undefined;
    return { baseUrl: stored.baseUrl, credential: value ? createSecret(value, stored.baseUrl) : null, persist: true };
  } catch {
    return null;
  }
}

/** The credential remembered for the origin of `baseUrl`, if any. */
export async function loadCredential(storage: AdminStorage, baseUrl: string): Promise<AdminSecret | null> {
  try {
    const stored = await read(storage);
    const origin = originOf(baseUrl);
    const value = stored && origin ? stored.credentials[origin] : undefined;
    return value ? createSecret(value, baseUrl) : null;
  } catch {
    return null;
  }
}

/** Stores or forgets, following `settings.persist`. A storage failure never breaks connecting. */
export async function saveSettings(storage: AdminStorage, settings: AdminSettings): Promise<void> {
  try {
    if (!settings.persist) {
      await storage.remove(STORAGE_KEY);
      return;
    }
    const stored = (await read(storage)) ?? { baseUrl: settings.baseUrl, credentials: {} };
    const origin = originOf(settings.baseUrl);
    // This origin's entry is left out, then set again only when a credential for it is kept.
    const credentials: Record<string, string> = {};
    for (const [o, v] of Object.entries(stored.credentials)) if (o !== origin) credentials[o] = v;
    const secret = settings.credential;
    if (origin && secret && secret.origin === origin) credentials[origin] = secret.reveal();
    await storage.set({ [STORAGE_KEY]: { baseUrl: settings.baseUrl, credentials } });
  } catch {
    // Storage is a convenience; the settings stay in memory.
  }
}
