// The panel's root: toolbar, the view tabs (Requests, Mutations, Data, Client, Server), the
// shared findings list, the current view, and the status bar.

import { useComputed } from '@preact/signals';
import { useState } from 'preact/hooks';
import { AdminUnavailableNote } from '../admin/AdminUnavailableNote.tsx';
import { ServerView } from '../admin/ServerView.tsx';
import { ClientStoresView } from '../pageReader/ClientStoresView.tsx';
import { usePanel } from '../context.ts';
import type { View } from '../../shared/protocol.ts';
import { DataView } from '../verdict/DataView.tsx';
import { MutationsView } from '../verdict/MutationsView.tsx';
import { Details } from './Details.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { EmptyState } from './EmptyState.tsx';
import { Findings } from './Findings.tsx';
import { RequestList } from './RequestList.tsx';
import { Settings } from './Settings.tsx';
import { StatusBar, Toolbar } from './Toolbar.tsx';
import { captureWindowNote } from '../store/coverage.ts';
import { formatClock } from './format.ts';
import { HealthBar } from '../health/HealthBar.tsx';

const VIEWS: [View, string][] = [
  ['requests', 'Requests'],
  ['mutations', 'Mutations'],
  ['data', 'Data'],
  ['client', 'Client'],
  ['server', 'Server'],
];

function Requests() {
  const { store } = usePanel();
  return (
    <div class={`main ${store.selected.value ? 'with-details' : ''}`}>
      {store.visibleRows.value.length > 0 ? <RequestList /> : <EmptyState />}
      <Details />
    </div>
  );
}

/** The Mutations tab's count: its own component, so a verdict update re-renders this text, not the App. */
function MutationCount() {
  const { store } = usePanel();
  const n = useComputed(() => store.verdicts.value.mutations.length);
  return n.value > 0 ? <>{` (${String(n.value)})`}</> : null;
}

/** Says when the capture began part-way through the app's session, and what it therefore missed. */
function CaptureWindow() {
  const { store } = usePanel();
  // The coverage moves with every analysis pass and page read; the note it makes rarely does.
  const text = useComputed(() => captureWindowNote(store.coverage.value, formatClock));
  const note = text.value;
  return note ? (
    <div class="capture-window" role="note" data-testid="capture-window">
      {note}
    </div>
  ) : null;
}

export function App() {
  const { store, dispatch } = usePanel();
  const [settings, setSettings] = useState(false);
  const view = store.view.value;
  const open = (v: View) => dispatch({ type: 'setView', view: v });
  return (
    <div class="app" data-theme={store.theme.value}>
      <Toolbar onSettings={() => setSettings(!settings)} />
      {settings && <Settings onClose={() => setSettings(false)} />}
      <div class="viewtabs" role="tablist" aria-label="Views" data-testid="view-tabs">
        {VIEWS.map(([id, label]) => (
          <button
            key={id}
            role="tab"
            class={view === id ? 'on' : ''}
            aria-selected={view === id}
            data-testid={`view-${id}`}
            onClick={() => open(id)}
          >
            {label}
            {id === 'mutations' && <MutationCount />}
          </button>
        ))}
      </div>
      <CaptureWindow />
      {view !== 'server' && view !== 'client' && (
        <ErrorBoundary name="findings">
          <Findings />
        </ErrorBoundary>
      )}
      {(view === 'mutations' || view === 'data') && <AdminUnavailableNote onOpenServer={() => open('server')} />}
      <ErrorBoundary name={view} key={view}>
        {view === 'requests' && <Requests />}
        {view === 'mutations' && <MutationsView />}
        {view === 'data' && <DataView />}
        {view === 'client' && <ClientStoresView />}
        {view === 'server' && <ServerView />}
      </ErrorBoundary>
      <HealthBar />
      <StatusBar />
    </div>
  );
}
