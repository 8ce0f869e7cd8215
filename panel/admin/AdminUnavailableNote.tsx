// A short note any view can render where a judgement needs the server: says the panel shows the
// client side only, and why the admin API is not there. Renders nothing while it is connected.

import { useAdmin } from '../context.ts';

const CANNOT =
  'Without it the panel shows the client side only: it cannot tell whether the server applied, reverted or filtered a mutation, nor read the server’s errors.';

export function AdminUnavailableNote({ onOpenServer }: { onOpenServer?: () => void }) {
  const admin = useAdmin();
  const reach = admin?.slice.reachability.value;
  const connected = admin?.slice.everConnected.value ?? false;
  if (connected && reach?.state === 'ok') return null;
  const open = onOpenServer && (
    <button type="button" class="link" data-testid="admin-note-open" onClick={onOpenServer}>
      Connect in the Server view
    </button>
  );
  if (connected) {
    return (
      <p class="admin-note warn" data-testid="admin-unavailable-note" data-state="stale" role="status">
        Server data may be out of date: {reach?.message} {open}
      </p>
    );
  }
  const why = reach && reach.state !== 'idle' && reach.state !== 'connecting' ? ` ${reach.message}` : '';
  return (
    <p class="admin-note muted" data-testid="admin-unavailable-note" data-state="unavailable" role="status">
      No admin API connected.{why} {CANNOT} {open}
    </p>
  );
}
