// The Network-panel style toolbar: clear, preserve log, filter, and the switch for non-plasma traffic.

import { usePanel } from '../context.ts';

export function Toolbar() {
  const { store, dispatch } = usePanel();
  return (
    <div class="toolbar" role="toolbar" aria-label="Capture controls">
      <button class="icon" title="Clear" aria-label="Clear" data-testid="clear" onClick={() => dispatch({ type: 'clear' })}>
        ⃠
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
      <input
        class="filter"
        type="search"
        placeholder="Filter"
        aria-label="Filter requests"
        data-testid="filter"
        value={store.filterText.value}
        onInput={(e) => dispatch({ type: 'setFilter', text: e.currentTarget.value })}
      />
      <label title="Also list requests that are not plasma sync traffic">
        <input
          type="checkbox"
          data-testid="show-all"
          checked={store.showAll.value}
          onChange={(e) => dispatch({ type: 'setShowAll', on: e.currentTarget.checked })}
        />
        Show non-plasma traffic
      </label>
    </div>
  );
}

export function StatusBar() {
  const { store } = usePanel();
  const plasma = store.plasmaRows.value.length;
  const shown = store.visibleRows.value.length;
  const hidden = store.hiddenCount.value;
  return (
    <div class="statusbar" data-testid="statusbar">
      <span>{shown === plasma ? `${plasma} sync requests` : `${shown} / ${plasma} sync requests`}</span>
      {!store.showAll.value && hidden > 0 && <span>{hidden} other requests hidden</span>}
      {store.dropped.value > 0 && <span class="warn">{store.dropped.value} oldest dropped (buffer holds {store.maxRows})</span>}
    </div>
  );
}
