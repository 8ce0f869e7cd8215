// The panel's root: toolbar, request list or its empty state, details pane, status bar.

import { usePanel } from '../context.ts';
import { Details } from './Details.tsx';
import { EmptyState } from './EmptyState.tsx';
import { RequestList } from './RequestList.tsx';
import { StatusBar, Toolbar } from './Toolbar.tsx';

export function App() {
  const { store } = usePanel();
  const hasRows = store.visibleRows.value.length > 0;
  return (
    <div class="app" data-theme={store.theme.value}>
      <Toolbar />
      <div class={`main ${store.selected.value ? 'with-details' : ''}`}>
        {hasRows ? <RequestList /> : <EmptyState />}
        <Details />
      </div>
      <StatusBar />
    </div>
  );
}
