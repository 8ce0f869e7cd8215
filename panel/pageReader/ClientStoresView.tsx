// The "Client" view: the plasma databases the page holds, each with its outbox and per table the
// visible (optimistic) and base (confirmed) row counts, the read status and the bridge state.
// Every value from the page is rendered as text (Preact escapes it); nothing here fetches.

import { describeStatus, rowText, type DbData } from '../../shared/pageReader/index.ts';
import { usePageReader } from '../context.ts';
import type { ReadOverall } from './slice.ts';
import { BridgeSection } from './BridgeSection.tsx';

const MAX_OUTBOX_SHOWN = 100;

function overallLine(o: ReadOverall, dbCount: number): string {
  switch (o.kind) {
    case 'idle':
      return 'Not read yet.';
    case 'reading':
      return 'Reading the page’s IndexedDB…';
    case 'done':
      return `Read ${dbCount} plasma database${dbCount === 1 ? '' : 's'} at ${new Date(o.at).toLocaleTimeString()}.`;
    case 'unsupported':
      return `This page’s IndexedDB cannot be listed: ${o.message}`;
    case 'error':
      return `The last read failed: ${o.message}`;
  }
}

export function ClientStoresView() {
  const reader = usePageReader();
  const { slice } = reader;
  const names = slice.databases.value;
  const overall = slice.overall.value;
  return (
    <div class="client-view" data-testid="client-view" style={{ overflow: 'auto', padding: '4px 8px', flex: 1 }}>
      <div class="toolbar" data-testid="client-toolbar">
        <button
          data-testid="client-refresh"
          onClick={() => {
            reader.refresh();
          }}
          title="Read the page’s IndexedDB again"
        >
          Refresh
        </button>
        <span
          data-testid="client-status"
          class={overall.kind === 'error' || overall.kind === 'unsupported' ? 'warn' : 'muted'}
        >
          {overallLine(overall, names.length)}
        </span>
        <span class="spring" />
        <span data-testid="bridge-status" class="muted">
          {slice.bridge.connected.value ? 'bridge connected' : 'no bridge (reading IndexedDB only)'}
        </span>
      </div>
      {names.length === 0 && overall.kind === 'done' && (
        <div class="empty" data-testid="client-empty">
          <h2>No plasma database in this page</h2>
          <p>
            A plasma client keeps its state in an IndexedDB database with a <code>_plasma_outbox</code> store; this page
            has none yet. Open the app’s page, let its client start, then press Refresh.
          </p>
        </div>
      )}
      {names.map((n) => (
        <DbCard
          key={n}
          name={n}
          data={slice.data.value[n]}
          status={describeStatus(slice.status.value[n] ?? { kind: 'idle' })}
        />
      ))}
      <BridgeSection />
    </div>
  );
}

function DbCard({ name, data, status }: { name: string; data: DbData | undefined; status: string }) {
  return (
    <section data-testid="client-db" data-db={name} style={{ margin: '8px 0' }}>
      <h3 style={{ margin: '4px 0' }}>
        <span data-testid="client-db-name">{name}</span>{' '}
        <span class="muted" data-testid="client-db-status">
          {status}
        </span>
      </h3>
      {data && (
        <>
          {data.consistent === false && (
            <div class="warn" data-testid="client-db-inconsistent">
              The app wrote while this was read: it may mix states, and is being read again.
            </div>
          )}
          <div class="muted" data-testid="client-db-meta">
            version {data.version} · clientGroupID {rowText(data.meta.clientGroupID ?? null, 80)} · cookie{' '}
            {rowText(data.meta.cookie ?? null, 80)} · schemaVersion {rowText(data.meta.schemaVersion ?? null, 40)}
          </div>
          <table data-testid="client-tables">
            <thead>
              <tr>
                <th>table</th>
                <th>visible rows</th>
                <th>base rows</th>
              </tr>
            </thead>
            <tbody>
              {data.tables.map((t) => (
                <tr key={t} data-testid="client-table" data-table={t}>
                  <td data-testid="client-table-name">{t}</td>
                  <td data-testid="client-table-visible">{data.visible[t]?.length ?? 0}</td>
                  <td data-testid="client-table-base">{data.base[t]?.length ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.others.length > 0 && (
            <div class="muted" data-testid="client-other-stores">
              also: {data.others.map((o) => `${o.name} (${o.count})`).join(', ')}
            </div>
          )}
          <h4 style={{ margin: '6px 0 2px' }}>
            Outbox: <span data-testid="client-outbox-count">{data.outbox.length}</span> pending
          </h4>
          <ol data-testid="client-outbox" style={{ margin: 0, paddingLeft: '20px' }}>
            {data.outbox.slice(0, MAX_OUTBOX_SHOWN).map((m, i) => (
              <li key={i} data-testid="client-outbox-entry">
                <code>#{m.mutationID ?? '?'}</code> {m.name ?? '(no name)'} <code>{rowText(m.args, 200)}</code>
              </li>
            ))}
          </ol>
          {data.outbox.length > MAX_OUTBOX_SHOWN && (
            <div class="muted">and {data.outbox.length - MAX_OUTBOX_SHOWN} more</div>
          )}
        </>
      )}
    </section>
  );
}
