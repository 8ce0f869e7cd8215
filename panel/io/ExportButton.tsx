// The Export button and its one choice: whether mutation args and row values go into the file.
// The bundle is a HAR 1.2 file; the choice is remembered only while the panel is open.

import { useState } from 'preact/hooks';
import type { Store } from '../store/store.ts';
import { downloadBundle } from './incident.ts';

export function ExportButton({ store }: { store: Store }) {
  const [omitValues, setOmitValues] = useState(false);
  return (
    <span class="export">
      <button
        data-testid="export"
        onClick={() => void downloadBundle(store, { omitValues })}
        title="Download a redacted incident bundle as a HAR file (no tokens, no secrets; opens in Chrome's Network panel too)"
      >
        Export
      </button>
      <label title="Leave mutation args, row values and unrecognised bodies out of the exported file entirely">
        <input
          type="checkbox"
          data-testid="export-omit-values"
          checked={omitValues}
          onChange={(e) => setOmitValues(e.currentTarget.checked)}
        />
        without data
      </label>
    </span>
  );
}
