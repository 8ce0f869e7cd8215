// The sync health bar: always visible under the views, one compact line per plasma client of the
// page (outbox, last push and pull, last failure, how far behind the server), and the sync
// controls when the page speaks the bridge. It renders shared/health's answer and nothing more.

import { agoText, behindText, type ClientHealth, type SyncAttempt } from '../../shared/health/index.ts';
import { usePanel } from '../context.ts';
import { useSyncControls } from './controls.ts';
import type { BridgeCommand } from '../pageReader/commands.ts';

const bar = {
  display: 'flex',
  flexDirection: 'column',
  gap: '1px',
  padding: '2px 8px',
  borderTop: '1px solid var(--border)',
  background: 'var(--toolbar)',
  fontSize: '11px',
} as const;
const line = { display: 'flex', flexWrap: 'wrap', gap: '0 14px', alignItems: 'center' } as const;
const bad = { color: 'var(--error, #d93025)' } as const;
const muted = { color: 'var(--muted)' } as const;

const statusText = (a: SyncAttempt) => (a.status === 0 ? 'network error' : String(a.status));

function When({ a, now }: { a: SyncAttempt | null; now: number }) {
  return a ? (
    <span title={new Date(a.at).toISOString()}>{agoText(now - a.at)} ago</span>
  ) : (
    <span style={muted}>none seen</span>
  );
}

function ClientLine({ c, now }: { c: ClientHealth; now: number }) {
  const outbox =
    c.outboxSize === null
      ? 'unknown'
      : c.outboxSize === 0
        ? 'empty'
        : `${c.outboxSize}${c.oldestOutboxAgeMs !== null ? ` (oldest ${agoText(c.oldestOutboxAgeMs)})` : ''}`;
  return (
    <div style={line} data-testid="health-client" data-client-id={c.clientID}>
      <strong title={c.clientGroupID ? `group ${c.clientGroupID}` : undefined}>client {c.clientID.slice(0, 8)}</strong>
      <span data-testid="health-outbox" data-size={c.outboxSize ?? ''}>
        outbox {outbox}
      </span>
      <span data-testid="health-push">
        push <When a={c.lastPushOk} now={now} />
      </span>
      <span data-testid="health-pull">
        pull <When a={c.lastPullOk} now={now} />
      </span>
      {c.lastFailure && (
        <span data-testid="health-failure" style={bad}>
          last failure: {c.lastFailure.kind} {statusText(c.lastFailure)}, {agoText(now - c.lastFailure.at)} ago
        </span>
      )}
      <span
        data-testid="health-behind"
        data-count={c.behind?.count ?? ''}
        title={c.cookieRowVersion !== null ? `cookie at row version ${c.cookieRowVersion}` : 'no cookie read yet'}
      >
        {behindText(c.behind)}
      </span>
    </div>
  );
}

function Controls() {
  const { store } = usePanel();
  const controls = useSyncControls();
  const bridge = store.pageReader.bridge;
  if (!controls || !bridge.connected.value) {
    return (
      <div style={{ ...line, ...muted }} data-testid="health-no-bridge">
        Sync controls need the page to attach the plasma-devtools bridge (attachDevtoolsBridge); none has answered in
        this page.
      </div>
    );
  }
  const paused = store.health.paused.value;
  const last = store.health.lastCommand.value;
  const button = (command: BridgeCommand, label: string) => (
    <button type="button" data-testid={`health-${command}`} onClick={() => void controls.run(command)}>
      {label}
    </button>
  );
  return (
    <div style={line} data-testid="health-controls">
      {button('pullOnce', 'Pull now')}
      {button('pushOnce', 'Push now')}
      {paused === true && button('resume', 'Resume sync')}
      {paused === false && button('pause', 'Pause sync')}
      {paused === true && (
        <span data-testid="health-paused" style={bad}>
          sync loop paused
        </span>
      )}
      {paused === null && <span style={muted}>this page's bridge offers no pause</span>}
      {last && (
        <span data-testid="health-command" data-state={last.state} style={last.state === 'failed' ? bad : muted}>
          {last.command}:{' '}
          {last.state === 'sent'
            ? 'sent'
            : last.state === 'ok'
              ? 'done'
              : `failed${last.error ? ` (${last.error})` : ''}`}
        </span>
      )}
    </div>
  );
}

export function HealthBar() {
  const { store } = usePanel();
  const clients = store.health.clients.value;
  const now = store.health.now.value;
  return (
    <div style={bar} role="status" aria-label="Sync health" data-testid="health-bar">
      {clients.length === 0 ? (
        <div style={muted} data-testid="health-none">
          No plasma client seen yet: sync traffic, the page's databases or its bridge will name one.
        </div>
      ) : (
        clients.map((c) => <ClientLine key={c.clientID} c={c} now={now} />)
      )}
      <Controls />
    </div>
  );
}
