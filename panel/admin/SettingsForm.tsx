// Admin API settings: base URL (suggested on the inspected page's own origin), the credential (a
// password field; once set it shows only as a mask, with the origin it is bound to), the opt-in
// "remember", and Connect. A base URL on another origin does not take the credential along.

import { useState } from 'preact/hooks';
import { createSecret, maskSecret, normaliseBaseUrl, originOf } from '../../shared/admin/index.ts';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { AdminContextValue } from '../context.ts';
import { TextInput } from '../components/TextField.tsx';

export function SettingsForm({
  admin,
  dispatch,
}: {
  admin: AdminContextValue;
  dispatch: (msg: CaptureMessage) => void;
}) {
  const { slice, client } = admin;
  const s = slice.settings.value;
  const [typedUrl, setTypedUrl] = useState<string | null>(null);
  const [typedCredential, setTypedCredential] = useState('');
  const [persist, setPersist] = useState(s.persist);
  const [error, setError] = useState<string | null>(null);
  const suggestion = client.suggestBaseUrl();
  const url = typedUrl ?? (s.baseUrl || suggestion || '');
  const busy = slice.reachability.value.state === 'connecting';
  const held = s.credential?.origin ?? null;
  const typedOrigin = originOf(normaliseBaseUrl(url) ?? undefined);
  const left = held !== null && typedOrigin !== null && typedOrigin !== held;

  const submit = (e: Event) => {
    e.preventDefault();
    const baseUrl = normaliseBaseUrl(url);
    if (!baseUrl) {
      setError('The base URL must be an http(s) URL without query, e.g. https://app.example.com/sync/admin');
      return;
    }
    setError(null);
    // A typed credential is bound to this URL's origin; the held one stays only on its own origin.
    const credential = typedCredential ? createSecret(typedCredential, baseUrl) : s.credential;
    setTypedCredential('');
    setTypedUrl(null);
    dispatch({ type: 'adminSettings', baseUrl, credential, persist });
    void client.connect();
  };
  const forget = () => {
    setTypedCredential('');
    setPersist(false);
    dispatch({ type: 'adminSettings', baseUrl: s.baseUrl, credential: null, persist: false });
    void client.connect();
  };

  return (
    <form class="admin-settings" data-testid="admin-settings" aria-label="Admin API settings" onSubmit={submit}>
      <label>
        Admin API base URL
        <TextInput
          data-testid="admin-base-url"
          type="url"
          size={48}
          value={url}
          placeholder="https://app.example.com/sync/admin"
          onInput={(e) => setTypedUrl(e.currentTarget.value)}
        />
      </label>
      {suggestion && url !== suggestion && (
        <button type="button" class="link" data-testid="admin-use-suggestion" onClick={() => setTypedUrl(suggestion)}>
          use {suggestion}
        </button>
      )}
      <label>
        Admin credential
        <TextInput
          data-testid="admin-credential"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={typedCredential}
          placeholder={
            s.credential && !left
              ? `set (${maskSecret(s.credential)}); type to replace`
              : `bearer token${typedOrigin ? ` for ${typedOrigin}` : ''}`
          }
          onInput={(e) => setTypedCredential(e.currentTarget.value)}
        />
      </label>
      {held && (
        <span class={left ? 'warn' : 'muted'} data-testid="admin-credential-origin" data-origin={held}>
          {left
            ? `The credential held is for ${held}: it is not sent to ${typedOrigin}; enter the one for that server.`
            : `credential held for ${held}`}
        </span>
      )}
      <label
        title={
          client.canPersist()
            ? 'Off: the credential is kept in memory and forgotten when DevTools closes'
            : 'Storage is not available to this extension; the credential stays in memory'
        }
      >
        <input
          type="checkbox"
          data-testid="admin-remember"
          disabled={!client.canPersist()}
          checked={persist}
          onChange={(e) => setPersist(e.currentTarget.checked)}
        />
        remember on this machine
      </label>
      <button type="submit" data-testid="admin-connect" disabled={busy}>
        Connect
      </button>
      {s.credential && (
        <button type="button" data-testid="admin-forget" onClick={forget}>
          Forget credential
        </button>
      )}
      {error && (
        <span class="warn" data-testid="admin-settings-error">
          {error}
        </span>
      )}
    </form>
  );
}
