// Inline SVG icons: emoji and symbol glyphs are missing from many Linux font sets, so DevTools-style
// icons are drawn rather than typed.

export function ClearIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.6" />
      <line x1="3.8" y1="12.2" x2="12.2" y2="3.8" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}

export function SeverityIcon({ severity }: { severity: 'error' | 'warning' | 'info' }) {
  if (severity === 'error') {
    return (
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" class="sev-icon">
        <circle cx="8" cy="8" r="7" fill="var(--error)" />
        <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="var(--bg)" stroke-width="1.8" />
      </svg>
    );
  }
  if (severity === 'warning') {
    return (
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" class="sev-icon">
        <path d="M8 1.5l7 13H1z" fill="var(--warn)" />
        <path d="M8 6v4.5M8 12v1.3" stroke="var(--bg)" stroke-width="1.6" />
      </svg>
    );
  }
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" class="sev-icon">
      <circle cx="8" cy="8" r="7" fill="var(--link)" />
      <path d="M8 7v5M8 4v1.3" stroke="var(--bg)" stroke-width="1.8" />
    </svg>
  );
}
