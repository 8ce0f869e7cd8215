// The Server view's styles, rendered in a <style> with the view; they use the panel's theme variables.

export const SERVER_CSS = `
.admin-view { flex: 1; overflow: auto; padding: 6px 10px; display: flex; flex-direction: column; gap: 8px; min-height: 0; }
.admin-settings { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
.admin-settings label { display: flex; align-items: center; gap: 4px; }
.admin-settings input:not([type='checkbox']) { background: var(--bg); color: var(--text); border: 1px solid var(--border); border-radius: 3px; padding: 2px 6px; }
.admin-reach { padding: 4px 6px; border-radius: 3px; background: var(--bg-alt); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.admin-reach.ok { color: var(--ok); }
.admin-reach.warn { color: var(--warn); }
.admin-toolbar { display: flex; gap: 8px; align-items: center; }
.admin-section h3 { font-size: 12px; font-weight: 600; margin: 6px 0 2px; }
.admin-table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
.admin-table th, .admin-table td { text-align: left; padding: 1px 6px; border-bottom: 1px solid var(--bg-alt); white-space: nowrap; }
.admin-table th { background: var(--toolbar); color: var(--muted); font-weight: 500; }
.admin-value { max-width: 420px; overflow: hidden; text-overflow: ellipsis; font-family: ui-monospace, monospace; }
.admin-note { margin: 4px 8px; }
.muted { color: var(--muted); }
.warn { color: var(--warn); }
.ok { color: var(--ok); }
`;
