// Export and import of a redacted incident bundle, a HAR 1.2 file: tokens replaced by keyed
// markers (the key is made for one export and never written), the user's verification secret and
// the admin credential scrubbed, and, when asked, mutation args and row values left out.

import { exportBundle, importBundle } from '../../shared/auth/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { Store } from '../store/store.ts';

export interface ExportChoice {
  /** Leave mutation args, row values and unrecognised bodies out of the file entirely. */
  omitValues?: boolean;
}

export async function exportBundleJson(store: Store, choice: ExportChoice = {}): Promise<string> {
  const v = store.verifier.value;
  const admin = store.admin.settings.value.credential?.reveal();
  // Scrubbed from every string, in case the page itself ever sent one of them.
  const secrets = [...(v?.kind === 'hs256' ? [v.secret] : []), ...(admin ? [admin] : [])];
  const verdicts = store.verdicts.value;
  // The worker sends row verdicts only while a view shows them: ask for the current ones.
  const rows = await store.verdicts.client.rowsNow();
  const bundle = await exportBundle(store.analysis.events.value, {
    ledger: store.analysis.ledger.value,
    findings: store.analysis.findings.value,
    verdicts: { mutations: verdicts.mutations, rows, findings: verdicts.findings },
    secrets,
    omitValues: choice.omitValues === true,
  });
  return JSON.stringify(bundle, null, 2);
}

export async function downloadBundle(store: Store, choice: ExportChoice = {}): Promise<void> {
  const json = await exportBundleJson(store, choice);
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `plasma-incident-${new Date().toISOString().replace(/[:.]/g, '-')}.har`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Checks a bundle's text where it arrives (importBundle validates the JSON) and dispatches the outcome. */
export function importBundleText(text: string, dispatch: (msg: CaptureMessage) => void): void {
  dispatch(bundleMessage(text));
}

function bundleMessage(text: string): CaptureMessage {
  if (text.length > MAX_IMPORT_BYTES) return { type: 'importFailed', reason: 'The file is over 64 MB.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { type: 'importFailed', reason: 'The file is not JSON.' };
  }
  const got = importBundle(parsed);
  return got.ok ? { type: 'importBundle', bundle: got.bundle } : { type: 'importFailed', reason: got.reason };
}

/** The file the user picked, imported; the input is emptied so the same file can be picked again. */
export async function importFile(input: HTMLInputElement, dispatch: (msg: CaptureMessage) => void): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  let text: string | null = null;
  try {
    text = await file.text();
  } catch {
    dispatch({ type: 'importFailed', reason: 'The file could not be read.' });
  } finally {
    input.value = '';
  }
  if (text !== null) importBundleText(text, dispatch);
}
