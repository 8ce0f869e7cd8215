// Auth settings: what the tokens should say (issuer, audience), an optional verification key
// (HS256 secret or JWKS), and the near-expiry margin. Held in memory only; closing DevTools forgets them.

import { useState } from 'preact/hooks';
import type { Verifier } from '../../shared/auth/index.ts';
import { isRecord } from '../../shared/guards.ts';
import { usePanel } from '../context.ts';
import { TextArea, TextInput } from './TextField.tsx';

const KINDS = ['none', 'hs256', 'jwks', 'remote-jwks'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (x: string): x is Kind => KINDS.some((k) => k === x);

function toVerifier(kind: Kind, value: string): { verifier: Verifier | null; error: string | null } {
  const v = value.trim();
  if (kind === 'none' || !v) return { verifier: null, error: null };
  if (kind === 'hs256') return { verifier: { kind: 'hs256', secret: v }, error: null };
  if (kind === 'remote-jwks')
    return /^https?:\/\//.test(v)
      ? { verifier: { kind: 'remote-jwks', url: v }, error: null }
      : { verifier: null, error: 'A JWKS URL starts with http:// or https://' };
  try {
    const jwks: unknown = JSON.parse(v);
    if (isRecord(jwks) && Array.isArray(jwks.keys)) return { verifier: { kind: 'jwks', jwks }, error: null };
    return { verifier: null, error: 'A JWKS is a JSON object with a "keys" array' };
  } catch {
    return { verifier: null, error: 'The JWKS is not valid JSON' };
  }
}

export function Settings({ onClose }: { onClose: () => void }) {
  const { store, dispatch } = usePanel();
  const [kind, setKind] = useState<Kind>(store.verifier.value?.kind ?? 'none');
  const [keyText, setKeyText] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const exp = store.expect.value;
  // Typed text lives here until committed (change: Enter or leaving the field), so re-renders
  // driven by live traffic never overwrite what the user is typing.
  const [draft, setDraft] = useState({ audience: exp.audience ?? '', issuer: exp.issuer ?? '' });
  const setExpect = (field: 'issuer' | 'audience', value: string) =>
    dispatch({ type: 'setExpectations', expect: { ...store.expect.value, [field]: value.trim() || undefined } });
  return (
    <form class="settings" data-testid="settings" aria-label="Auth settings" onSubmit={(e) => e.preventDefault()}>
      <h3>Token expectations</h3>
      <label>
        Expected audience{' '}
        <TextInput
          data-testid="expect-audience"
          value={draft.audience}
          onInput={(e) => setDraft({ ...draft, audience: e.currentTarget.value })}
          onChange={(e) => setExpect('audience', e.currentTarget.value)}
          placeholder="e.g. my-app-sync"
        />
      </label>
      <label>
        Expected issuer{' '}
        <TextInput
          data-testid="expect-issuer"
          value={draft.issuer}
          onInput={(e) => setDraft({ ...draft, issuer: e.currentTarget.value })}
          onChange={(e) => setExpect('issuer', e.currentTarget.value)}
          placeholder="e.g. https://auth.example.com"
        />
      </label>
      <label>
        Near-expiry margin (s){' '}
        <TextInput
          type="number"
          min={0}
          data-testid="near-expiry"
          value={store.nearExpiryMarginSec.value}
          onChange={(e) => dispatch({ type: 'setNearExpiryMargin', sec: Number(e.currentTarget.value) })}
        />
      </label>
      <h3>Verify signatures (kept in memory only)</h3>
      <label>
        Key
        <select
          data-testid="verifier-kind"
          value={kind}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (isKind(value)) setKind(value);
          }}
        >
          <option value="none">none</option>
          <option value="hs256">HS256 secret</option>
          <option value="jwks">JWKS (JSON)</option>
          <option value="remote-jwks">JWKS URL</option>
        </select>
      </label>
      {kind !== 'none' && (
        <label>
          {kind === 'hs256' ? 'Secret' : kind === 'jwks' ? 'JWKS' : 'URL'}
          {kind === 'jwks' ? (
            <TextArea
              data-testid="verifier-key"
              rows={3}
              value={keyText}
              onInput={(e) => setKeyText(e.currentTarget.value)}
            />
          ) : (
            <TextInput
              data-testid="verifier-key"
              type={kind === 'hs256' ? 'password' : 'url'}
              autoComplete="off"
              value={keyText}
              onInput={(e) => setKeyText(e.currentTarget.value)}
            />
          )}
        </label>
      )}
      <div class="row-buttons">
        <button
          type="button"
          data-testid="verifier-apply"
          onClick={() => {
            const { verifier, error } = toVerifier(kind, keyText);
            setKeyError(error);
            if (!error) dispatch({ type: 'setVerifier', verifier });
          }}
        >
          Apply key
        </button>
        <button
          type="button"
          onClick={() => {
            setKeyText('');
            setKind('none');
            setKeyError(null);
            dispatch({ type: 'setVerifier', verifier: null });
          }}
        >
          Forget key
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {keyError && (
        <p class="warn" data-testid="verifier-error">
          {keyError}
        </p>
      )}
      {store.verifyError.value && <p class="warn">Verification failed: {store.verifyError.value}</p>}
      {store.verifier.value && !store.verifyError.value && (
        <p class="muted" data-testid="verifier-status">
          {store.verifications.value.size} token(s) checked with the {store.verifier.value.kind} key.
        </p>
      )}
    </form>
  );
}
