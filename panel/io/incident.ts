// Export and import of a redacted incident bundle: every token replaced by its claims and hash,
// the user's verification secret scrubbed, admin credentials never included.

import { isIncidentBundle, redactBundle } from '../../shared/auth/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { Store } from '../store/store.ts';

export function exportBundleJson(store: Store): string {
  const v = store.verifier.value;
  const admin = store.admin.settings.value.credential?.reveal();
  // Scrubbed from every string, in case the page itself ever sent one of them.
  const secrets = [...(v?.kind === 'hs256' ? [v.secret] : []), ...(admin ? [admin] : [])];
  const bundle = redactBundle(store.analysis.events.value, {
    ledger: store.analysis.ledger.value,
    findings: store.analysis.findings.value,
    secrets,
  });
  return JSON.stringify(bundle, null, 2);
}

export function downloadBundle(store: Store): void {
  const json = exportBundleJson(store);
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `plasma-incident-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export async function importBundleText(text: string, dispatch: (msg: CaptureMessage) => void): Promise<void> {
  if (text.length > MAX_IMPORT_BYTES) return dispatch({ type: 'importFailed', reason: 'The file is over 64 MB.' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return dispatch({ type: 'importFailed', reason: 'The file is not JSON.' });
  }
  if (!isIncidentBundle(parsed)) return dispatch({ type: 'importFailed', reason: 'The file is not a Plasma DevTools incident bundle (version 1), or it still holds a raw token.' });
  dispatch({ type: 'importBundle', bundle: parsed });
}
