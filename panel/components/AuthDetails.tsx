// The Auth tab of the details pane: the token as the ledger read it at this request's start
// (claims, times, hash; never the token itself) and every finding that names this request.

import type { AuthDecision } from '../../shared/admin/authLog.ts';
import type { LedgerEntry } from '../../shared/auth/index.ts';
import { usePanel } from '../context.ts';

function when(unixSec: number | null, relSec: number | null, future: string, past: string): string {
  if (unixSec === null) return '—';
  const iso = new Date(unixSec * 1000).toISOString().replace('.000Z', 'Z');
  if (relSec === null) return iso;
  const abs = Math.abs(Math.round(relSec));
  const span = abs >= 3600 ? `${(abs / 3600).toFixed(1)} h` : abs >= 60 ? `${Math.round(abs / 60)} min` : `${abs} s`;
  return `${iso} (${relSec >= 0 ? future : past} ${span})`;
}

function Claims({ entry }: { entry: LedgerEntry }) {
  const t = entry.token;
  if (!t.present)
    return (
      <p data-testid="auth-no-token">
        No bearer token on this request
        {entry.cookieNames.length ? `; cookies sent: ${entry.cookieNames.join(', ')}` : ''}.
      </p>
    );
  if (!t.decodable)
    return (
      <p class="warn" data-testid="auth-undecodable">
        The bearer token is {t.shape === 'opaque' ? 'opaque (not a JWT)' : `malformed: ${t.error ?? 'unreadable'}`}.
        Hash {t.hash}.
      </p>
    );
  const rows: [string, string][] = [
    ['alg / kid', `${t.alg ?? '—'} / ${t.kid ?? '—'}`],
    ['iss', t.iss ?? '—'],
    ['aud', t.aud.join(', ') || '—'],
    ['sub', t.sub ?? '—'],
    ['role', t.role ?? '—'],
    ['exp', when(t.exp, t.expiresInSec, 'expires in', 'expired')],
    ['nbf', when(t.nbf, t.notYetValidBySec === null ? null : -t.notYetValidBySec, 'valid since', 'valid in')],
    ['iat', when(t.iat, t.ageSec === null ? null : -t.ageSec, 'issued in', 'issued')],
    ['clock skew', t.clockSkewSec === null ? '—' : `${t.clockSkewSec} s (server Date − request start)`],
    ['token hash', `${t.hash ?? '—'}${entry.tokenChanged ? ' · changed since the previous request' : ''}`],
  ];
  return (
    <dl class="general" data-testid="auth-claims">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd data-testid={`claim-${k.split(' ')[0]}`}>{v}</dd>
        </>
      ))}
      {t.warnings.map((w) => (
        <>
          <dt>note</dt>
          <dd class="warn">{w}</dd>
        </>
      ))}
    </dl>
  );
}

/** What the server's auth-decision log recorded for this request (admin API), never the token. */
function ServerDecision({ decision }: { decision: AuthDecision }) {
  const c = decision.claims;
  const aud = c?.aud == null ? '—' : Array.isArray(c.aud) ? c.aud.join(', ') : c.aud;
  return (
    <>
      <h3>Server decision</h3>
      <p data-testid="server-decision">
        {decision.ok ? 'auth() accepted' : 'auth() refused'} · {decision.status}
        {decision.ok ? '' : decision.reason ? ` · reason "${decision.reason}"` : ' · no reason given'}
        {' · '}recorded {new Date(decision.at).toISOString()} (server clock)
        {c ? ` · sub ${c.sub ?? '—'}, iss ${c.iss ?? '—'}, aud ${aud}, role ${c.role ?? '—'}` : ''}
      </p>
    </>
  );
}

export function AuthDetails({ requestId }: { requestId: string }) {
  const { store } = usePanel();
  const entry = store.analysis.ledgerById.value.get(requestId);
  const decision = store.analysis.decisions.value.get(requestId);
  const findings = store.analysis.findingsByRequest.value.get(requestId) ?? [];
  return (
    <div data-testid="auth-details">
      {findings.length > 0 && (
        <>
          <h3>Why</h3>
          <ul class="causes">
            {findings.map((f) => (
              <li key={f.id} class={`sev-${f.severity}`} data-testid="request-cause">
                <strong>{f.title}</strong>
                {f.source === 'server' ? ' (from the server)' : ''} — {f.cause}
                <br />
                <span class="f-fix">Fix: {f.fix}</span>
                {f.link && (
                  <>
                    <br />
                    <a href={f.link} target="_blank" rel="noreferrer noopener">
                      {f.link}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {decision && <ServerDecision decision={decision} />}
      <h3>Credential</h3>
      {entry ? (
        <>
          <p>
            {entry.credentialKind}
            {entry.scheme ? ` (${entry.scheme}${entry.emptyAuthorization ? ' with no token' : ''})` : ''} · client group{' '}
            {entry.clientGroupID ?? '—'} · client {entry.clientID ?? '—'}
          </p>
          <Claims entry={entry} />
        </>
      ) : (
        <p class="muted">Not a plasma sync request.</p>
      )}
    </div>
  );
}
