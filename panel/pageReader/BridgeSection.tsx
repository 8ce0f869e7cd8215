// What the plasma-devtools bridge said, when the page speaks it: hello, the last snapshot and the
// latest events, all as text.

import { rowText } from '../../shared/pageReader/index.ts';
import { usePageReader } from '../context.ts';

const EVENTS_SHOWN = 20;

export function BridgeSection() {
  const { bridge } = usePageReader().slice;
  const hello = bridge.hello.value;
  const snap = bridge.lastSnapshot.value;
  const events = bridge.events.value;
  const mismatch = bridge.versionMismatch.value;
  if (!bridge.connected.value && mismatch === null) return null;
  return (
    <section data-testid="client-bridge" style={{ margin: '8px 0' }}>
      <h3 style={{ margin: '4px 0' }}>Bridge</h3>
      {mismatch !== null && (
        <div class="warn" data-testid="bridge-version-mismatch">
          The page speaks plasma-devtools bridge v{mismatch}; this panel reads v1, so bridge details are not shown.
        </div>
      )}
      {hello && (
        <div data-testid="bridge-hello">
          database {hello.dbName ?? '?'} · clientID {hello.clientID ?? '?'} · clientGroupID {hello.clientGroupID ?? '?'}{' '}
          · schema {hello.schemaVersion ?? '?'} · tables {hello.tables.join(', ')}
        </div>
      )}
      {snap && (
        <div data-testid="bridge-snapshot">
          snapshot: clientID {snap.clientID ?? '?'} · cookie {snap.cookie ?? 'null'} · outbox {snap.outboxCount} ·
          lastMutationIDs {rowText(snap.lastMutationIDs, 200)}
          {snap.errors.length > 0 && <div class="warn">errors: {snap.errors.join(' · ')}</div>}
        </div>
      )}
      {events.length > 0 && (
        <ol data-testid="bridge-events" style={{ margin: 0, paddingLeft: '20px' }}>
          {events.slice(-EVENTS_SHOWN).map((e, i) => (
            <li key={i} data-testid="bridge-event">
              <code>{e.kind}</code> {e.at !== null ? new Date(e.at).toLocaleTimeString() : ''} <code>{e.detail}</code>
            </li>
          ))}
        </ol>
      )}
      {(bridge.dropped.value > 0 || bridge.rejected.value > 0) && (
        <div class="muted" data-testid="bridge-dropped">
          {bridge.dropped.value} messages dropped by the size bound, {bridge.rejected.value} refused by the guards
        </div>
      )}
    </section>
  );
}
