// Display helpers shared by the list and the details pane.

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatClock(unixMs: number): string {
  if (!unixMs) return '—';
  const d = new Date(unixMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Shows the start and end of a secret so two tokens can be told apart, never the whole. */
export function maskSecret(value: string): string {
  if (value.length <= 12) return '•'.repeat(Math.max(4, value.length));
  return `${value.slice(0, 6)}…${'•'.repeat(8)}`;
}

export function statusClass(status: number): string {
  if (status === 0) return 'st-failed';
  if (status >= 400) return 'st-error';
  if (status >= 300) return 'st-redirect';
  return 'st-ok';
}
