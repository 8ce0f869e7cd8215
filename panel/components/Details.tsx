// The details pane of the selected request: what plasma sent and got, decoded, with secrets masked.

import { useState } from 'preact/hooks';
import type { Parsed } from '../../shared/sync/types.ts';
import { usePanel } from '../context.ts';
import { formatClock, formatDuration } from './format.ts';
import { HeadersTable } from './HeadersTable.tsx';
import { AuthDetails } from './AuthDetails.tsx';
import { RequestSummary, ResponseSummary } from './SyncBodies.tsx';
import { DryRun } from '../dryRun/DryRun.tsx';

function Body({ parsed, label }: { parsed: Parsed<unknown>; label: string }) {
  switch (parsed.state) {
    case 'ok':
      return (
        <pre class="json" data-testid={`${label}-body`}>
          {JSON.stringify(parsed.value, null, 2)}
        </pre>
      );
    case 'empty':
      return <p class="muted">Empty body.</p>;
    case 'pending':
      return <p class="muted">Body not received yet. Status and headers above are already final.</p>;
    case 'unavailable':
      return <p class="muted">DevTools could not provide this body (the page may never have read it).</p>;
    case 'unparseable':
      return (
        <div data-testid={`${label}-unparseable`}>
          <p class="warn">Not a plasma body: {parsed.reason}</p>
          <pre class="raw">{parsed.raw}</pre>
        </div>
      );
  }
}

type Tab = 'headers' | 'auth' | 'request' | 'response';

export function Details() {
  const { store, dispatch } = usePanel();
  const row = store.selected.value;
  const [tab, setTab] = useState<Tab>('headers');
  if (!row) return null;
  const ev = row.event;
  return (
    <aside class="details" data-testid="details" aria-label="Request details">
      <div class="tabs" role="tablist">
        <button
          class="close"
          title="Close"
          aria-label="Close details"
          onClick={() => dispatch({ type: 'select', id: null })}
        >
          ×
        </button>
        {(['headers', 'auth', 'request', 'response'] as const).map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            class={tab === t ? 'active' : ''}
            onClick={() => setTab(t)}
          >
            {t.charAt(0).toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <div class="details-body">
        {tab === 'headers' && (
          <>
            <h3>General</h3>
            <dl class="general">
              <dt>Request URL</dt>
              <dd>{row.url}</dd>
              <dt>Method</dt>
              <dd>{row.method}</dd>
              <dt>Status</dt>
              <dd>
                {row.status} {row.entry.response.statusText}
              </dd>
              {ev && (
                <>
                  <dt>Sync</dt>
                  <dd>
                    {ev.kind} · base path “{ev.basePath || '/'}” · recognised by {ev.recognisedBy}
                  </dd>
                </>
              )}
              {ev && (
                <>
                  <dt>Credential</dt>
                  <dd data-testid="details-credential">
                    {ev.credential.kind}
                    {ev.credential.scheme ? ` (${ev.credential.scheme})` : ''}
                  </dd>
                </>
              )}
              <dt>Started</dt>
              <dd>
                {formatClock(row.startedAt)}
                {row.recovered ? ' · recovered from before the panel opened' : ''}
              </dd>
              <dt>Duration</dt>
              <dd>{formatDuration(row.durationMs)}</dd>
            </dl>
            <h3>Request headers</h3>
            <HeadersTable headers={row.entry.request.headers} testid="request-headers" />
            <h3>Response headers</h3>
            <HeadersTable headers={row.entry.response.headers} testid="response-headers" />
          </>
        )}
        {tab === 'auth' && <AuthDetails requestId={row.id} />}
        {tab === 'request' &&
          (ev ? (
            <>
              <RequestSummary ev={ev} />
              <Body parsed={ev.request} label="request" />
            </>
          ) : (
            <pre class="raw">{row.entry.request.postData?.text ?? '(no body)'}</pre>
          ))}
        {tab === 'request' && ev && <DryRun key={ev.id} ev={ev} />}
        {tab === 'response' && (
          <>
            {ev && ev.errorBody.state === 'ok' && (
              <p class="warn" data-testid="error-body">
                Server said: {ev.errorBody.value.error ?? 'an error'}
                {ev.errorBody.value.reason ? ` — ${ev.errorBody.value.reason}` : ''}
              </p>
            )}
            {ev && <ResponseSummary ev={ev} />}
            {ev ? (
              <Body
                parsed={ev.status >= 300 && ev.errorBody.state !== 'empty' ? ev.errorBody : ev.response}
                label="response"
              />
            ) : (
              <pre class="raw">{row.body ?? '(body not available)'}</pre>
            )}
          </>
        )}
      </div>
    </aside>
  );
}
