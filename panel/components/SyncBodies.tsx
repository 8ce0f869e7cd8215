// Decoded push and pull bodies: mutations, the cookie (c1:/integer/opaque), the patch,
// lastMutationIDs, hasMore, and what a 4xx means in plasma's terms.

import type { DecodedCookie, SyncEvent } from '../../shared/sync/types.ts';
import { jsonText } from '../jsonText.ts';

function cookieText(c: DecodedCookie | null): string {
  if (!c) return 'null (nothing synced yet)';
  if (c.format === 'c1') return `${c.raw} → row_version ${c.rowVersion ?? '?'} (regions ${JSON.stringify(c.regions)})`;
  if (c.format === 'integer') return `${c.raw} → row_version ${c.rowVersion}`;
  return `${c.raw} (opaque)`;
}

const short = (v: unknown) => {
  const s = jsonText(v) ?? 'undefined';
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

export function statusMeaning(ev: SyncEvent): string | null {
  const err = ev.errorBody.state === 'ok' ? ev.errorBody.value : null;
  const sent = ev.request.state === 'ok' ? ev.request.value.schemaVersion : null;
  switch (ev.status) {
    case 401:
      return "401: the server's auth() refused the request (see the Auth tab for why).";
    case 403:
      return '403: the request was authenticated but not allowed (often a role the token does not carry).';
    case 409:
      return `409 schema mismatch: the server runs schema ${err?.expected ?? '?'}, this client sent ${sent ?? '?'}. Deploy matching versions or reload the client.`;
    case 413:
      return err?.error === 'payload too large'
        ? `413: the push body is over ${err.max ?? 1048576} bytes. Push smaller batches.`
        : `413: more than ${err?.max ?? 200} mutations in one push; none were applied. Push in batches of at most ${err?.max ?? 200}.`;
    case 400:
      return `400: ${err?.error ?? 'bad request'}${err?.reason ? ` — ${err.reason}` : ''}${err?.error === 'client mismatch' ? ": the body's clientGroupID/clientID differ from what auth() returned" : ''}.`;
    default:
      return null;
  }
}

export function RequestSummary({ ev }: { ev: SyncEvent }) {
  if (ev.request.state !== 'ok') return null;
  if (ev.kind === 'push') {
    const r = ev.request.value;
    return (
      <div data-testid="push-summary">
        <p>
          schema {r.schemaVersion ?? '—'} · group {r.clientGroupID ?? '—'} · client {r.clientID ?? '—'} ·{' '}
          {r.mutations.length} mutations
        </p>
        <table class="mini">
          <thead>
            <tr>
              <th>id</th>
              <th>name</th>
              <th>args</th>
              <th>timestamp</th>
            </tr>
          </thead>
          <tbody>
            {r.mutations.slice(0, 500).map((m) => (
              <tr key={m.id} data-testid="mutation-row">
                <td>{m.id}</td>
                <td>{m.name}</td>
                <td>{short(m.args)}</td>
                <td>{m.timestamp ? new Date(m.timestamp).toISOString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  const r = ev.request.value;
  return (
    <p data-testid="pull-summary">
      schema {r.schemaVersion ?? '—'} · group {r.clientGroupID ?? '—'} · client {r.clientID ?? '—'} · cookie{' '}
      {cookieText(r.cookie)}
      {r.limit !== null ? ` · limit ${r.limit}` : ''}
    </p>
  );
}

export function ResponseSummary({ ev }: { ev: SyncEvent }) {
  const meaning = statusMeaning(ev);
  return (
    <>
      {meaning && (
        <p class="warn" data-testid="status-meaning">
          {meaning}
        </p>
      )}
      {ev.kind === 'pull' && ev.response.state === 'ok' && (
        <div data-testid="patch-summary">
          <p>
            cookie {cookieText(ev.response.value.cookie)} · {ev.response.value.patch.length} ops · hasMore{' '}
            {String(ev.response.value.hasMore)}
          </p>
          <p>lastMutationIDs {short(ev.response.value.lastMutationIDs)}</p>
          <table class="mini">
            <thead>
              <tr>
                <th>op</th>
                <th>table</th>
                <th>id</th>
                <th>rowVersion</th>
                <th>value</th>
              </tr>
            </thead>
            <tbody>
              {ev.response.value.patch.slice(0, 500).map((op, i) => (
                <tr key={i}>
                  <td>{op.op}</td>
                  <td>{op.table}</td>
                  <td>{op.id}</td>
                  <td>{op.rowVersion ?? '—'}</td>
                  <td>{op.op === 'put' ? short(op.value) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
