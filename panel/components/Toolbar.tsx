// The Network-panel style toolbar: clear, preserve log, filter with quick toggles, the switch for
// non-plasma traffic, auth settings, and incident export/import.

import { useRef } from 'preact/hooks';
import { usePanel } from '../context.ts';
import { importFile } from '../io/incident.ts';
import { ExportButton } from '../io/ExportButton.tsx';
import { ClearIcon } from './icons.tsx';
import { TextInput } from './TextField.tsx';

const QUICK: [string, string][] = [
  ['Push', 'kind:push'],
  ['Pull', 'kind:pull'],
  ['4xx', 'status:4xx'],
  ['Findings', 'has:finding'],
];

function toggleToken(text: string, token: string): string {
  const parts = text.split(/\s+/).filter(Boolean);
  return (parts.includes(token) ? parts.filter((p) => p !== token) : [...parts, token]).join(' ');
}

export function Toolbar({ onSettings }: { onSettings: () => void }) {
  const { store, dispatch } = usePanel();
  const fileRef = useRef<HTMLInputElement>(null);
  const text = store.filterText.value;
  const tokens = text.split(/\s+/);
  return (
    <div class="toolbar" role="toolbar" aria-label="Capture controls">
      <button
        class="icon"
        title="Clear"
        aria-label="Clear"
        data-testid="clear"
        onClick={() => dispatch({ type: 'clear' })}
      >
        <ClearIcon />
      </button>
      <span class="divider" />
      <label title="Keep the list across page reloads and navigations">
        <input
          type="checkbox"
          data-testid="preserve-log"
          checked={store.preserveLog.value}
          onChange={(e) => dispatch({ type: 'setPreserveLog', on: e.currentTarget.checked })}
        />
        Preserve log
      </label>
      <span class="divider" />
      <TextInput
        class="filter"
        type="search"
        placeholder="Filter: text  status:4xx  kind:push  has:finding  -status:200"
        aria-label="Filter requests"
        data-testid="filter"
        value={text}
        onInput={(e) => dispatch({ type: 'setFilter', text: e.currentTarget.value })}
      />
      <span class="quick" role="group" aria-label="Quick filters">
        {QUICK.map(([label, token]) => (
          <button
            key={token}
            class={tokens.includes(token) ? 'on' : ''}
            aria-pressed={tokens.includes(token)}
            data-testid={`quick-${label.toLowerCase()}`}
            onClick={() => dispatch({ type: 'setFilter', text: toggleToken(text, token) })}
          >
            {label}
          </button>
        ))}
      </span>
      {store.filter.value.unknown.length > 0 && (
        <span class="warn" data-testid="filter-unknown">
          not understood: {store.filter.value.unknown.join(' ')}
        </span>
      )}
      <label title="Also list requests that are not plasma sync traffic">
        <input
          type="checkbox"
          data-testid="show-all"
          checked={store.showAll.value}
          onChange={(e) => dispatch({ type: 'setShowAll', on: e.currentTarget.checked })}
        />
        Show non-plasma traffic
      </label>
      <span class="spring" />
      <button data-testid="open-settings" onClick={onSettings} title="Expected audience/issuer and verification key">
        Auth settings
      </button>
      <ExportButton store={store} />
      <button data-testid="import" onClick={() => fileRef.current?.click()} title="Open an incident bundle">
        Import
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json,.har"
        hidden
        data-testid="import-file"
        onChange={(e) => void importFile(e.currentTarget, dispatch)}
      />
    </div>
  );
}

export function StatusBar() {
  const { store, dispatch } = usePanel();
  const plasma = store.plasmaRows.value.length;
  const shown = store.visibleRows.value.length;
  const hidden = store.hiddenCount.value;
  return (
    <div class="statusbar" data-testid="statusbar">
      <span>{shown === plasma ? `${plasma} sync requests` : `${shown} / ${plasma} sync requests`}</span>
      {!store.showAll.value && hidden > 0 && <span>{hidden} other requests hidden</span>}
      {store.dropped.value > 0 && (
        <span class="warn">
          {store.dropped.value} oldest dropped (buffer holds {store.maxRows})
        </span>
      )}
      {store.selectedFinding.value && (
        <span data-testid="finding-scope">
          showing the requests of “{store.selectedFinding.value.title}”{' '}
          <button class="link" onClick={() => dispatch({ type: 'selectFinding', id: null })}>
            show all
          </button>
        </span>
      )}
      {store.imported.value && (
        <span class="warn" data-testid="imported-banner">
          viewing an imported incident from {new Date(store.imported.value.createdAt).toLocaleString()}{' '}
          <button class="link" onClick={() => dispatch({ type: 'leaveImport' })}>
            back to live capture
          </button>
        </span>
      )}
      {store.importError.value && (
        <span class="warn" data-testid="import-error">
          {store.importError.value}
        </span>
      )}
    </div>
  );
}
