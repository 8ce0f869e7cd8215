// Data: per table, each row's visible (optimistic), base (confirmed) and server values side by
// side, with its verdict; "differences only" hides rows and fields where all three agree.

import { useEffect, useState } from 'preact/hooks';
import { differingFields, rowDiff, type RowState, type RowVerdict } from '../../shared/verdict/index.ts';
import { usePanel } from '../context.ts';
import { jsonText } from '../jsonText.ts';

const STATE_LABEL: Record<RowState, string> = {
  'in-sync': 'in sync',
  optimistic: 'optimistic',
  reverted: 'reverted',
  stale: 'stale',
  filtered: 'filtered read',
  'deleted-on-server': 'deleted on server',
  'missing-on-server': 'missing on server',
  unknown: 'cannot judge',
};

const cell = (has: boolean, v: unknown) => (has ? (jsonText(v) ?? 'undefined') : '—');

function RowDiff({ r, differencesOnly }: { r: RowVerdict; differencesOnly: boolean }) {
  const fields = rowDiff(r);
  const shown = differencesOnly ? differingFields(fields) : fields;
  return (
    <table class="mini diff" data-testid="row-diff">
      <thead>
        <tr>
          <th>field</th>
          <th>visible</th>
          <th>base</th>
          <th>server</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((f) => (
          <tr
            key={f.field}
            class={`ch-${f.change}`}
            data-testid="diff-field"
            data-field={f.field}
            data-change={f.change}
          >
            <td>{f.field}</td>
            <td data-testid="diff-visible">{cell(f.hasVisible, f.visible)}</td>
            <td data-testid="diff-base">{cell(f.hasBase, f.base)}</td>
            <td data-testid="diff-server">{r.serverKnown ? cell(f.hasServer, f.server) : '?'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DataView() {
  const { store } = usePanel();
  // Row verdicts cross from the worker only while a view shows them (panel/store/rowMirror.ts).
  useEffect(() => store.verdicts.client.wantRows(), [store]);
  const rows = store.verdicts.value.rows;
  const tables = [...new Set(rows.map((r) => r.table))].sort();
  const [table, setTable] = useState<string | null>(null);
  const [differencesOnly, setDifferencesOnly] = useState(true);
  const current = table && tables.includes(table) ? table : (tables[0] ?? null);
  if (!current) {
    return (
      <div class="empty" data-testid="data-empty">
        <h2>No rows to compare yet</h2>
        <p>
          Rows appear once the page's IndexedDB is read (Client view) or the server's change log is loaded (Server
          view).
        </p>
      </div>
    );
  }
  const inTable = rows.filter((r) => r.table === current);
  const shown = differencesOnly ? inTable.filter((r) => r.state !== 'in-sync') : inTable;
  return (
    <div class="view" data-testid="data-view">
      <div class="subbar">
        <span role="tablist" aria-label="Tables">
          {tables.map((t) => (
            <button
              key={t}
              role="tab"
              aria-selected={t === current}
              class={t === current ? 'on' : ''}
              data-testid={`table-${t}`}
              onClick={() => setTable(t)}
            >
              {t} ({rows.filter((r) => r.table === t && r.state !== 'in-sync').length}/
              {rows.filter((r) => r.table === t).length})
            </button>
          ))}
        </span>
        <label>
          <input
            type="checkbox"
            data-testid="differences-only"
            checked={differencesOnly}
            onChange={(e) => setDifferencesOnly(e.currentTarget.checked)}
          />
          Differences only
        </label>
      </div>
      {shown.length === 0 && (
        <p class="muted" data-testid="data-all-in-sync">
          Every row of {current} is the same in the visible store, the base store and on the server.
        </p>
      )}
      <ul class="verdicts">
        {shown.slice(0, 500).map((r) => (
          <li
            key={r.key}
            class={`verdict rs-${r.state}`}
            data-testid="row-verdict"
            data-state={r.state}
            data-id={r.id}
            data-confirmed={String(r.confirmed ?? false)}
          >
            <div class="verdict-head">
              <span class={`badge r-${r.state}`}>
                {STATE_LABEL[r.state]}
                {r.state === 'filtered' ? (r.confirmed ? ' · confirmed by the server' : ' · not confirmed') : ''}
              </span>
              <code>{r.id}</code>
              {r.serverRowVersion !== null && <span class="muted">row_version {r.serverRowVersion}</span>}
            </div>
            {r.evidence.length > 0 && <div class="cause">{r.evidence[0]}</div>}
            <RowDiff r={r} differencesOnly={differencesOnly} />
          </li>
        ))}
      </ul>
      {shown.length > 500 && <p class="muted">Showing the first 500 of {shown.length} rows.</p>}
    </div>
  );
}
