// The answers of a dry run, rendered only: per mutation ok or the error (with its rule) and the rows
// it would write; per table the rows auth.read lets through and the ones it hides.

import type { ReadAsAnswer, ReplayAnswer } from '../../shared/admin/dryRun.ts';

function ctxLine(answer: ReplayAnswer) {
  const source =
    answer.ctxSource === 'recorded'
      ? 'the ctx recorded for the group'
      : answer.ctxSource === 'app'
        ? 'the ctx the app built'
        : 'the ctx';
  return (
    <p class="muted" data-testid="dry-run-ctx">
      As {source}: <code>{JSON.stringify(answer.ctx)}</code>. Nothing was committed.
    </p>
  );
}

export function ReplayResults({ answer }: { answer: ReplayAnswer }) {
  const failed = answer.results.filter((r) => !r.ok).length;
  return (
    <div data-testid="dry-run-results">
      {ctxLine(answer)}
      <p data-testid="dry-run-summary">
        {answer.results.length - failed} would apply, {failed} would fail
        {answer.skipped ? ` (${answer.skipped} unreadable results skipped)` : ''}.
      </p>
      <ul class="dry-run-list">
        {answer.results.map((r) => (
          <li
            key={r.id}
            data-testid="dry-run-result"
            data-id={String(r.id)}
            data-ok={String(r.ok)}
            data-rule={r.error?.rule ?? ''}
          >
            <strong>
              #{r.id} {r.name}
            </strong>{' '}
            {r.ok ? (
              <span>ok</span>
            ) : (
              <span class="warn" data-testid="dry-run-error">
                {r.error?.name}: {r.error?.message}
              </span>
            )}
            {r.writes.length > 0 && (
              <ul>
                {r.writes.map((w, i) => (
                  <li key={i} data-testid="dry-run-write" data-op={w.op} data-table={w.table} data-row={w.id}>
                    {w.op} {w.table}/{w.id}
                    {w.op === 'put' && <pre class="json">{JSON.stringify(w.value, null, 2)}</pre>}
                  </li>
                ))}
              </ul>
            )}
            {r.ok && r.writes.length === 0 && <span class="muted"> (writes nothing)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReadAsResults({ answers }: { answers: ReadAsAnswer[] }) {
  return (
    <div data-testid="dry-run-results">
      {answers.map((a) => (
        <div key={a.table} data-testid="dry-run-read" data-table={a.table}>
          <h4>
            {a.table}
            {a.truncated ? ' (first rows only)' : ''}
          </h4>
          <p data-testid="dry-run-readable">
            Readable ({a.readable.length}): {a.readable.join(', ') || 'none'}
          </p>
          <p data-testid="dry-run-hidden" class={a.hidden.length ? 'warn' : ''}>
            Hidden by auth.read ({a.hidden.length}): {a.hidden.join(', ') || 'none'}
          </p>
          {a.missing.length > 0 && (
            <p class="muted" data-testid="dry-run-missing">
              No longer in the table: {a.missing.join(', ')}
            </p>
          )}
        </div>
      ))}
    </div>
  );
}
