// Mutations: every mutation this client group made, with its verdict and its lifecycle
// (mutate → outbox → push → ack → server log → pull → dropped or reverted).

import { useCallback, useEffect, useState } from 'preact/hooks';
import { attributeClient, type MutationStatus, type MutationVerdict } from '../../shared/verdict/index.ts';
import type { Explanation } from '../store/verdictClient.ts';
import { usePanel } from '../context.ts';
import { jsonText } from '../jsonText.ts';

const LABEL: Record<MutationStatus, string> = {
  pending: 'pending',
  pushed: 'pushed',
  applied: 'applied',
  'applied-no-writes': 'applied (no writes)',
  'silently-reverted': 'silently reverted',
  rejected: 'rejected',
  lost: 'lost',
  unknown: 'cannot judge',
};
const isStatus = (x: string): x is MutationStatus => Object.hasOwn(LABEL, x);
const STATUSES: readonly MutationStatus[] = Object.keys(LABEL).filter(isStatus);

/** Rendering stays bounded whatever the store holds; the counts above still say how many. */
const MAX_SHOWN = 500;

const short = (v: unknown) => {
  const s = jsonText(v) ?? '';
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

function Timeline({ timeline }: { timeline: Explanation['timeline'] }) {
  return (
    <ol class="timeline" data-testid="timeline">
      {timeline.map((t, i) => (
        <li key={i} class={t.ok ? 'ok' : 'bad'} data-testid="timeline-step" data-step={t.step} data-ok={String(t.ok)}>
          <span class="step">{t.step}</span>
          {t.at ? <span class="muted"> {new Date(t.at).toISOString().slice(11, 23)}</span> : null}
          {t.detail ? <span> — {t.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** Evidence and timeline are built by the engine when a verdict is opened (in its worker). */
function Details({ m, explain }: { m: MutationVerdict; explain: (key: string) => Promise<Explanation> }) {
  const [details, setDetails] = useState<Explanation | null>(null);
  useEffect(() => {
    let live = true;
    setDetails(null);
    void explain(m.key).then((d) => {
      if (live) setDetails(d);
    });
    return () => {
      live = false;
    };
  }, [m, explain]);
  if (!details)
    return (
      <div class="verdict-body muted" data-testid="details-loading">
        Reading the evidence…
      </div>
    );
  return (
    <div class="verdict-body">
      <Timeline timeline={details.timeline} />
      {details.evidence.length > 0 && (
        <ul class="evidence" data-testid="evidence">
          {details.evidence.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      {m.changeRowVersions.length > 0 && <p class="muted">change rows: {m.changeRowVersions.join(', ')}</p>}
    </div>
  );
}

export function MutationsView() {
  const { store } = usePanel();
  const [open, setOpen] = useState<string | null>(null);
  const [only, setOnly] = useState<MutationStatus | 'all'>('all');
  const all = store.verdicts.value.mutations;
  const tabs = store.verdicts.tabClientIDs.value;
  const client = store.verdicts.client;
  const explain = useCallback((key: string) => client.explain(key), [client]);
  const shown = only === 'all' ? all : all.filter((m) => m.status === only);
  if (all.length === 0) {
    return (
      <div class="empty" data-testid="mutations-empty">
        <h2>No mutations seen yet</h2>
        <p>Mutations appear once the page's outbox is read (Client view) or a push is captured.</p>
      </div>
    );
  }
  return (
    <div class="view" data-testid="mutations-view" data-engine={store.verdicts.client.mode}>
      <div class="subbar">
        <label>
          Show{' '}
          <select
            data-testid="mutation-status-filter"
            value={only}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setOnly(isStatus(value) ? value : 'all');
            }}
          >
            <option value="all">all ({all.length})</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {LABEL[s]} ({all.filter((m) => m.status === s).length})
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul class="verdicts">
        {shown.slice(0, MAX_SHOWN).map((m) => (
          <li
            key={m.key}
            class={`verdict st-${m.status}`}
            data-testid="mutation-verdict"
            data-status={m.status}
            data-name={m.name}
            data-key={m.key}
            data-client={attributeClient(m.clientID, tabs) ?? 'unknown'}
          >
            <button
              class="verdict-head"
              aria-expanded={open === m.key}
              onClick={() => setOpen(open === m.key ? null : m.key)}
            >
              <span class={`badge b-${m.status}`} data-testid="mutation-status">
                {LABEL[m.status]}
              </span>
              <code>
                {m.clientID.slice(0, 8)}#{m.mutationID}
              </code>
              {attributeClient(m.clientID, tabs) === 'other-client' && (
                <span
                  class="muted"
                  data-testid="mutation-other-client"
                  title="another client (tab) of this client group, known from the server"
                >
                  other client
                </span>
              )}
              <strong>{m.name}</strong>
              <span class="muted">{short(m.args)}</span>
            </button>
            {m.cause && (
              <div class="cause" data-testid="mutation-cause">
                {m.cause}
              </div>
            )}
            {open === m.key && <Details m={m} explain={explain} />}
          </li>
        ))}
      </ul>
      {shown.length > MAX_SHOWN && (
        <p class="muted">
          Showing the first {MAX_SHOWN} of {shown.length} mutations; pick a status to narrow the list.
        </p>
      )}
    </div>
  );
}
