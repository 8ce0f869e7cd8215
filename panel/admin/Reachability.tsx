// The reachability line: connected (with versions) or exactly why not, and for a CORS refusal the
// button that asks Chrome for host access to the app's origin.

import type { AdminContextValue } from '../context.ts';
import { when } from './format.ts';

export function ReachabilityLine({ admin }: { admin: AdminContextValue }) {
  const { slice, client } = admin;
  const r = slice.reachability.value;
  const grantOrigin = r.grantOrigin;
  const polled = slice.lastPolledAt.value;
  const tone = r.state === 'ok' ? 'ok' : r.state === 'idle' || r.state === 'connecting' ? 'muted' : 'warn';
  return (
    <div
      class={`admin-reach ${tone}`}
      data-testid="admin-reachability"
      data-state={r.state}
      role="status"
      aria-live="polite"
    >
      <span data-testid="admin-reachability-message">{r.message}</span>
      {polled !== null && r.state !== 'connecting' && <span class="muted"> (checked {when(polled)})</span>}
      {r.state === 'cors' && grantOrigin && client.canRequestHostAccess() && (
        <button type="button" data-testid="admin-grant" onClick={() => void client.grantAccess(grantOrigin)}>
          Grant access to {grantOrigin}
        </button>
      )}
    </div>
  );
}
