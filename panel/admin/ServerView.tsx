// The Server view: the admin API settings, a reachability line, and the server's change log,
// clients and errors as the client polls them. Reads the admin context; never fetches itself.

import { useAdmin, usePanel } from '../context.ts';
import { AdminUnavailableNote } from './AdminUnavailableNote.tsx';
import { ReachabilityLine } from './Reachability.tsx';
import { RowCheckForm } from './RowCheckForm.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { ChangesTable, ClientsTable, ErrorsTable } from './Tables.tsx';
import { SERVER_CSS } from './serverStyles.ts';

export function ServerView() {
  const { dispatch } = usePanel();
  const admin = useAdmin();
  if (!admin) return <AdminUnavailableNote />;
  const { slice, client } = admin;
  return (
    <div class="admin-view" data-testid="server-view">
      <style>{SERVER_CSS}</style>
      <SettingsForm admin={admin} dispatch={dispatch} />
      <ReachabilityLine admin={admin} />
      {slice.everConnected.value ? (
        <>
          <div class="admin-toolbar">
            <button type="button" data-testid="admin-refresh" onClick={() => void client.pollNow()}>
              Refresh now
            </button>
            <span class="muted">
              Polls every 2 s while this panel is visible, and after each captured push or pull.
            </span>
          </div>
          <ChangesTable slice={slice} />
          <ClientsTable slice={slice} />
          <ErrorsTable slice={slice} />
          <RowCheckForm admin={admin} />
        </>
      ) : (
        <AdminUnavailableNote />
      )}
    </div>
  );
}
