// The findings list: one line per problem, worst first, with its cause and its fix. Selecting a
// finding narrows the request list to the requests it names.

import { useComputed } from '@preact/signals';
import { usePanel } from '../context.ts';
import type { AnyFinding } from '../store/verdicts.ts';
import { SeverityIcon } from './icons.tsx';
import { noFindingsText } from '../store/coverage.ts';
import { formatClock } from './format.ts';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What a finding is about: requests for the auth findings, mutations or rows for the verdict ones. */
function countOf(f: AnyFinding): string {
  if ('mutationKeys' in f && f.mutationKeys?.length) return plural(f.mutationKeys.length, 'mutation');
  if ('rowKeys' in f && f.rowKeys?.length) return plural(f.rowKeys.length, 'row');
  return plural(f.requestIds.length, 'request');
}

export function Findings() {
  const { store, dispatch } = usePanel();
  // "No findings" is a sentence over the capture: read as one computed string, so a new request
  // that leaves it the same does not re-render the list.
  const none = useComputed(() =>
    store.plasmaRows.value.length > 0 ? noFindingsText(store.coverage.value, formatClock) : null,
  );
  const findings = store.findings.value;
  const selected = store.selectedFindingId.value;
  if (findings.length === 0) {
    return none.value !== null ? (
      <div class="findings none" data-testid="findings-none">
        {none.value}
      </div>
    ) : null;
  }
  return (
    <ul class="findings" data-testid="findings" aria-label="Findings">
      {findings.map((f) => (
        <li
          key={f.id}
          class={`finding sev-${f.severity} ${f.id === selected ? 'selected' : ''}`}
          data-testid="finding"
          data-code={f.code}
          tabIndex={0}
          aria-selected={f.id === selected}
          onClick={() => dispatch({ type: 'selectFinding', id: f.id === selected ? null : f.id })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              dispatch({ type: 'selectFinding', id: f.id === selected ? null : f.id });
            }
          }}
        >
          <span class="sev" role="img" aria-label={f.severity}>
            <SeverityIcon severity={f.severity} />
          </span>
          <span class="f-text">
            <strong data-testid="finding-title">{f.title}</strong>
            {'source' in f && f.source === 'server' && (
              <span
                class="f-source"
                data-testid="finding-source"
                title="The cause is the server's own recorded decision (admin API /auth-log)"
              >
                from the server
              </span>
            )}
            <span class="f-cause" data-testid="finding-cause">
              {f.cause}
            </span>
            <span class="f-fix" data-testid="finding-fix">
              Fix: {f.fix}
            </span>
            {f.link && (
              <a
                href={f.link}
                target="_blank"
                rel="noreferrer noopener"
                data-testid="finding-link"
                onClick={(e) => e.stopPropagation()}
              >
                {f.link}
              </a>
            )}
          </span>
          <span class="f-count">{countOf(f)}</span>
        </li>
      ))}
    </ul>
  );
}
