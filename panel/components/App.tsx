// The panel's root: toolbar, findings, request list or its empty state, details pane, status bar.

import { useState } from 'preact/hooks';
import { usePanel } from '../context.ts';
import { Details } from './Details.tsx';
import { EmptyState } from './EmptyState.tsx';
import { Findings } from './Findings.tsx';
import { RequestList } from './RequestList.tsx';
import { Settings } from './Settings.tsx';
import { StatusBar, Toolbar } from './Toolbar.tsx';

export function App() {
  const { store } = usePanel();
  const [settings, setSettings] = useState(false);
  const hasRows = store.visibleRows.value.length > 0;
  return (
    <div class="app" data-theme={store.theme.value}>
      <Toolbar onSettings={() => setSettings(!settings)} />
      {settings && <Settings onClose={() => setSettings(false)} />}
      <Findings />
      <div class={`main ${store.selected.value ? 'with-details' : ''}`}>
        {hasRows ? <RequestList /> : <EmptyState />}
        <Details />
      </div>
      <StatusBar />
    </div>
  );
}
