// The server's side as read through the admin API: the latest changes, the clients' watermarks
// and the recorded onError events. Each table shows at most `limit` rows, newest first.

import type { AdminSlice } from './slice.ts';
import { dash, short, when } from './format.ts';

export const SHOWN_CHANGES = 200;

export function ChangesTable({ slice, limit = SHOWN_CHANGES }: { slice: AdminSlice; limit?: number }) {
  const log = slice.changeLog.value;
  const latest = log.changes.slice(-limit).reverse();
  return (
    <section class="admin-section" data-testid="admin-changes" aria-label="Server change log">
      <h3>
        Changes{' '}
        <span class="muted" data-testid="admin-changes-count">
          {log.changes.length} held{log.changes.length > limit ? `, latest ${limit} shown` : ''}; maxRowVersion{' '}
          {dash(slice.maxRowVersion.value)}
        </span>
      </h3>
      {log.dropped > 0 && (
        <p class="warn" data-testid="admin-changes-dropped">
          {log.dropped} older changes dropped to keep the buffer bounded; the log held is complete from row version{' '}
          {log.knownFromRowVersion}.
        </p>
      )}
      {log.dropped === 0 && log.knownFromRowVersion !== null && (
        <p class="muted" data-testid="admin-changes-late">
          The log was read from row version {log.knownFromRowVersion} on (older ones would not fit the buffer).
        </p>
      )}
      {log.skipped > 0 && <p class="warn">{log.skipped} records were not understood and were left out.</p>}
      {latest.length === 0 ? (
        <p class="muted">No changes on the server yet{slice.info.value ? '' : ' (not connected)'}.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th>rowVersion</th>
              <th>table</th>
              <th>id</th>
              <th>op</th>
              <th>value</th>
              <th>client</th>
              <th>mutation</th>
              <th>at</th>
            </tr>
          </thead>
          <tbody>
            {latest.map((c) => (
              <tr key={c.rowVersion} data-testid="admin-change-row" data-row-version={c.rowVersion}>
                <td>{c.rowVersion}</td>
                <td data-testid="admin-change-table">{c.table}</td>
                <td data-testid="admin-change-id">{c.id}</td>
                <td class={c.op === 'del' ? 'warn' : ''}>{c.op}</td>
                <td class="admin-value" data-testid="admin-change-value" title={short(c.value, 2000)}>
                  {short(c.value)}
                </td>
                <td title={c.clientGroupID ?? ''}>{dash(c.clientID)}</td>
                <td>{dash(c.mutationID)}</td>
                <td>{when(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ClientsTable({ slice }: { slice: AdminSlice }) {
  const clients = slice.clients.value;
  return (
    <section class="admin-section" data-testid="admin-clients" aria-label="Server clients">
      <h3>
        Clients{' '}
        <span class="muted">
          {clients.length}
          {slice.clientsTruncated.value ? ' (the server lists at most 1000)' : ''}
        </span>
      </h3>
      {clients.length === 0 ? (
        <p class="muted">No client has pushed a mutation yet.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th>clientGroupID</th>
              <th>clientID</th>
              <th>lastMutationID</th>
              <th>updated</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={`${c.clientGroupID}/${c.clientID}`} data-testid="admin-client-row">
                <td>{c.clientGroupID}</td>
                <td>{c.clientID}</td>
                <td data-testid="admin-client-lmid">{c.lastMutationID}</td>
                <td>{when(c.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ErrorsTable({ slice, limit = 200 }: { slice: AdminSlice; limit?: number }) {
  const errors = slice.errors.value;
  return (
    <section class="admin-section" data-testid="admin-errors" aria-label="Server errors">
      <h3>
        Errors <span class="muted">{errors === null ? '' : errors.length}</span>
      </h3>
      {errors === null ? (
        <p class="warn" data-testid="admin-errors-no-tap">
          The app has not installed the error tap (createErrorTap), so the server’s onError causes cannot be read.
        </p>
      ) : errors.length === 0 ? (
        <p class="muted">No server errors recorded.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th>id</th>
              <th>at</th>
              <th>kind</th>
              <th>mutation</th>
              <th>client</th>
              <th>message</th>
            </tr>
          </thead>
          <tbody>
            {errors
              .slice(-limit)
              .reverse()
              .map((e) => (
                <tr key={e.id} data-testid="admin-error-row">
                  <td>{e.id}</td>
                  <td>{when(e.at)}</td>
                  <td>{e.kind}</td>
                  <td>
                    {dash(e.mutationName)}
                    {e.mutationID !== null ? ` #${e.mutationID}` : ''}
                  </td>
                  <td title={e.clientGroupID ?? ''}>{dash(e.clientID)}</td>
                  <td data-testid="admin-error-message">{e.message}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
